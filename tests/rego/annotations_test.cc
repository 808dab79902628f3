// METADATA annotations as OPA 1.x's parser reads them: each key with its type and OPA's checks,
// scopes and what a block attaches to, YAML errors and where they point, and hostile YAML (deep
// nesting, alias bombs, oversized blocks) ending in a parse error quickly. Each error text is
// OPA's (from its v1/ast parser and tests) unless a comment says otherwise.
#include "src/rego/annotations.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <sstream>
#include <string>

#include "tests/rego/ast_dump.h"
#include "tests/rego/parse_helpers.h"

namespace assay::rego::testing {
namespace {

// `package p`, a blank line, then `block` as a METADATA block (each line commented), then
// `p := 1`. The `# METADATA` comment is on row 3; YAML line N is on row 3 + N.
std::string WithBlock(std::string_view yaml, std::string_view after = "p := 1\n") {
  std::string out = "package p\n\n# METADATA\n";
  size_t start = 0;
  while (start < yaml.size()) {
    size_t end = yaml.find('\n', start);
    if (end == std::string_view::npos) end = yaml.size();
    out += "# " + std::string(yaml.substr(start, end - start)) + "\n";
    start = end + 1;
  }
  return out + std::string(after);
}

// The only annotation of a module that parses.
const Annotation& Only(const ParsedModule& parsed) {
  INFO(Errors(parsed));
  REQUIRE(parsed.module);
  REQUIRE(parsed.module->annotations.size() == 1);
  return parsed.module->annotations[0];
}

// The first error of a module that does not parse, as "row:col: message".
std::string FirstError(const ParsedModule& parsed) {
  if (parsed.errors.empty()) return "no error";
  const RegoError& e = parsed.errors[0];
  CHECK(e.code == "rego_parse_error");
  CHECK(e.file == "policy.rego");
  return std::to_string(e.location.row) + ":" + std::to_string(e.location.col) + ": " + e.message;
}

std::string ErrorOf(std::string_view yaml) { return FirstError(ParseV1(WithBlock(yaml))); }

std::string Repeat(std::string_view s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

TEST_CASE("annotations: title, description, organizations", "[rego][annotations]") {
  auto parsed101 =
      ParseV1(WithBlock("title: My rule\n"
                        "description: |\n"
                        " My rule has a\n"
                        " multiline description.\n"
                        "organizations:\n"
                        "- Acme Corp.\n"
                        "- 42\n"));
  const Annotation& a = Only(parsed101);
  CHECK(a.title == "My rule");
  CHECK(a.description == "My rule has a\nmultiline description.\n");
  CHECK(a.organizations == std::vector<std::string>{"Acme Corp.", "42"});  // scalars as written
  CHECK(a.location.row == 3);
  REQUIRE(a.lines.size() == 7);
  CHECK(a.lines[0].row == 4);

  CHECK(ErrorOf("title: {a: 1}") ==
        "4:1: yaml: unmarshal errors:\n  line 1: cannot unmarshal !!map into string");
  CHECK(ErrorOf("title: x\ndescription: [a]") ==
        "5:1: yaml: unmarshal errors:\n  line 2: cannot unmarshal !!seq into string");
  CHECK(ErrorOf("organizations: Acme Corporation") ==
        "4:1: yaml: unmarshal errors:\n  line 1: cannot unmarshal !!str `Acme Co...` into "
        "[]string");
  // Every type error of the block, in order, on the row of the first.
  CHECK(ErrorOf("title: x\norganizations: [[a]]\nentrypoint: 3") ==
        "5:1: yaml: unmarshal errors:\n  line 2: cannot unmarshal !!seq into string\n  line 3: "
        "cannot unmarshal !!int `3` into bool");
}

TEST_CASE("annotations: unknown keys are ignored, known keys once", "[rego][annotations]") {
  auto parsed1 = ParseV1(WithBlock("Title: x\nfoo: [1, {b: 2}]\n1: x\ntitle: t"));
  const Annotation& a = Only(parsed1);
  CHECK(a.title == "t");
  CHECK(ErrorOf("title: a\ntitle: b") ==
        "5:1: yaml: unmarshal errors:\n  line 2: field title already set in type "
        "ast.rawAnnotation");
  // A repeated unknown key is not looked at, as yaml.v3.
  CHECK(ParseV1(WithBlock("foo: 1\nfoo: 2")).module);
}

TEST_CASE("annotations: scopes and their defaults", "[rego][annotations]") {
  CHECK(Only(ParseV1(WithBlock("title: t"))).scope == "rule");
  for (const char* scope : {"rule", "document"}) {
    INFO(scope);
    auto parsed2 = ParseV1(WithBlock(std::string("scope: ") + scope));
    const Annotation& a = Only(parsed2);
    CHECK(a.scope == scope);
    CHECK(a.target == AnnotationTarget::kRule);
  }
  for (const char* scope : {"package", "subpackages"}) {
    INFO(scope);
    auto parsed = ParseV1(std::string("# METADATA\n# scope: ") + scope + "\npackage p\n");
    CHECK(Only(parsed).scope == scope);
    CHECK(Only(parsed).target == AnnotationTarget::kPackage);
  }
  CHECK(Only(ParseV1("# METADATA\n# title: p\npackage p\n")).scope == "package");

  CHECK(ErrorOf("scope: deadbeef") ==
        "3:1: invalid annotation scope 'deadbeef'. Use one of 'rule', 'document', 'package', or "
        "'subpackages'");
  CHECK(ErrorOf("scope: Rule") ==
        "3:1: invalid annotation scope 'Rule'. Use one of 'rule', 'document', 'package', or "
        "'subpackages'");
  CHECK(ErrorOf("scope: [rule]") ==
        "4:1: yaml: unmarshal errors:\n  line 1: cannot unmarshal !!seq into string");
  CHECK(FirstError(ParseV1("\n# METADATA\n# scope: rule\npackage test\n\np := 7")) ==
        "2:1: annotation scope 'rule' must be applied to rule (have package)");
  CHECK(ErrorOf("scope: package") ==
        "3:1: annotation scope 'package' must be applied to package (have rule)");
  CHECK(ErrorOf("scope: subpackages") ==
        "3:1: annotation scope 'subpackages' must be applied to package (have rule)");
}

TEST_CASE("annotations: what a block attaches to", "[rego][annotations]") {
  auto parsed = ParseV1(
      "# METADATA\n"
      "# title: pkg\n"
      "package p\n"
      "\n"
      "# METADATA\n"
      "# title: One\n"
      "\n"
      "# a plain comment between\n"
      "# METADATA\n"
      "# title: Two\n"
      "p := 1\n"
      "\n"
      "q if {\n"
      "# METADATA\n"
      "# title: inside\n"
      "  true\n"
      "}\n"
      "r := 2 # METADATA\n"
      "# title: trailing\n"
      "s := 3\n");
  INFO(Errors(parsed));
  REQUIRE(parsed.module);
  const auto& as = parsed.module->annotations;
  REQUIRE(as.size() == 5);
  CHECK(as[0].target == AnnotationTarget::kPackage);
  // Both blocks above p belong to it, as OPA's "multiple metadata blocks on a single rule".
  CHECK(as[1].target == AnnotationTarget::kRule);
  CHECK(as[1].target_index == 0);
  CHECK(as[2].target == AnnotationTarget::kRule);
  CHECK(as[2].target_index == 0);
  // OPA attaches by rows: the next statement starting below the `# METADATA` comment.
  CHECK(as[3].title == "inside");
  CHECK(as[3].target_index == 2);  // r
  // A trailing `# METADATA` starts a block too, as in OPA.
  CHECK(as[4].title == "trailing");
  CHECK(as[4].location.col == 8);
  CHECK(as[4].target_index == 3);  // s

  // Imports take blocks too, and are no scope's target.
  CHECK(FirstError(ParseV1("package test\n\n# METADATA\n# title: My import\nimport input.foo\n")) ==
        "3:1: invalid annotation scope 'import'. Use one of 'rule', 'document', 'package', or "
        "'subpackages'");
  CHECK(FirstError(ParseV1("package test\n# METADATA\n# scope: document\nimport data.foo.bar")) ==
        "2:1: annotation scope 'document' must be applied to rule (have import)");
  CHECK(FirstError(ParseV1("package test\n# METADATA\n# scope: package\nimport data.foo")) ==
        "2:1: annotation scope 'package' must be applied to package (have import)");
  // A block with nothing below it is attached to nothing: OPA finds its scope invalid.
  CHECK(FirstError(ParseV1("package test\n\n# METADATA\n# scope: package")) ==
        "3:1: annotation scope 'package' must be applied to package");
  CHECK(FirstError(ParseV1("package test\n\np := 1\n# METADATA\n# title: end\n")) ==
        "4:1: invalid annotation scope ''. Use one of 'rule', 'document', 'package', or "
        "'subpackages'");
  // v0 modules too.
  auto v0 = ParseV0("package p\n# METADATA\n# title: t\np { true }\n");
  CHECK(Only(v0).target == AnnotationTarget::kRule);
}

TEST_CASE("annotations: block boundaries", "[rego][annotations]") {
  // A comment not in column 1, or not on the next row, ends the block.
  auto parsed = ParseV1("package p\n# METADATA\n# title: t\n  # description: d\np := 1\n");
  CHECK(Only(parsed).description.empty());
  // A second METADATA right below is YAML of the first block (OPA's "Ill-structured metadata
  // start"): a line without `:`.
  CHECK(ErrorOf("scope: rule\nschemas:\n  - data.servers: schema.servers\nMETADATA") ==
        "7:1: yaml: line 4: could not find expected ':'");
  CHECK(FirstError(ParseV1("package test\n\n# METADATA\n\n# scope: rule\np if { input.x > 7 }")) ==
        "3:1: expected METADATA block, found whitespace");
}

TEST_CASE("annotations: related_resources", "[rego][annotations]") {
  auto parsed102 =
      ParseV1(WithBlock("related_resources:\n"
                        "- https://example.com\n"
                        "-\n"
                        " ref: ' http://john:123@do.re/mi?foo=bar#baz '\n"
                        " description: foo bar\n"
                        "- ref: /relative/path with spaces\n"));
  const Annotation& a = Only(parsed102);
  REQUIRE(a.related_resources.size() == 3);
  CHECK(a.related_resources[0].ref == "https://example.com");
  CHECK(a.related_resources[0].description.empty());
  CHECK(a.related_resources[1].ref == "http://john:123@do.re/mi?foo=bar#baz");
  CHECK(a.related_resources[1].description == "foo bar");
  CHECK(a.related_resources[2].ref == "/relative/path with spaces");

  const char* kPrefix = "3:1: invalid related-resource definition ";
  CHECK(ErrorOf("related_resources:\n- ''") ==
        std::string(kPrefix) + ": ref URL may not be empty string");
  CHECK(ErrorOf("related_resources:\n- description: d") ==
        std::string(kPrefix) + "map[description:d]: 'ref' value required in object");
  CHECK(ErrorOf("related_resources:\n- 42") ==
        std::string(kPrefix) + "%!s(int=42): invalid value type, must be string or map");
  CHECK(ErrorOf("related_resources:\n- '::'") ==
        std::string(kPrefix) + "::: parse \"::\": missing protocol scheme");
  CHECK(ErrorOf("related_resources:\n- https://example.com/%zz") ==
        std::string(kPrefix) + "https://example.com/%zz: parse \"https://example.com/%zz\": " +
            "invalid URL escape \"%zz\"");
  CHECK(ErrorOf("related_resources:\n- ref: http://host:port/\n  description: x") ==
        std::string(kPrefix) + "map[description:x ref:http://host:port/]: parse " +
            "\"http://host:port/\": invalid port \":port\" after host");
  CHECK(ErrorOf("related_resources:\n- 1a:b") ==
        std::string(kPrefix) + "1a:b: parse \"1a:b\": first path segment in URL cannot contain " +
            "colon");
  CHECK(ErrorOf("related_resources: https://example.com") ==
        "4:1: yaml: unmarshal errors:\n  line 1: cannot unmarshal !!str `https:/...` into "
        "[]interface {}");
}

TEST_CASE("annotations: authors", "[rego][annotations]") {
  auto parsed103 =
      ParseV1(WithBlock("authors:\n"
                        "- John Doe <john@example.com>\n"
                        "- Jane Q.  Public\n"
                        "- <anon@example.com>\n"
                        "- name: ' Ann '\n"
                        "- email: e@example.com\n"));
  const Annotation& a = Only(parsed103);
  REQUIRE(a.authors.size() == 5);
  CHECK(a.authors[0].name == "John Doe");
  CHECK(a.authors[0].email == "john@example.com");
  CHECK(a.authors[1].name == "Jane Q. Public");
  CHECK(a.authors[1].email.empty());
  CHECK(a.authors[2].name.empty());
  CHECK(a.authors[2].email == "anon@example.com");
  CHECK(a.authors[3].name == "Ann");
  CHECK(a.authors[4].email == "e@example.com");

  const char* kPrefix = "3:1: invalid author definition ";
  CHECK(ErrorOf("authors:\n- '  '") == std::string(kPrefix) + "  : author is an empty string");
  CHECK(ErrorOf("authors:\n- url: x") ==
        std::string(kPrefix) + "map[url:x]: 'name' and/or 'email' values required in object");
  CHECK(ErrorOf("authors:\n- name: 7") ==
        std::string(kPrefix) +
            "map[name:%!s(int=7)]: 'name' and/or 'email' values required in object");
  CHECK(ErrorOf("authors:\n- [a, b]") ==
        std::string(kPrefix) + "[a b]: invalid value type, must be string or map");
  CHECK(ErrorOf("authors:\n- ~") ==
        std::string(kPrefix) + "%!s(<nil>): invalid value type, must be string or map");
  CHECK(ErrorOf("authors: {name: x}") ==
        "4:1: yaml: unmarshal errors:\n  line 1: cannot unmarshal !!map into []interface {}");
}

TEST_CASE("annotations: schemas", "[rego][annotations]") {
  auto parsed104 =
      ParseV1(WithBlock("schemas:\n"
                        "  - input: schema.input\n"
                        "  - data.servers: schema\n"
                        "  - input.x: {\"type\": \"string\", \"enum\": [a, 1]}\n"));
  const Annotation& a = Only(parsed104);
  REQUIRE(a.schemas.size() == 3);
  CHECK(Dump(*a.schemas[0].path) == "ref(input)");
  CHECK(Dump(*a.schemas[0].schema) == "ref(schema.input)");
  CHECK(a.schemas[0].definition == nullptr);
  CHECK(Dump(*a.schemas[1].path) == "ref(data.servers)");
  CHECK(Dump(*a.schemas[1].schema) == "ref(schema)");
  CHECK(Dump(*a.schemas[2].path) == "ref(input.x)");
  CHECK(a.schemas[2].schema == nullptr);
  REQUIRE(a.schemas[2].definition);
  CHECK(Dump(*a.schemas[2].definition) ==
        "object(str(type), str(string), str(enum), array(str(a), num(1)))");

  CHECK(ErrorOf("schemas:\n  - data/servers: schema.servers") == "3:1: invalid document reference");
  CHECK(ErrorOf("schemas:\n  - f(x): schema.servers") == "3:1: invalid document reference");
  CHECK(ErrorOf("schemas:\n  - ~") == "3:1: invalid document reference");
  CHECK(ErrorOf("schemas:\n  - data.servers: schema/servers") == "3:1: invalid schema reference");
  CHECK(ErrorOf("schemas:\n  - input: data.x") == "3:1: invalid schema reference");
  CHECK(ErrorOf("schemas:\n  - input: 7") == "3:1: invalid schema declaration for path \"input\"");
  CHECK(ErrorOf("schemas:\n  - input: {1: x}") ==
        "3:1: invalid schema declaration for path \"input\"");
  CHECK(ErrorOf("scope: rule\nschemas:\n  - data.servers= schema") ==
        "6:1: yaml: unmarshal errors:\n  line 3: cannot unmarshal !!str `data.se...` into "
        "map[string]interface {}");
}

TEST_CASE("annotations: entrypoint", "[rego][annotations]") {
  auto parsed3 = ParseV1(WithBlock("entrypoint: true"));
  const Annotation& a = Only(parsed3);
  CHECK(a.entrypoint);
  CHECK(a.scope == "document");  // OPA's default for an entrypoint rule
  CHECK(Only(ParseV1(WithBlock("entrypoint: yes"))).entrypoint);  // YAML 1.1 bools, as yaml.v3
  CHECK_FALSE(Only(ParseV1(WithBlock("entrypoint: off"))).entrypoint);
  CHECK(Only(ParseV1(WithBlock("entrypoint: true\nscope: document"))).entrypoint);
  CHECK(Only(ParseV1("# METADATA\n# entrypoint: true\npackage p\n")).scope == "package");

  CHECK(ErrorOf("entrypoint: true\nscope: rule") ==
        "3:1: annotation entrypoint applied to non-document or package scope 'rule'");
  CHECK(FirstError(ParseV1("# METADATA\n# entrypoint: true\n# scope: subpackages\npackage p\n")) ==
        "1:1: annotation entrypoint applied to non-document or package scope 'subpackages'");
  CHECK(ErrorOf("entrypoint: 1") ==
        "4:1: yaml: unmarshal errors:\n  line 1: cannot unmarshal !!int `1` into bool");
  CHECK(ErrorOf("entrypoint: maybe") ==
        "4:1: yaml: unmarshal errors:\n  line 1: cannot unmarshal !!str `maybe` into bool");
}

TEST_CASE("annotations: custom", "[rego][annotations]") {
  auto parsed105 =
      ParseV1(WithBlock("custom:\n"
                        " list: [a, 'b']\n"
                        " map: {a: 1, b: 2.5, c: {\"3\": d}}\n"
                        " number: 0x1F\n"
                        " flag:\n"
                        " yes: yes\n"
                        " date: 2024-01-02\n"));
  const Annotation& a = Only(parsed105);
  REQUIRE(a.custom);
  CHECK(Dump(*a.custom) ==
        "object(str(list), array(str(a), str(b)), str(map), object(str(a), num(1), str(b), "
        "num(2.5), str(c), object(str(3), str(d))), str(number), num(31), str(flag), null, "
        "str(yes), str(yes), str(date), str(2024-01-02))");
  CHECK(a.custom->location.row == 5);  // the comment holding ` list:`, where the map starts
  CHECK(Only(ParseV1(WithBlock("custom: {}"))).custom == nullptr);
  CHECK(Only(ParseV1(WithBlock("custom:"))).custom == nullptr);

  CHECK(ErrorOf("custom: [1]") ==
        "4:1: yaml: unmarshal errors:\n  line 1: cannot unmarshal !!seq into map[string]interface "
        "{}");
  CHECK(ErrorOf("custom:\n  a: 1\n  a: 2") ==
        "6:1: yaml: unmarshal errors:\n  line 3: mapping key \"a\" already defined at line 2");
  // OPA's convertYAMLMapKeyTypes: a map not keyed by strings, reached through lists and such maps.
  CHECK(ErrorOf("custom:\n  a: {1: x}") == "3:1: invalid map key type(s): ");
  CHECK(ErrorOf("custom:\n  list: [{b: {2: x}}, {1: a}]") == "3:1: invalid map key type(s): 1");
}

TEST_CASE("annotations: compile", "[rego][annotations]") {
  auto parsed4 = ParseV1(WithBlock(
      "scope: document\ncompile:\n  unknowns:\n  - input.fruits\n  mask_rule: data.f.mask"));
  const Annotation& a = Only(parsed4);
  REQUIRE(a.compile);
  REQUIRE(a.compile->unknowns.size() == 1);
  CHECK(Dump(*a.compile->unknowns[0]) == "ref(input.fruits)");
  CHECK(Dump(*a.compile->mask_rule) == "ref(data.f.mask)");
  CHECK(Dump(*Only(ParseV1(WithBlock("compile:\n  mask_rule: mask"))).compile->mask_rule) ==
        "ref(mask)");
  CHECK(Only(ParseV1(WithBlock("title: t"))).compile == nullptr);

  CHECK(ErrorOf("compile:\n  mask_rule: '[1]'") ==
        "3:1: invalid mask_rule annotation type \"[1]\": string");
  CHECK(ErrorOf("compile: [a]") ==
        "4:1: yaml: unmarshal errors:\n  line 1: cannot unmarshal !!seq into map[string]interface "
        "{}");
}

TEST_CASE("annotations: YAML syntax errors and where they point", "[rego][annotations]") {
  // The row is the comment holding the offending line.
  CHECK(ErrorOf("title: a: b") == "4:1: yaml: mapping values are not allowed in this context");
  CHECK(ErrorOf("title: x\ndescription: a: b") ==
        "5:1: yaml: line 2: mapping values are not allowed in this context");
  // A line of prose in the block (a common slip) is libyaml's missing ':', on its own line,
  // also when yaml-cpp reads it as part of a longer key.
  CHECK(ErrorOf("title: Foo\nThis rule checks things") ==
        "5:1: yaml: line 2: could not find expected ':'");
  CHECK(ErrorOf("title: Foo\nThis rule checks things\nand more\ncustom:\n  a: 1") ==
        "5:1: yaml: line 2: could not find expected ':'");
  CHECK(ErrorOf("custom: [a, b") == "4:1: yaml: did not find expected ',' or ']'");
  CHECK(ErrorOf("title: x\ncustom: {a: 1") ==
        "5:1: yaml: line 2: did not find expected ',' or '}'");
  CHECK(ErrorOf("title: x\ncustom: *nope") == "5:1: yaml: unknown anchor 'nope' referenced");
  CHECK(ErrorOf("title: \"\\q\"") == "4:1: yaml: found unknown escape character");
  CHECK(ErrorOf("title: foo\vbar") == "4:1: yaml: control characters are not allowed");
  // Explicit keys and flow maps may leave values out.
  CHECK(ParseV1(WithBlock("? title\ncustom: {a, b}")).module);
  // Continuation lines of a plain scalar are not keys.
  CHECK(Only(ParseV1(WithBlock("description: a\n  b"))).description == "a b");
}

TEST_CASE("annotations: simple blocks read the same without yaml-cpp", "[rego][annotations]") {
  // Blocks of single-line `key: value` pairs are read without yaml-cpp; a YAML comment line
  // sends the same block through yaml-cpp.
  for (const char* yaml :
       {"title: My rule", "title: ~\ndescription: null", "title: 1.0\ndescription: 0x1F",
        "scope: document\nentrypoint: true", "entrypoint: False\ntitle: a#b c",
        "foo: bar\ntitle: x", "title: x\n\ndescription: y",
        "description: it's \"quoted\" (and) 50% done.",
        "entrypoint:\ntitle:", "scope: rule\nfoo: bar\nfoo: baz"}) {
    INFO(yaml);
    auto fast = ParseV1(WithBlock(yaml));
    auto full = ParseV1(WithBlock(std::string(yaml) + "\n# a YAML comment"));
    const Annotation& a = Only(fast);
    const Annotation& b = Only(full);
    CHECK(a.title == b.title);
    CHECK(a.description == b.description);
    CHECK(a.scope == b.scope);
    CHECK(a.entrypoint == b.entrypoint);
  }
  CHECK(Only(ParseV1(WithBlock("title: 1.0\ndescription: 0x1F"))).description == "0x1F");
  CHECK(Only(ParseV1(WithBlock("title: ~"))).title.empty());
  // What the fast reading leaves to yaml-cpp still fails as it should.
  CHECK(ErrorOf("title: x # comment\ntitle: y") ==
        "5:1: yaml: unmarshal errors:\n  line 2: field title already set in type "
        "ast.rawAnnotation");
  CHECK(ErrorOf("title: x:") == "4:1: yaml: mapping values are not allowed in this context");
  CHECK(ErrorOf("entrypoint: 2") ==
        "4:1: yaml: unmarshal errors:\n  line 1: cannot unmarshal !!int `2` into bool");
}

TEST_CASE("annotations: hostile YAML is refused quickly", "[rego][annotations][hostile]") {
  auto start = std::chrono::steady_clock::now();
  // Deep nesting: yaml-cpp's limit of 500 levels.
  CHECK(ErrorOf("custom: " + Repeat("[", 100000)) == "4:1: yaml: exceeded max depth of 500");
  CHECK(ErrorOf("title: t\ncustom: " + Repeat("{a: ", 20000) + "1" + Repeat("}", 20000)) ==
        "5:1: yaml: line 2: exceeded max depth of 500");
  CHECK(ErrorOf("custom:\n  x:\n  " + Repeat("- ", 20000) + "a") ==
        "6:1: yaml: line 3: exceeded max depth of 500");
  CHECK(Only(ParseV1(WithBlock("custom:\n  a: " + Repeat("[", 100) + Repeat("]", 100)))).custom);
  // A billion laughs: nine levels of ten aliases each.
  std::string bomb = "custom:\n  a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n";
  for (char c = 'b'; c <= 'j'; ++c) {
    std::string prev(1, static_cast<char>(c - 1));
    bomb +=
        std::string("  ") + c + ": &" + c + " [" + Repeat("*" + prev + ",", 9) + "*" + prev + "]\n";
  }
  std::string bomb_error = ErrorOf(bomb);
  CHECK(bomb_error.find("yaml: document contains excessive aliasing") != std::string::npos);
  // The same bomb under a key OPA ignores is never expanded.
  std::string ignored = bomb;
  ignored.replace(0, 6, "lulz");
  CHECK(ParseV1(WithBlock(ignored)).module);
  // An anchor that contains itself.
  CHECK(ErrorOf("custom:\n  a: &a [*a]") == "5:1: yaml: anchor 'a' value contains itself");
  // Many aliases of a small node are fine.
  CHECK(
      ParseV1(WithBlock("custom:\n  a: &a {x: 1}\n  b: [" + Repeat("*a, ", 1000) + "*a]")).module);
  // A block over the size bound (not an OPA error: ours).
  std::string big = "description: " + std::string(kMaxAnnotationBytes, 'x');
  CHECK(ErrorOf(big) == "3:1: METADATA block too large: 262158 bytes (at most 262144)");
  // Thousands of type errors make a message of at most 20.
  std::string many = "organizations:\n" + Repeat("- [a]\n", 5000);
  std::string many_error = ErrorOf(many);
  CHECK(std::count(many_error.begin(), many_error.end(), '\n') == 20);
  // Many blocks.
  std::string blocks = "package p\n";
  for (int i = 0; i < 2000; ++i) {
    blocks += "# METADATA\n# title: r" + std::to_string(i) + "\nr" + std::to_string(i) + " := 1\n";
  }
  auto parsed = ParseV1(blocks);
  REQUIRE(parsed.module);
  CHECK(parsed.module->annotations.size() == 2000);
  CHECK(parsed.module->annotations[1999].target_index == 1999);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  CHECK(seconds < 5);  // generous: under a second on the 2-core build machine
}

TEST_CASE("annotations: the benchmark policy's block", "[rego][annotations]") {
  std::ifstream in(std::string(ASSAY_SOURCE_DIR) + "/bench/data/policy200.rego");
  REQUIRE(in);
  std::stringstream text;
  text << in.rdbuf();
  auto parsed5 = ParseV1(text.str());
  const Annotation& a = Only(parsed5);
  CHECK(a.title == "Infrastructure SLO policy");
  CHECK(a.scope == "package");
  CHECK(a.target == AnnotationTarget::kPackage);
  // The same policy with a block that does not parse fails.
  std::string broken = text.str();
  broken.replace(broken.find("# title:"), 8, "# title: [");
  CHECK(FirstError(ParseV1(broken)).find("yaml:") != std::string::npos);
}

}  // namespace
}  // namespace assay::rego::testing
