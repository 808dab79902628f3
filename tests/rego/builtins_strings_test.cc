// The string, regex, glob and encoding built-ins against OPA's documented behaviour and its
// conformance cases (test/cases/testdata/v1: strings, trim*, replacen, sprintf, regex*,
// globmatch, globquotemeta, base64*, hexbuiltins, urlbuiltins, jsonbuiltins).
#include <catch2/catch.hpp>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "src/rego/builtins/builtin_impl.h"
#include "src/rego/builtins/registry.h"
#include "src/rego/value.h"

using namespace assay::rego;

namespace {

Value J(std::string_view json) {
  std::string error;
  std::optional<Value> v = value_from_json(json, &error);
  INFO(json << ": " << error);
  REQUIRE(v.has_value());
  return *v;
}

Value S(std::string s) { return Value::string(std::move(s)); }
Value I(int64_t i) { return Value::integer(i); }
Value N(std::string_view text) { return Value::number(*Number::parse(text)); }
const Value kTrue = Value::boolean(true);
const Value kFalse = Value::boolean(false);

BuiltinResult call(std::string_view name, std::vector<Value> args) {
  const BuiltinDecl* decl = find_builtin(name);
  INFO(name);
  REQUIRE(decl != nullptr);
  REQUIRE(decl->impl != nullptr);
  REQUIRE(decl->arity() == args.size());
  BuiltinContext context;
  return decl->impl->call(context, args);
}

Value value_of(std::string_view name, std::vector<Value> args) {
  BuiltinResult result = call(name, std::move(args));
  if (const BuiltinError* error = std::get_if<BuiltinError>(&result.outcome)) {
    FAIL(name << " failed: " << error->code << ": " << error->message);
  }
  INFO(name << " was undefined");
  REQUIRE(std::holds_alternative<Value>(result.outcome));
  return std::get<Value>(result.outcome);
}

void expect(std::string_view name, std::vector<Value> args, const Value& want) {
  Value got = value_of(name, std::move(args));
  INFO(name << ": got " << value_to_rego(got) << ", want " << value_to_rego(want));
  CHECK(got == want);
}

void expect_string(std::string_view name, std::vector<Value> args, std::string_view want) {
  expect(name, std::move(args), S(std::string(want)));
}

void expect_error(std::string_view name, std::vector<Value> args, std::string_view code,
                  std::string_view message) {
  BuiltinResult result = call(name, std::move(args));
  INFO(name);
  REQUIRE(std::holds_alternative<BuiltinError>(result.outcome));
  const BuiltinError& error = std::get<BuiltinError>(result.outcome);
  CHECK(error.code == code);
  CHECK(error.message == message);
}

void expect_undefined(std::string_view name, std::vector<Value> args) {
  BuiltinResult result = call(name, std::move(args));
  INFO(name);
  CHECK(std::holds_alternative<std::monostate>(result.outcome));
}

}  // namespace

TEST_CASE("search built-ins count code points where OPA does", "[builtins][strings]") {
  expect("indexof", {S("abcabcabcdefgh"), S("cde")}, I(8));
  expect("indexof", {S("abcdefgh"), S("xyz")}, I(-1));
  expect("indexof", {S("skön var våren"), S("vår")}, I(9));
  expect("indexof", {S("🍧🍨🧁🍰🍮"), S("🍮")}, I(4));
  expect("indexof", {S("μ"), S("μμ")}, I(-1));
  expect_error("indexof", {S("abc"), S("")}, "eval_builtin_error", "empty search character");
  expect("indexof_n", {S("dogcatdogcat"), S("cat")}, J("[3, 9]"));
  expect("indexof_n", {S("😇😀😇😀😇😀"), S("😀")}, J("[1, 3, 5]"));
  expect("indexof_n", {S("aaa"), S("aa")}, J("[0, 1]"));  // overlapping, as OPA's loop
  expect("indexof_n", {S("dogcat"), S("rabbit")}, J("[]"));
  expect("strings.count", {S("cheese"), S("e")}, I(3));
  expect("strings.count", {S("hello hello hello world"), S("hello")}, I(3));
  expect("strings.count", {S("five"), S("")}, I(5));  // Go: rune count + 1
  expect("contains", {S("abcdefgh"), S("defg")}, kTrue);
  expect("contains", {S("abcdefgh"), S("ac")}, kFalse);
  expect("startswith", {S("abcdefgh"), S("abcd")}, kTrue);
  expect("endswith", {S("abcdefgh"), S("fg")}, kFalse);
  expect_error("contains", {I(1), S("a")}, "eval_type_error",
               "operand 1 must be string but got number");
  expect_error("strings.reverse", {J(R"({"bar": "baz"})")}, "eval_type_error",
               "operand 1 must be string but got object");
}

TEST_CASE("substring: code points, negative length, out-of-range offsets", "[builtins][strings]") {
  expect_string("substring", {S("abcdefgh"), I(2), I(3)}, "cde");
  expect_string("substring", {S("åäö"), I(0), I(2)}, "åä");
  expect_string("substring", {S("aåäö"), I(2), I(-1)}, "äö");
  expect_string("substring", {S("abcdefghåäö"), I(2), I(10000)}, "cdefghåäö");
  expect_string("substring", {S("åäö"), I(4), I(-1)}, "");
  expect_error("substring", {S("aaa"), I(-1), I(-1)}, "eval_builtin_error", "negative offset");
  expect_error("substring", {S("aaa"), N("1.5"), I(1)}, "eval_type_error",
               "operand 2 must be integer number but got floating-point number");
}

TEST_CASE("case, reversal, splitting, joining and replacement", "[builtins][strings]") {
  expect_string("lower", {S("AbCdEf")}, "abcdef");
  expect_string("upper", {S("AbCdEf")}, "ABCDEF");
  expect_string("upper", {S("straße éa")}, "STRAßE ÉA");  // Go's simple case mapping
  expect_string("strings.reverse", {S("1😀𝛾")}, "𝛾😀1");
  expect_string("strings.reverse", {S("2️⃣")}, "⃣️2");
  expect("split", {S("foo.bar.baz"), S(".")}, J(R"(["foo", "bar", "baz"])"));
  expect("split", {S(""), S(".")}, J(R"([""])"));
  expect("split", {S("ab"), S("")}, J(R"(["a", "b"])"));
  expect_string("concat", {S("/"), J(R"(["", "foo", "bar", "0", "baz"])")}, "/foo/bar/0/baz");
  expect_string("concat", {S(","), Value::set({S("b"), S("a")})}, "a,b");
  expect_error("concat", {S(","), J(R"(["a", 1])")}, "eval_type_error",
               "operand 2 must be array of strings but got array containing number");
  expect_error("concat", {S(","), I(1)}, "eval_type_error",
               "operand 2 must be one of {set, array} but got number");
  expect_string("replace", {S("foo...bar"), S(".."), S(",,")}, "foo,,.bar");
  expect_string("replace", {S("abc"), S(""), S("-")}, "-a-b-c-");
  expect_string("strings.replace_n", {J(R"({"<": "&lt;", ">": "&gt;"})"), S("This is <b>HTML</b>!")},
                "This is &lt;b&gt;HTML&lt;/b&gt;!");
  // Keys in OPA's order: "f" before "foo", so "f" wins at the same position.
  expect_string("strings.replace_n", {J(R"({"f": "x", "foo": "xxx"})"), S("foobar")}, "xoobar");
  expect_error("strings.replace_n", {J(R"({"a": 1})"), S("a")}, "eval_type_error",
               "operand 1 non-string value found in pattern object");
}

TEST_CASE("trimming by cutset, prefix, suffix and white space", "[builtins][strings]") {
  expect_string("trim", {S("¡¡¡foo, bar!!!"), S("!¡")}, "foo, bar");
  expect_string("trim", {S("...foo.bar..."), S(".fr")}, "oo.ba");
  expect_string("trim_left", {S("¡¡¡foo, bar!!!"), S("!¡")}, "foo, bar!!!");
  expect_string("trim_left", {S("!!!foo, bar¡¡¡"), S("¡")}, "!!!foo, bar¡¡¡");
  expect_string("trim_right", {S("¡¡¡foo, bar!!!"), S("!¡")}, "¡¡¡foo, bar");
  expect_string("trim_prefix", {S("¡¡¡foo, bar!!!"), S("¡¡¡bar")}, "¡¡¡foo, bar!!!");
  expect_string("trim_suffix", {S("¡¡¡foo, bar!!!"), S(", bar!!!")}, "¡¡¡foo");
  expect_string("trim_space", {S(" \t\n foo, bar \n\t\r\n")}, "foo, bar");
  expect_string("trim_space", {S("\u00a0x\u3000")}, "x");
}

TEST_CASE("any_prefix_match and any_suffix_match", "[builtins][strings]") {
  expect("strings.any_prefix_match", {J(R"(["a/b/c", "e/f/g"])"), J(R"(["d/", "e/f/g"])")}, kTrue);
  expect("strings.any_prefix_match", {J(R"(["aa/bb/cc"])"), J(R"(["a/b"])")}, kFalse);
  expect("strings.any_prefix_match", {S("a/b/c"), Value::set({S("a/")})}, kTrue);
  expect("strings.any_suffix_match", {J(R"(["a/b/c", "a/b/d"])"), S("/c")}, kTrue);
  expect("strings.any_suffix_match", {J(R"(["aa/bb/cc"])"), J(R"(["b/c"])")}, kFalse);
  expect_error("strings.any_prefix_match", {J("[1, 2]"), S("a")}, "eval_type_error",
               "operand 1 must be array of strings but got array containing number");
  expect_error("strings.any_suffix_match", {J(R"(["a"])"), I(1)}, "eval_type_error",
               "operand 2 must be one of {string, set, array} but got number");
}

TEST_CASE("format_int truncates and checks its base", "[builtins][strings]") {
  expect_string("format_int", {N("15.5"), I(16)}, "f");
  expect_string("format_int", {I(-10), I(2)}, "-1010");
  expect_string("format_int", {I(8), I(8)}, "10");
  expect_string("format_int", {N("123456789012345678901234567890"), I(16)},
                "18ee90ff6c373e0ee4e3f0ad2");
  expect_error("format_int", {N("4.1"), I(199)}, "eval_type_error",
               "operand 2 must be one of {2, 8, 10, 16}");
}

TEST_CASE("sprintf formats as Go's fmt after OPA's conversions", "[builtins][strings][sprintf]") {
  expect_string("sprintf", {S("hi"), J("[]")}, "hi");
  expect_string("sprintf", {S("hi %s"), J(R"(["there"])")}, "hi there");
  expect_string("sprintf", {S("hi %02d"), J("[5]")}, "hi 05");
  expect_string("sprintf", {S("hi %02X.%02X"), J("[127, 1]")}, "hi 7F.01");
  expect_string("sprintf", {S("hi %.2f"), J("[3.1415]")}, "hi 3.14");
  expect_string("sprintf", {S("hi %v"), J("[2e308]")}, "hi 2e308");
  expect_string("sprintf", {S("hi %s"), J("[true]")}, "hi true");
  expect_string("sprintf", {S("hi %v"), J(R"([["there", 5, 3.14]])")}, R"(hi ["there", 5, 3.14])");
  expect_string("sprintf", {S("%s"), J("[123456789123456789123]")}, "123456789123456789123");
  expect_string("sprintf", {S("%d"), J("[1208925819614629174706175]")}, "1208925819614629174706175");
  // 1e6 is not integer text: OPA passes a float64, which %v prints as Go does.
  expect_string("sprintf", {S("%v %v %v %v"), J("[1e6, 1000000, 0.000001, 1234567.5]")},
                "1e+06 1000000 1e-06 1.2345675e+06");
  expect_string("sprintf", {S("%e|%g|%8.3f|%-6d|%+d|%x|%q"), J(R"([1500, 0.5, 2.5, 7, 3, "hi", "a\"b"])")},
                "%!e(int=1500)|0.5|   2.500|7     |+3|6869|\"a\\\"b\"");
  expect_string("sprintf", {S("%d %s"), J(R"(["x", 1])")}, "%!d(string=x) %!s(int=1)");
  expect_string("sprintf", {S("%d %d"), J("[1]")}, "1 %!d(MISSING)");
  expect_string("sprintf", {S("%d"), J(R"([1, "a"])")}, "1%!(EXTRA string=a)");
  expect_string("sprintf", {S("%[2]d %[1]d %%"), J("[1, 2]")}, "2 1 %");
  expect_string("sprintf", {S("%*d|%t"), J("[4, 7, true]")}, "   7|%!t(string=true)");
  expect_string("sprintf", {S("%v"), J(R"([{"a": [null]}])")}, R"({"a": [null]})");
  expect_error("sprintf", {S("%s"), S("x")}, "eval_type_error",
               "operand 2 must be array but got string");
}

TEST_CASE("regex built-ins: Go's semantics over RE2", "[builtins][regex]") {
  expect("regex.match", {S("^[a-z]+\\[[0-9]+\\]$"), S("foo[1]")}, kTrue);
  expect("re_match", {S("^[a-z]+\\[[0-9]+\\]$"), S("foo[\"bar\"]")}, kFalse);
  expect_error("re_match", {S("]["), S("x")}, "eval_builtin_error",
               "error parsing regexp: missing closing ]: `[`");
  expect("regex.is_valid", {S("a(b")}, kFalse);
  expect("regex.is_valid", {I(10)}, kFalse);
  expect("regex.is_valid", {S("^a+$")}, kTrue);
  expect("regex.split", {S("^[a-z]+\\[[0-9]+\\]$"), S("")}, J(R"([""])"));
  expect("regex.split", {S("a"), S("banana")}, J(R"(["b", "n", "n", ""])"));
  expect("regex.find_n", {S("bork"), S("paranormal"), I(-1)}, J("[]"));
  expect("regex.find_n", {S("a."), S("paranormal"), I(2)}, J(R"(["ar", "an"])"));
  expect("regex.find_n", {S("x*"), S("abc"), I(-1)}, J(R"(["", "", "", ""])"));
  expect("regex.find_all_string_submatch_n", {S("a(x*)b"), S("-axxb-ab-"), I(-1)},
         J(R"([["axxb", "xx"], ["ab", ""]])"));
  expect_string("regex.replace", {S("-wy-wxxy-"), S("w(x*)y"), S("0")}, "-0-0-");
  expect_string("regex.replace", {S("foo"), S("(foo)"), S("$1$1")}, "foofoo");
  expect_string("regex.replace", {S("abc"), S("x*"), S("-")}, "-a-b-c-");
  expect_string("regex.replace", {S("ab"), S("(?P<l>a)"), S("${l}_$$")}, "a_$b");
  expect_undefined("regex.replace", {S("foo"), S("["), S("$1")});
  expect("regex.template_match", {S("urn:foo:{.*}"), S("urn:foo:bar:baz"), S("{"), S("}")}, kTrue);
  expect("regex.template_match", {S("urn:foo.bar.com:{.*}"), S("urn:foo.com:bar:baz"), S("{"), S("}")},
         kFalse);
  expect_error("regex.template_match", {S("urn:{.*"), S("x"), S("{"), S("}")}, "eval_builtin_error",
               "unbalanced braces in \"urn:{.*\"");
  expect("regex.globs_match", {S("a.a[0-9]+"), S("b*")}, kFalse);
  expect("regex.globs_match", {S("a.a[0-9]+"), S("a.*")}, kTrue);
  expect("regex.globs_match", {S("[a-c]+x"), S("bbx")}, kTrue);
  expect_error("regex.globs_match", {S("*a"), S("a")}, "eval_builtin_error",
               "input:*a, pos:1, flag '*' must be preceded by a non-flag: the input provided is invalid");
  expect_error("regex.globs_match", {S("[z-a]"), S("a")}, "eval_builtin_error",
               "input:[z-a], pos:4, range is out of order: 'a' comes before 'z' in Unicode: the input "
               "provided is invalid");
  expect_error("regex.globs_match", {S("[abc"), S("a")}, "eval_builtin_error",
               "input:[abc, pos:4, found [ without matching ]: the input provided is invalid");
}

TEST_CASE("glob.match and glob.quote_meta as gobwas/glob", "[builtins][glob]") {
  expect("glob.match", {S("*.github.com"), J(R"(["."])"), S("api.github.com")}, kTrue);
  expect("glob.match", {S("*.github.com"), J(R"(["."])"), S("api.cdn.github.com")}, kFalse);
  expect("glob.match", {S("**.github.com"), J(R"(["."])"), S("api.cdn.github.com")}, kTrue);
  expect("glob.match", {S("*.github.com"), J("[]"), S("a.b.github.com")}, kFalse);  // "." default
  expect("glob.match", {S("*.github.com"), Value::null(), S("a.b.github.com")}, kTrue);
  expect("glob.match", {S("*:github:com"), J(R"([":"])"), S("api:github:com")}, kTrue);
  expect("glob.match", {S("api.{github,gitlab}.com"), J(R"(["."])"), S("api.gitlab.com")}, kTrue);
  expect("glob.match", {S("[a-c]?t"), Value::null(), S("bat")}, kTrue);
  expect("glob.match", {S("[!a-c]at"), Value::null(), S("bat")}, kFalse);
  expect("glob.match", {S("\\*x"), Value::null(), S("*x")}, kTrue);
  expect_error("glob.match", {S("a"), I(1), S("a")}, "eval_type_error",
               "operand 2 must be one of {array, null} but got number");
  expect_error("glob.match", {S("[a"), Value::null(), S("a")}, "eval_builtin_error",
               "unexpected end of input");
  expect_string("glob.quote_meta", {S("*.github.com")}, "\\*.github.com");
  expect_string("glob.quote_meta", {S("[a]{b,c}?")}, "\\[a\\]\\{b,c\\}\\?");
}

TEST_CASE("base64, base64url and hex", "[builtins][encoding]") {
  expect_string("base64.encode", {S("hello")}, "aGVsbG8=");
  expect_string("base64.decode", {S("aGVsbG8=")}, "hello");
  expect_error("base64.decode", {S("aGVsbG8")}, "eval_builtin_error",
               "illegal base64 data at input byte 4");
  expect("base64.is_valid", {S("aGVsbG8=")}, kTrue);
  expect("base64.is_valid", {S("aGV$bG8=")}, kFalse);
  expect("base64.is_valid", {I(1)}, kFalse);
  expect_string("base64url.encode", {S("there")}, "dGhlcmU=");
  expect_string("base64url.encode", {S("\xff\xfe")}, "__4=");
  expect_string("base64url.encode_no_pad", {S("there")}, "dGhlcmU");
  expect_string("base64url.decode", {S("dGhlcmU")}, "there");
  expect_error("base64url.decode", {S("a")}, "eval_builtin_error", "illegal base64url string: a");
  expect_string("hex.encode", {S("lorem ipsum")}, "6c6f72656d20697073756d");
  expect_string("hex.decode", {S("6c6f72656d20697073756d")}, "lorem ipsum");
  expect_error("hex.decode", {S("6g")}, "eval_builtin_error", "encoding/hex: invalid byte: U+0067 'g'");
  expect_error("hex.decode", {S("6c6")}, "eval_builtin_error", "encoding/hex: odd length hex string");
}

TEST_CASE("urlquery encodes and decodes as Go's net/url", "[builtins][encoding]") {
  expect_string("urlquery.encode", {S("a=b+1 c&d")}, "a%3Db%2B1+c%26d");
  expect_string("urlquery.decode", {S("a%3Db%2B1")}, "a=b+1");
  expect_error("urlquery.decode", {S("a%zz")}, "eval_builtin_error", "invalid URL escape \"%zz\"");
  expect_string("urlquery.encode_object", {J(R"({"b": ["x", "y z"], "a": "1"})")}, "a=1&b=x&b=y+z");
  expect_error("urlquery.encode_object", {J(R"({"a": 1})")}, "eval_type_error",
               "operand 1 values must be string, array[string], or set[string]");
  expect("urlquery.decode_object", {S("a=1&b=x&b=y+z&c")}, J(R"({"a": ["1"], "b": ["x", "y z"], "c": [""]})"));
}

TEST_CASE("json marshalling, unmarshalling and validity", "[builtins][encoding][json]") {
  expect_string("json.marshal", {J(R"([{"foo": [1, 2, 3]}])")}, R"([{"foo":[1,2,3]}])");
  expect_string("json.marshal", {Value::set({I(3), I(1)})}, "[1,3]");
  expect_string("json.marshal", {S("<a&b>")}, R"("\u003ca\u0026b\u003e")");
  expect_string("json.marshal_with_options", {J("[1, 2]"), J("{}")}, "[1,2]");
  expect_string("json.marshal_with_options", {J("[1, 2]"), J(R"({"pretty": true})")}, "[\n\t1,\n\t2\n]");
  expect_string("json.marshal_with_options", {J(R"({"foo": "bar", "bar": "baz"})"), J(R"({"prefix": "JSON => "})")},
                "JSON => {\nJSON => \t\"bar\": \"baz\",\nJSON => \t\"foo\": \"bar\"\nJSON => }");
  expect_string("json.marshal_with_options", {J("[]"), J(R"({"indent": "    ", "prefix": "---"})")}, "---[]");
  expect_error("json.marshal_with_options", {J("[]"), J(R"({"include_winning_lottery_numbers": true})")},
               "eval_type_error", "operand 2 object contained unknown key \"include_winning_lottery_numbers\"");
  expect("json.unmarshal", {S(R"([{"foo":[1,2,3]}])")}, J(R"([{"foo": [1, 2, 3]}])"));
  expect_error("json.unmarshal", {I(1)}, "eval_type_error", "operand 1 must be string but got number");
  expect_error("json.unmarshal", {S("{\"a\" 1}")}, "eval_builtin_error", "invalid character '1' after object key");
  expect("json.is_valid", {S("plainstring")}, kFalse);
  expect("json.is_valid", {S("{")}, kFalse);
  expect("json.is_valid", {S(R"({"json": "ok"})")}, kTrue);
  expect("json.is_valid", {I(1)}, kFalse);
}

TEST_CASE("yaml marshalling and unmarshalling", "[builtins][encoding][yaml]") {
  Value doc = J(R"([{"foo": [1, 2, 3], "bar": {"x": "yes", "y": ""}}])");
  Value yaml = value_of("yaml.marshal", {doc});
  CHECK(yaml.as_string() == "- bar:\n    x: \"yes\"\n    \"y\": \"\"\n  foo:\n  - 1\n  - 2\n  - 3\n");
  expect("yaml.unmarshal", {yaml}, doc);
  expect("yaml.unmarshal", {S("a: yes\nb: 017\nc: 1.5\n1: null\n")}, J(R"({"a": true, "b": 15, "c": 1.5, "1": null})"));
  BuiltinResult bad = call("yaml.unmarshal", {S("[1,2,3")});
  REQUIRE(std::holds_alternative<BuiltinError>(bad.outcome));
  CHECK(std::get<BuiltinError>(bad.outcome).message.starts_with("yaml: line 1: did not find"));
  expect("yaml.is_valid", {S("foo:\n  - qux: bar\n  - baz: 2")}, kTrue);
  expect("yaml.is_valid", {S("foo:\n  - qux: bar\n  - baz: {")}, kFalse);
  expect("yaml.is_valid", {I(1)}, kFalse);
}

TEST_CASE("hostile operands are bounded", "[builtins][strings][hostile]") {
  std::string big(1 << 20, 'a');
  expect_error("replace", {S(big), S(""), S(std::string(100, 'b'))}, "eval_builtin_error", "output too large");
  expect("indexof", {S(big + "b"), S(std::string(1000, 'a') + "b")}, I((1 << 20) - 1000));
  BuiltinResult wide = call("sprintf", {S("%99999999d"), J("[1]")});
  REQUIRE(std::holds_alternative<Value>(wide.outcome));
  CHECK(std::get<Value>(wide.outcome).as_string() == "%!(NOVERB)%!(EXTRA int=1)");
  expect("strings.count", {S("\xff\xfe"), S("")}, I(3));
  expect("regex.match", {S("(a+)+$"), S(std::string(100000, 'a') + "b")}, kFalse);
}
