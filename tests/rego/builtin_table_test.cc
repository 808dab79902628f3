// The built-in table against OPA 1.x's declarations (v1/ast/builtins.go).
#include "src/rego/builtins/registry.h"

#include <catch2/catch.hpp>
#include <set>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

using assay::rego::all_builtins;
using assay::rego::BuiltinDecl;
using assay::rego::find_builtin;
using assay::rego::find_infix;
namespace types = assay::rego::types;

namespace {

// OPA 1.x's DefaultBuiltins, deprecated ones included.
const std::vector<std::string_view> kOpaBuiltins = {
    "eq",
    "assign",
    "internal.member_2",
    "internal.member_3",
    "gt",
    "gte",
    "lt",
    "lte",
    "neq",
    "equal",
    "plus",
    "minus",
    "mul",
    "div",
    "ceil",
    "floor",
    "round",
    "abs",
    "rem",
    "bits.or",
    "bits.and",
    "bits.negate",
    "bits.xor",
    "bits.lsh",
    "bits.rsh",
    "and",
    "or",
    "count",
    "sum",
    "product",
    "max",
    "min",
    "any",
    "all",
    "array.concat",
    "array.slice",
    "array.reverse",
    "to_number",
    "cast_object",
    "cast_null",
    "cast_boolean",
    "cast_string",
    "cast_set",
    "cast_array",
    "regex.is_valid",
    "regex.match",
    "re_match",
    "regex.split",
    "regex.globs_match",
    "regex.template_match",
    "regex.find_n",
    "regex.find_all_string_submatch_n",
    "regex.replace",
    "set_diff",
    "intersection",
    "union",
    "strings.any_prefix_match",
    "strings.any_suffix_match",
    "concat",
    "format_int",
    "indexof",
    "indexof_n",
    "substring",
    "lower",
    "upper",
    "contains",
    "strings.count",
    "startswith",
    "endswith",
    "split",
    "replace",
    "strings.replace_n",
    "trim",
    "trim_left",
    "trim_prefix",
    "trim_right",
    "trim_suffix",
    "trim_space",
    "sprintf",
    "strings.reverse",
    "strings.render_template",
    "internal.template_string",
    "numbers.range",
    "numbers.range_step",
    "rand.intn",
    "json.marshal",
    "json.marshal_with_options",
    "json.unmarshal",
    "json.is_valid",
    "base64.encode",
    "base64.decode",
    "base64.is_valid",
    "base64url.encode",
    "base64url.encode_no_pad",
    "base64url.decode",
    "urlquery.decode",
    "urlquery.encode",
    "urlquery.encode_object",
    "urlquery.decode_object",
    "yaml.marshal",
    "yaml.unmarshal",
    "yaml.is_valid",
    "hex.encode",
    "hex.decode",
    "object.union",
    "object.union_n",
    "object.remove",
    "object.filter",
    "object.get",
    "object.keys",
    "object.subset",
    "json.filter",
    "json.remove",
    "json.patch",
    "io.jwt.decode",
    "io.jwt.verify_rs256",
    "io.jwt.verify_rs384",
    "io.jwt.verify_rs512",
    "io.jwt.verify_ps256",
    "io.jwt.verify_ps384",
    "io.jwt.verify_ps512",
    "io.jwt.verify_es256",
    "io.jwt.verify_es384",
    "io.jwt.verify_es512",
    "io.jwt.verify_eddsa",
    "io.jwt.verify_hs256",
    "io.jwt.verify_hs384",
    "io.jwt.verify_hs512",
    "io.jwt.decode_verify",
    "io.jwt.encode_sign_raw",
    "io.jwt.encode_sign",
    "time.now_ns",
    "time.parse_ns",
    "time.parse_rfc3339_ns",
    "time.parse_duration_ns",
    "time.format",
    "time.date",
    "time.clock",
    "time.weekday",
    "time.add_date",
    "time.diff",
    "crypto.x509.parse_certificates",
    "crypto.x509.parse_and_verify_certificates",
    "crypto.x509.parse_and_verify_certificates_with_options",
    "crypto.md5",
    "crypto.sha1",
    "crypto.sha256",
    "crypto.x509.parse_certificate_request",
    "crypto.x509.parse_rsa_private_key",
    "crypto.x509.parse_keypair",
    "crypto.parse_private_keys",
    "crypto.hmac.md5",
    "crypto.hmac.sha1",
    "crypto.hmac.sha256",
    "crypto.hmac.sha512",
    "crypto.hmac.equal",
    "walk",
    "graph.reachable",
    "graph.reachable_paths",
    "sort",
    "is_number",
    "is_string",
    "is_boolean",
    "is_array",
    "is_set",
    "is_object",
    "is_null",
    "type_name",
    "http.send",
    "graphql.parse",
    "graphql.parse_and_verify",
    "graphql.parse_query",
    "graphql.parse_schema",
    "graphql.is_valid",
    "graphql.schema_is_valid",
    "json.verify_schema",
    "json.match_schema",
    "providers.aws.sign_req",
    "rego.parse_module",
    "rego.metadata.chain",
    "rego.metadata.rule",
    "opa.runtime",
    "trace",
    "net.cidr_overlap",
    "net.cidr_intersects",
    "net.cidr_contains",
    "net.cidr_contains_matches",
    "net.cidr_expand",
    "net.cidr_merge",
    "net.lookup_ip_addr",
    "net.cidr_is_valid",
    "glob.match",
    "glob.quote_meta",
    "units.parse",
    "units.parse_bytes",
    "uuid.rfc4122",
    "uuid.parse",
    "semver.is_valid",
    "semver.compare",
    "print",
    "internal.print",
    "internal.test_case",
};

const BuiltinDecl& Get(std::string_view name) {
  const BuiltinDecl* decl = find_builtin(name);
  INFO(name);
  REQUIRE(decl != nullptr);
  return *decl;
}

std::set<std::string_view> NamesWhere(bool (*pred)(const BuiltinDecl&)) {
  std::set<std::string_view> out;
  for (const BuiltinDecl& d : all_builtins()) {
    if (pred(d)) out.insert(d.name);
  }
  return out;
}

}  // namespace

TEST_CASE("the table is built once even when first used from several threads") {
  std::vector<const BuiltinDecl*> seen(8, nullptr);
  std::vector<std::thread> threads;
  for (size_t i = 0; i < seen.size(); ++i) {
    threads.emplace_back([&seen, i] { seen[i] = find_builtin("count"); });
  }
  for (std::thread& t : threads) t.join();
  for (const BuiltinDecl* d : seen) CHECK(d == seen[0]);
  CHECK(seen[0] != nullptr);
}

TEST_CASE("names are unique and sorted, and there are at least 150") {
  auto all = all_builtins();
  CHECK(all.size() >= 150);
  for (size_t i = 1; i < all.size(); ++i) {
    INFO(all[i - 1].name << " then " << all[i].name);
    CHECK(all[i - 1].name < all[i].name);
  }
}

TEST_CASE("every OPA 1.x built-in is declared, and nothing else") {
  CHECK(std::set<std::string_view>(kOpaBuiltins.begin(), kOpaBuiltins.end()).size() ==
        kOpaBuiltins.size());
  for (std::string_view name : kOpaBuiltins) {
    INFO(name);
    CHECK(find_builtin(name) != nullptr);
  }
  CHECK(all_builtins().size() == kOpaBuiltins.size());
  CHECK(all_builtins().size() == 202);
}

TEST_CASE("unknown names are not found") {
  CHECK(find_builtin("") == nullptr);
  CHECK(find_builtin("nope") == nullptr);
  CHECK(find_builtin("strings") == nullptr);
  CHECK(find_builtin("count ") == nullptr);
}

TEST_CASE("signatures match OPA's declarations") {
  struct Case {
    std::string_view name;
    size_t arity;
    std::string signature;
  };
  std::vector<Case> cases = {
      {"count", 1, "(any<string, array[any], object[any: any], set[any]>) => number"},
      {"sum", 1, "(any<array[number], set[number]>) => number"},
      {"concat", 2, "(string, any<array[string], set[string]>) => string"},
      {"sprintf", 2, "(string, array[any]) => string"},
      {"substring", 3, "(string, number, number) => string"},
      {"array.slice", 3, "(array[any], number, number) => array[any]"},
      {"minus", 2, "(any<number, set[any]>, any<number, set[any]>) => any<number, set[any]>"},
      {"to_number", 1, "(any<null, boolean, number, string>) => number"},
      {"time.now_ns", 0, "() => number"},
      {"time.format", 1,
       "(any<number, array<number, string>, array<number, string, string>>) => string"},
      {"time.diff", 2,
       "(any<number, array<number, string>>, any<number, array<number, string>>) => "
       "array<number, number, number, number, number, number>"},
      {"http.send", 1, "(object[string: any]) => object[any: any]"},
      {"io.jwt.decode", 1, "(string) => array<object[any: any], object[any: any], string>"},
      {"json.patch", 2, "(any, array[object<op: string, path: any>[any: any]]) => any"},
      {"json.marshal_with_options", 2,
       "(any, object<indent: string, prefix: string, pretty: boolean>[string: any]) => string"},
      {"json.match_schema", 2,
       "(any<string, object[any: any]>, any<string, object[any: any]>) => "
       "array<boolean, array[object<desc: string, error: string, field: string, type: "
       "string>]>"},
      {"glob.match", 3, "(string, any<null, array[string]>, string) => boolean"},
      {"net.cidr_merge", 1, "(any<array[any<string>], set[string]>) => set[string]"},
      {"net.cidr_contains_matches", 2,
       "(any<string, array[any<string, array[any]>], object[string: any<string, array[any]>], "
       "set[any<string, array[any]>]>, any<string, array[any<string, array[any]>], "
       "object[string: any<string, array[any]>], set[any<string, array[any]>]>) => "
       "set[array<any, any>]"},
      {"graph.reachable", 2,
       "(object[any: any<array[any], set[any]>], any<array[any], set[any]>) => set[any]"},
      {"walk", 1, "(any) => array<array[any], any>"},
      {"object.get", 3, "(object[any: any], any, any) => any"},
      {"regex.find_all_string_submatch_n", 3, "(string, string, number) => array[array[string]]"},
      {"strings.replace_n", 2, "(object[string: string], string) => string"},
      {"urlquery.encode_object", 1,
       "(object[string: any<string, array[string], set[string]>]) => string"},
      {"intersection", 1, "(set[set[any]]) => set[any]"},
      {"print", 0, "(any...) => ???"},
      {"internal.print", 1, "(array[set[any]]) => ???"},
      {"internal.template_string", 1, "(array[any]) => string"},
      {"eq", 2, "(any, any) => boolean"},
      {"internal.member_3", 3, "(any, any, any) => boolean"},
  };
  for (const Case& c : cases) {
    INFO(c.name);
    const BuiltinDecl& d = Get(c.name);
    CHECK(d.arity() == c.arity);
    CHECK(types::to_string(d.signature) == c.signature);
  }
}

TEST_CASE("argument names are OPA's, as the want line shows them") {
  CHECK(types::FormatWant(Get("count").signature) ==
        "(collection: any<string, array[any], object[any: any], set[any]>, n: number)");
  CHECK(types::FormatWant(Get("startswith").signature) ==
        "(search: string, base: string, result: boolean)");
  CHECK(types::FormatWant(Get("time.format").signature) ==
        "(x: any<number, array<number, string>, array<number, string, string>>, "
        "formatted timestamp: string)");
  CHECK(types::FormatWant(Get("io.jwt.verify_hs256").signature) ==
        "(jwt: string, secret: string, result: boolean)");
  CHECK(types::FormatWant(Get("re_match").signature) == "(string, string, boolean)");
  CHECK(types::ArgError("plus", types::kInvalidArguments, {types::String(), nullptr},
                        Get("plus").signature)
            .full() ==
        "plus: invalid argument(s)\n\thave: (string, ?\?\?)\n\twant: (x: number, y: number, "
        "z: number)");
}

TEST_CASE("operators map to their infix text and back") {
  struct Case {
    std::string_view name, infix;
  };
  std::vector<Case> cases = {
      {"eq", "="},   {"assign", ":="}, {"equal", "=="}, {"neq", "!="},
      {"lt", "<"},   {"lte", "<="},    {"gt", ">"},     {"gte", ">="},
      {"plus", "+"}, {"minus", "-"},   {"mul", "*"},    {"div", "/"},
      {"rem", "%"},  {"and", "&"},     {"or", "|"},     {"internal.member_2", "in"},
  };
  for (const Case& c : cases) {
    INFO(c.name);
    const BuiltinDecl& d = Get(c.name);
    CHECK(d.infix_operator);
    CHECK(d.infix == c.infix);
    CHECK(find_infix(c.infix) == &d);
  }
  CHECK(find_infix("in", 3) == &Get("internal.member_3"));
  CHECK(find_infix("+", 3) == nullptr);
  CHECK(find_infix("**") == nullptr);
  CHECK(NamesWhere([](const BuiltinDecl& d) { return d.infix_operator; }).size() == 17);
  CHECK_FALSE(Get("count").infix_operator);
  CHECK(Get("count").infix.empty());
}

TEST_CASE("nondeterministic built-ins are the ones OPA marks") {
  CHECK(NamesWhere([](const BuiltinDecl& d) { return d.nondeterministic; }) ==
        std::set<std::string_view>{"http.send", "io.jwt.decode_verify", "io.jwt.encode_sign",
                                   "io.jwt.encode_sign_raw", "net.lookup_ip_addr", "opa.runtime",
                                   "rand.intn", "time.now_ns", "uuid.rfc4122"});
}

TEST_CASE("only http.send and DNS lookups need the network") {
  CHECK(Get("http.send").needs_network);
  CHECK(NamesWhere([](const BuiltinDecl& d) { return d.needs_network; }) ==
        std::set<std::string_view>{"http.send", "net.lookup_ip_addr"});
}

TEST_CASE("deprecated built-ins are flagged, and walk is the one relation") {
  CHECK(NamesWhere([](const BuiltinDecl& d) { return d.deprecated; }) ==
        std::set<std::string_view>{"all", "any", "cast_array", "cast_boolean", "cast_null",
                                   "cast_object", "cast_set", "cast_string", "net.cidr_overlap",
                                   "re_match", "set_diff"});
  CHECK(NamesWhere([](const BuiltinDecl& d) { return d.relation; }) ==
        std::set<std::string_view>{"walk"});
}

TEST_CASE("categories follow OPA's") {
  CHECK(Get("count").category == "aggregates");
  CHECK(Get("minus").category == "sets,numbers");
  CHECK(Get("json.filter").category == "object");
  CHECK(Get("json.marshal").category == "encoding");
  CHECK(Get("io.jwt.encode_sign").category == "tokensign");
  CHECK(Get("trace").category == "tracing");
  CHECK(Get("time.now_ns").category == "time");  // OPA declares none: the namespace
  CHECK(Get("eq").category.empty());
}

TEST_CASE("only print is variadic, and print and the internal sinks have no result") {
  CHECK(NamesWhere([](const BuiltinDecl& d) { return d.signature.variadic != nullptr; }) ==
        std::set<std::string_view>{"print"});
  CHECK(NamesWhere([](const BuiltinDecl& d) { return d.signature.result.type == nullptr; }) ==
        std::set<std::string_view>{"internal.print", "internal.test_case", "print"});
}

TEST_CASE("every type in the table is known, and every built-in runs somewhere") {
  // The evaluator runs these itself (they need its state: bindings, output, the clock, the
  // policy); every other row carries its implementation, except the ones still missing, named
  // here so that adding one is a visible change.
  const std::set<std::string_view> evaluator = {
      "eq", "assign", "print", "internal.print", "internal.template_string", "internal.test_case",
      "walk", "trace", "opa.runtime", "rego.metadata.chain", "rego.metadata.rule"};
  const std::set<std::string_view> missing = {
      "graphql.is_valid", "graphql.parse", "graphql.parse_and_verify", "graphql.parse_query",
      "graphql.parse_schema", "graphql.schema_is_valid", "providers.aws.sign_req",
      "rego.parse_module"};
  for (const BuiltinDecl& d : all_builtins()) {
    INFO(d.name);
    for (const types::Param& p : d.signature.args) CHECK_FALSE(types::Nil(p.type));
    const bool without = evaluator.count(d.name) != 0 || missing.count(d.name) != 0;
    CHECK((d.impl == nullptr) == without);
  }
}
