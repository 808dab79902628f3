// json.filter, json.remove, json.patch, json.verify_schema, json.match_schema and
// strings.render_template against OPA's documented behaviour and its conformance cases
// (test/cases/testdata/v1: jsonfilter*, jsonremove*, jsonpatch, jsonschema, rendertemplate).
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
Value Set(std::vector<Value> members) { return Value::set(std::move(members)); }

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

void expect_error(std::string_view name, std::vector<Value> args, std::string_view code,
                  std::string_view message) {
  BuiltinResult result = call(name, std::move(args));
  INFO(name);
  REQUIRE(std::holds_alternative<BuiltinError>(result.outcome));
  const BuiltinError& error = std::get<BuiltinError>(result.outcome);
  CHECK(error.code == code);
  CHECK(error.message == message);
}

// An eval_builtin_error whose message contains `part`.
void expect_error_containing(std::string_view name, std::vector<Value> args,
                             std::string_view part) {
  BuiltinResult result = call(name, std::move(args));
  INFO(name);
  REQUIRE(std::holds_alternative<BuiltinError>(result.outcome));
  const BuiltinError& error = std::get<BuiltinError>(result.outcome);
  CHECK(error.code == "eval_builtin_error");
  INFO(error.message);
  CHECK(error.message.find(part) != std::string::npos);
}

void expect_undefined(std::string_view name, std::vector<Value> args) {
  BuiltinResult result = call(name, std::move(args));
  INFO(name);
  CHECK(std::holds_alternative<std::monostate>(result.outcome));
}

Value patch(std::string_view document, std::string_view patches) {
  return value_of("json.patch", {J(document), J(patches)});
}

void expect_template(std::string_view source, std::string_view vars, std::string_view want) {
  expect("strings.render_template", {S(std::string(source)), J(vars)}, S(std::string(want)));
}

}  // namespace

TEST_CASE("json.filter keeps the named paths", "[builtins][json]") {
  Value doc = J(R"({"a": [{"b": 7, "c": 8}, {"d": 9}]})");
  expect("json.filter", {doc, Set({S("a/0/b"), S("a/1")})}, J(R"({"a": [{"b": 7}, {"d": 9}]})"));
  Value nested = J(R"({"a": {"b": 2, "c": 3}, "d": 4})");
  expect("json.filter", {nested, J(R"(["a/b"])")}, J(R"({"a": {"b": 2}})"));
  expect("json.filter", {nested, J(R"([["a", "c"], "d"])")}, J(R"({"a": {"c": 3}, "d": 4})"));
  // A shorter path selects everything below it, whatever the order.
  expect("json.filter", {nested, J(R"(["a/b", "a"])")}, J(R"({"a": {"b": 2, "c": 3}})"));
  expect("json.filter", {nested, J(R"(["/a/c"])")}, J(R"({"a": {"c": 3}})"));
  expect("json.filter", {nested, J(R"([""])")}, J("{}"));
  expect("json.filter", {J(R"({"a~b": 1, "c/d": 2})"), J(R"(["a~0b", "c~1d"])")},
         J(R"({"a~b": 1, "c/d": 2})"));
  // Arrays are indexed by decimal strings, as OPA looks them up.
  expect("json.filter", {doc, J(R"([["a", 0]])")}, J(R"({"a": []})"));
  expect("json.filter", {J(R"({"s": 1})"), J(R"(["s/x"])")}, J(R"({"s": 1})"));
  expect_error("json.filter", {J("[1]"), J(R"(["a"])")}, "eval_type_error",
               "operand 1 must be object but got array");
  expect_error("json.filter", {doc, I(1)}, "eval_type_error",
               "operand 2 must be one of {set, array} but got number");
  expect_error("json.filter", {doc, J("[1]")}, "eval_type_error",
               "operand 2 must be one of {set, array} containing string paths or array of path "
               "segments but got number");
}

TEST_CASE("json.remove drops the named paths", "[builtins][json]") {
  expect("json.remove", {J(R"({"a": {"b": {"c": 7, "d": 8}}, "e": 9})"), Set({S("a/b/c")})},
         J(R"({"a": {"b": {"d": 8}}, "e": 9})"));
  Value doc = J(R"({"a": {"b": 2, "c": 3}})");
  expect("json.remove", {doc, Set({S("a")})}, J("{}"));
  expect("json.remove", {doc, Set({S("a/c")})}, J(R"({"a": {"b": 2}})"));
  expect("json.remove", {doc, J(R"([["a", "b"], "x/y"])")}, J(R"({"a": {"c": 3}})"));
  // Removed array elements close up.
  expect("json.remove", {J(R"({"l": [1, 2, 3, 4]})"), J(R"(["l/1", "l/3"])")}, J(R"({"l": [1, 3]})"));
  expect("json.remove", {J(R"({"s": 1})"), Value::set({J(R"(["s"])")})}, J("{}"));
  expect_error("json.remove", {S("x"), J("[]")}, "eval_type_error",
               "operand 1 must be object but got string");
  expect_error("json.remove", {doc, S("a")}, "eval_type_error",
               "operand 2 must be one of {set, array} but got string");
}

TEST_CASE("json.patch applies RFC 6902 operations", "[builtins][json]") {
  CHECK(patch(R"({"foo": "bar"})", R"([{"op": "add", "path": "/baz", "value": "qux"}])") ==
        J(R"({"baz": "qux", "foo": "bar"})"));
  CHECK(patch(R"({"foo": ["bar", "baz"]})", R"([{"op": "add", "path": "/foo/1", "value": "qux"}])") ==
        J(R"({"foo": ["bar", "qux", "baz"]})"));
  CHECK(patch(R"([1, 2])", R"([{"op": "add", "path": "/-", "value": 3}])") == J("[1, 2, 3]"));
  CHECK(patch(R"({"foo": ["bar", "qux", "baz"]})", R"([{"op": "remove", "path": "/foo/1"}])") ==
        J(R"({"foo": ["bar", "baz"]})"));
  CHECK(patch(R"([1, 2, 3, 4])", R"([{"op": "remove", "path": "/1"}, {"op": "remove", "path": "/2"}])") ==
        J("[1, 3]"));
  CHECK(patch(R"({"baz": "qux"})", R"([{"op": "replace", "path": "/baz", "value": "boo"}])") ==
        J(R"({"baz": "boo"})"));
  CHECK(patch(R"({"foo": {"waldo": "fred"}, "qux": {}})",
              R"([{"op": "move", "from": "/foo/waldo", "path": "/qux/thud"}])") ==
        J(R"({"foo": {}, "qux": {"thud": "fred"}})"));
  CHECK(patch(R"({"foo": ["all", "grass", "cows", "eat"]})",
              R"([{"op": "move", "from": "/foo/1", "path": "/foo/3"}])") ==
        J(R"({"foo": ["all", "cows", "eat", "grass"]})"));
  CHECK(patch(R"({"baz": [{"qux": "hello"}]})", R"([{"op": "copy", "from": "/baz/0", "path": "/boo"}])") ==
        J(R"({"baz": [{"qux": "hello"}], "boo": {"qux": "hello"}})"));
  CHECK(patch(R"({"/": 9, "~1": 10})", R"([{"op": "test", "path": "/~01", "value": 10}])") ==
        J(R"({"/": 9, "~1": 10})"));
  CHECK(patch(R"({"foo": "bar"})", R"([{"op": "replace", "path": "", "value": [1]}])") == J("[1]"));
  CHECK(patch(R"({"a": {"b": 1}})", R"([{"op": "add", "path": ["a", "c"], "value": 2}])") ==
        J(R"({"a": {"b": 1, "c": 2}})"));
}

TEST_CASE("json.patch is undefined when a patch fails", "[builtins][json]") {
  expect_undefined("json.patch", {J(R"({"baz": "qux"})"), J(R"([{"op": "test", "path": "/baz", "value": "bar"}])")});
  expect_undefined("json.patch", {J(R"({"q": {}})"), J(R"([{"op": "add", "path": "/a/b", "value": 1}])")});
  expect_undefined("json.patch", {J(R"({"bar": [1, 2]})"), J(R"([{"op": "add", "path": "/bar/8", "value": 5}])")});
  expect_undefined("json.patch", {J(R"(["foo", "bar"])"), J(R"([{"op": "test", "path": "/01", "value": "bar"}])")});
  expect_undefined("json.patch", {J(R"(["foo", "bar"])"), J(R"([{"op": "test", "path": "/1e0", "value": "bar"}])")});
  expect_undefined("json.patch", {J(R"([1, 2, 3])"), J(R"([{"op": "add", "path": "1.2", "value": "foo"}])")});
  expect_undefined("json.patch", {J(R"({"foo": 1})"), J(R"([{"op": "spam", "path": "/foo", "value": 1}])")});
  expect_undefined("json.patch", {J(R"({"foo": 1})"), J(R"([{"op": "copy", "path": "/bar"}])")});
  expect_undefined("json.patch", {J(R"({"foo": 1})"), J(R"([{"op": "add", "path": "/x"}])")});
  expect_undefined("json.patch", {J(R"({"foo": 1})"), J(R"([1])")});
  expect_undefined("json.patch", {J(R"(["a"])"), J(R"([{"op": "remove", "path": "/-"}])")});
  expect_error("json.patch", {J("{}"), J("{}")}, "eval_type_error",
               "operand 2 must be array but got object");
}

TEST_CASE("json.patch addresses set members by themselves", "[builtins][json]") {
  Value doc = Value::object({{S("foo"), Set({S("a"), S("b"), S("c")})}});
  CHECK(value_of("json.patch", {doc, J(R"([{"op": "remove", "path": "foo/b"}])")}) ==
        Value::object({{S("foo"), Set({S("a"), S("c")})}}));
  CHECK(value_of("json.patch", {doc, J(R"([{"op": "add", "path": "foo/d", "value": "d"}])")}) ==
        Value::object({{S("foo"), Set({S("a"), S("b"), S("c"), S("d")})}}));
  expect_undefined("json.patch", {doc, J(R"([{"op": "add", "path": "foo/d", "value": "e"}])")});
  // {[1]} with [1] extended in place: the set's member changes identity.
  CHECK(value_of("json.patch", {Set({J("[1]")}), J(R"([{"op": "add", "path": [[1], 1], "value": 2}])")}) ==
        Set({J("[1, 2]")}));
}

TEST_CASE("json.patch bounds the depth of the paths it follows", "[builtins][json]") {
  std::vector<Value> segments(5000, S("a"));
  Value operation = Value::object({{S("op"), S("add")},
                                   {S("path"), Value::array(segments)},
                                   {S("value"), I(1)}});
  expect_error_containing("json.patch", {J("{}"), Value::array({operation})}, "too costly");
}

TEST_CASE("strings.render_template renders Go templates", "[builtins][strings][template]") {
  expect_template("{{.test}}", R"({"test": "hello world"})", "hello world");
  expect_template("{{.test}}", R"({"test": 2023})", "2023");
  expect_template("{{range $i, $name := .hellonames}}{{if $i}},{{end}}hello {{$name}}{{end}}",
                  R"({"hellonames": ["rohan", "john doe"]})", "hello rohan,hello john doe");
  expect_template("{{.a.b}} and {{.a.c}}", R"({"a": {"b": 1.5, "c": true}})", "1.5 and true");
  expect_template("{{if .ok}}yes{{else if .other}}other{{else}}no{{end}}",
                  R"({"ok": false, "other": ""})", "no");
  expect_template("{{if .ok}}yes{{else if .other}}other{{else}}no{{end}}",
                  R"({"ok": false, "other": "x"})", "other");
  expect_template("a  {{- .x -}}  b\n", R"({"x": 1})", "a1b\n");
  expect_template("{{/* a comment */}}x{{- /* trimmed */ -}} y", "{}", "xy");
  expect_template("{{range .m}}{{.}};{{end}}", R"({"m": {"b": 2, "a": 1}})", "1;2;");
  expect_template("{{range $k, $v := .m}}{{$k}}={{$v}} {{end}}", R"({"m": {"b": 2, "a": 1}})",
                  "a=1 b=2 ");
  expect_template("{{range .l}}x{{else}}empty{{end}}", R"({"l": []})", "empty");
  expect_template("{{range .l}}{{if eq . \"b\"}}{{break}}{{end}}{{.}}{{end}}",
                  R"({"l": ["a", "b", "c"]})", "a");
  expect_template("{{with .u}}{{.name}}{{end}}", R"({"u": {"name": "ann"}})", "ann");
  expect_template("{{$x := .n}}{{$x}}{{$x = \"y\"}}{{$x}}", R"({"n": 5})", "5y");
  expect_template("{{printf \"%s-%d\" .s 3}} {{len .l}} {{index .l 1}}",
                  R"({"s": "a", "l": [1, 2]})", "a-3 2 2");
  expect_template("{{.l}} {{.m}} {{.z}}", R"({"l": [1, "a", null], "m": {"k": [true]}, "z": null})",
                  "[1 a <nil>] map[k:[true]] <no value>");
  expect_template("{{.s | printf \"%q\"}} {{html .h}} {{urlquery .q}}",
                  R"({"s": "x", "h": "<a&b>", "q": "a b&c"})", "\"x\" &lt;a&amp;b&gt; a+b%26c");
  // json.Number is a string kind in Go: it equals a string, not an int.
  expect_template("{{eq .n \"5\"}} {{and .a .b}} {{or .a .b}} {{not .a}} {{lt 1 2}}",
                  R"({"n": 5, "a": 0, "b": ""})", "true  0 false true");
}

TEST_CASE("strings.render_template errors as Go's text/template", "[builtins][strings][template]") {
  expect_error("strings.render_template", {S("{{.x}}"), J(R"({"test": 1})")}, "eval_builtin_error",
               "template: template:1:2: executing \"template\" at <.x>: map has no entry for key "
               "\"x\"");
  expect_error_containing("strings.render_template", {S("{{eq .n 1}}"), J(R"({"n": 1})")},
                          "incompatible types for comparison");
  expect_error("strings.render_template", {S("{{foo .x}}"), J("{}")}, "eval_builtin_error",
               "template: template:1: function \"foo\" not defined");
  expect_error("strings.render_template", {S("{{.x"), J("{}")}, "eval_builtin_error",
               "template: template:1: unclosed action");
  expect_error_containing("strings.render_template", {S("{{if .x}}a"), J(R"({"x": 1})")},
                          "unexpected EOF");
  expect_error_containing("strings.render_template", {S("{{template \"x\"}}"), J("{}")},
                          "not supported");
  expect_error_containing("strings.render_template", {S("{{.a.b}}"), J(R"({"a": "s"})")},
                          "can't evaluate field b in type string");
  // OPA decodes the variables from their Rego text as JSON, which a set is not.
  expect_error("strings.render_template",
               {S("{{.s}}"), Value::object({{S("s"), Set({I(1)})}})}, "eval_builtin_error",
               "invalid character '1' looking for beginning of object key string");
  expect_error("strings.render_template", {I(1), J("{}")}, "eval_type_error",
               "operand 1 must be string but got number");
  expect_error("strings.render_template", {S(""), J("[]")}, "eval_type_error",
               "operand 2 must be object but got array");
  std::string deep(500, '(');
  expect_error_containing("strings.render_template", {S("{{" + deep + "}}"), J("{}")},
                          "nests too deeply");
  expect_error_containing("strings.render_template",
                          {S("{{range 100000}}{{range 100000}}{{end}}{{end}}"), J("{}")},
                          "step limit");
}

TEST_CASE("json.verify_schema reports whether a schema compiles", "[builtins][json][schema]") {
  Value valid = J("[true, null]");
  expect("json.verify_schema", {S(R"({"type": "boolean"})")}, valid);
  expect("json.verify_schema", {J(R"({"type": "boolean"})")}, valid);
  expect("json.verify_schema",
         {J(R"({"definitions": {"a": {"type": "string"}}, "properties": {"x": {"$ref": "#/definitions/a"}}})")},
         valid);
  auto invalid = [](std::string message) {
    return Value::array({Value::boolean(false), S("jsonschema: " + std::move(message))});
  };
  expect("json.verify_schema", {J(R"({"type": "unknown_type"})")},
         invalid("has a primitive type that is NOT VALID -- given: /unknown_type/ Expected valid "
                 "values are:[array boolean integer number null object string]"));
  expect("json.verify_schema", {S("{")}, invalid("invalid JSON string"));
  expect("json.verify_schema", {I(1)}, invalid("wrong type, expected string or object"));
  expect("json.verify_schema", {J(R"({"minLength": -1})")},
         invalid("minLength must be greater than or equal to 0"));
  expect("json.verify_schema", {J(R"({"required": "a"})")}, invalid("required must be of an array"));
  expect("json.verify_schema", {J(R"({"pattern": "("})")}, invalid("pattern must be a valid regex"));
  expect("json.verify_schema", {J(R"({"$ref": "#/definitions/missing"})")},
         invalid("Object has no key 'definitions'"));
  expect("json.verify_schema",
         {J(R"({"$schema": "http://json-schema.org/draft-04/schema#", "exclusiveMinimum": true})")},
         invalid("exclusiveMinimum cannot be used without minimum"));
}

TEST_CASE("json.match_schema validates documents with gojsonschema's errors",
          "[builtins][json][schema]") {
  Value schema = J(R"J({"properties": {"id": {"type": "integer"}}, "required": ["id"]})J");
  expect("json.match_schema", {J(R"J({"id": 5})J"), schema}, J("[true, []]"));
  expect("json.match_schema", {S(R"J({"id": 5})J"), S(value_to_json(schema))}, J("[true, []]"));
  expect("json.match_schema", {J(R"J({"id": "foo"})J"), schema}, J(R"J([false, [{
    "desc": "Invalid type. Expected: integer, given: string",
    "error": "id: Invalid type. Expected: integer, given: string",
    "field": "id", "type": "invalid_type"}]])J"));
  expect("json.match_schema", {J("{}"), schema}, J(R"J([false, [{
    "desc": "id is required", "error": "(root): id is required",
    "field": "(root)", "type": "required"}]])J"));
  Value numbers = J(R"J({"items": {"minimum": 5, "multipleOf": 0.1}, "uniqueItems": true})J");
  expect("json.match_schema", {J("[5.3, 4, 5.3]"), numbers}, J(R"J([false, [
    {"desc": "Must be greater than or equal to 5", "error": "1: Must be greater than or equal to 5",
     "field": "1", "type": "number_gte"},
    {"desc": "array items[0,2] must be unique", "error": "(root): array items[0,2] must be unique",
     "field": "(root)", "type": "unique"}]])J"));
  Value closed = J(R"J({"properties": {"a": {"enum": ["x", 1]}}, "additionalProperties": false})J");
  expect("json.match_schema", {J(R"J({"a": "y", "b": 1})J"), closed}, J(R"J([false, [
    {"desc": "Additional property b is not allowed",
     "error": "(root): Additional property b is not allowed",
     "field": "(root)", "type": "additional_property_not_allowed"},
    {"desc": "a must be one of the following: \"x\", 1",
     "error": "a: a must be one of the following: \"x\", 1", "field": "a", "type": "enum"}]])J"));
  Value any_of = J(R"J({"anyOf": [{"type": "string"}, {"type": "object", "required": ["k"]}]})J");
  expect("json.match_schema", {J("{}"), any_of}, J(R"J([false, [
    {"desc": "Must validate at least one schema (anyOf)",
     "error": "(root): Must validate at least one schema (anyOf)",
     "field": "(root)", "type": "number_any_of"},
    {"desc": "k is required", "error": "(root): k is required",
     "field": "(root)", "type": "required"}]])J"));
  // Recursive schemas through $ref.
  Value tree = J(R"J({"definitions": {"node": {"type": "object", "properties": {
    "children": {"type": "array", "items": {"$ref": "#/definitions/node"}}}}},
    "$ref": "#/definitions/node"})J");
  expect("json.match_schema", {J(R"J({"children": [{"children": []}]})J"), tree}, J("[true, []]"));
  expect("json.match_schema", {J(R"J({"children": [{"children": [1]}]})J"), tree}, J(R"J([false, [
    {"desc": "Invalid type. Expected: object, given: integer",
     "error": "children.0.children.0: Invalid type. Expected: object, given: integer",
     "field": "children.0.children.0", "type": "invalid_type"}]])J"));
  expect_error("json.match_schema", {J(R"J({"id": "foo"})J"), J(R"J({"properties": {"id": {"type": "unknown"}}})J")},
               "eval_builtin_error",
               "has a primitive type that is NOT VALID -- given: /unknown/ Expected valid values "
               "are:[array boolean integer number null object string]");
  expect_error("json.match_schema", {I(1), schema}, "eval_builtin_error",
               "wrong type, expected string or object");
}

TEST_CASE("json.match_schema bounds hostile schemas", "[builtins][json][schema]") {
  // A reference to itself never reaches the document: an error, not a hang.
  expect_error_containing("json.match_schema", {J("{}"), J(R"({"$ref": "#"})")}, "too deep");
  // Nested anyOf whose branches all fail doubles the work at each level: 2^40 checks.
  std::string definitions = R"("a0": {"type": "string"})";
  for (int i = 1; i <= 40; ++i) {
    std::string previous = R"({"$ref": "#/definitions/a)" + std::to_string(i - 1) + R"("})";
    definitions += ",\"a" + std::to_string(i) + R"(": {"anyOf": [)" + previous + "," + previous + "]}";
  }
  Value schema = J(R"({"definitions": {)" + definitions + R"(}, "items": {"$ref": "#/definitions/a40"}})");
  expect_error_containing("json.match_schema", {J("[1]"), schema}, "too costly");
}
