// The Rego parser on hostile input: deep nesting, NUL bytes, invalid UTF-8, unterminated
// literals, megabyte inputs and inputs built to make a backtracking parser take exponential
// time. Each must end in a result or a parse error, never a crash or a hang (CTest's timeout
// catches the latter).
#include <catch2/catch.hpp>
#include <string>

#include "src/rego/parser.h"
#include "tests/rego/parse_helpers.h"

namespace assay::rego::testing {
namespace {

std::string Repeat(std::string_view s, int n) {
  std::string out;
  out.reserve(s.size() * n);
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

bool HasError(const ParsedModule& parsed, std::string_view message) {
  for (const RegoError& e : parsed.errors) {
    if (e.message == message) return true;
  }
  return false;
}

TEST_CASE("hostile: deep nesting ends in OPA's depth error", "[rego][parser][hostile]") {
  const int n = 100000;
  for (auto [open, close] : {std::pair{"[", "]"},
                             {"(", ")"},
                             {"{", "}"},
                             {"f(", ")"},
                             {"[a | ", "]"},
                             {"{1, ", "}"},
                             {"$\"{", "}\""},
                             {"x[", "]"}}) {
    INFO(open);
    std::string text = "package p\nx := " + Repeat(open, n) + "1" + Repeat(close, n) + "\n";
    auto parsed = ParseV1(text);
    CHECK_FALSE(parsed.module);
    CHECK(HasError(parsed, "max parsing recursion depth exceeded"));
  }
  auto chain = ParseV1("package p\nx := 1" + Repeat(" + 1", n) + "\n");
  CHECK(HasError(chain, "max parsing recursion depth exceeded"));
  auto elses = ParseV1("package p\np := 1 if false" + Repeat(" else := 1 if false", n) + "\n");
  CHECK(HasError(elses, "max parsing recursion depth exceeded"));
  auto everys =
      ParseV1("package p\np if {" + Repeat(" every x in y {", n) + Repeat(" }", n) + " }\n");
  CHECK(HasError(everys, "max parsing recursion depth exceeded"));
  // Nesting a real policy would use is far from the limit.
  auto fine = ParseV1("package p\nx := " + Repeat("[", 100) + Repeat("]", 100) + "\n");
  INFO(Errors(fine));
  CHECK(fine.module);
}

TEST_CASE("hostile: failed comprehensions re-read in linear time", "[rego][parser][hostile]") {
  // Each `|` first reads as a comprehension whose body fails at the `,`, then as a union:
  // without remembering parsed terms this takes 2^depth steps.
  for (auto [open, close] :
       {std::pair{"[a | ", ", b]"}, {"{a | ", ", b}"}, {"{k: a | ", ", c: d}"}}) {
    INFO(open);
    std::string text = "package p\nx := " + Repeat(open, 60) + "1" + Repeat(close, 60) + "\n";
    auto parsed = ParseV1(text);
    INFO(Errors(parsed));
    CHECK(parsed.module);
  }
  auto v0 =
      ParseV0("package p\np { some " + Repeat("[x | some ", 60) + "y" + Repeat("]", 60) + " }\n");
  CHECK_FALSE(v0.module);
}

TEST_CASE("hostile: NUL bytes and invalid UTF-8", "[rego][parser][hostile]") {
  auto nul = ParseV1(std::string("package p\nx := 1\0\n", 18));
  REQUIRE_FALSE(nul.errors.empty());
  CHECK(nul.errors[0].message == "illegal null character");
  CHECK(nul.errors[0].location.row == 2);
  CHECK(nul.errors[0].location.col == 6);  // reported on the token that read it, as OPA
  auto utf8 = ParseV1("package p\nx := \"\xff\xfe\"\n");
  REQUIRE_FALSE(utf8.errors.empty());
  CHECK(utf8.errors[0].message == "illegal utf-8 character");
  auto overlong = ParseV1("package p\n# \xc0\xaf\nx := 1\n");
  REQUIRE_FALSE(overlong.errors.empty());
  CHECK(overlong.errors[0].message == "illegal utf-8 character");
  CHECK(overlong.errors[0].location.row == 2);
  auto surrogate = ParseV1("package p\nx := \"\xed\xa0\x80\"\n");
  CHECK_FALSE(surrogate.errors.empty());
  auto only_nul = ParseV1(std::string(1000, '\0'));
  CHECK_FALSE(only_nul.errors.empty());
}

TEST_CASE("hostile: unterminated literals", "[rego][parser][hostile]") {
  for (const char* text : {"package p\nx := \"abc", "package p\nx := `abc", "package p\nx := $\"a{",
                           "package p\nx := $`a{1", "package p\nx := {", "package p\nx := [1,",
                           "package p\np if {", "package p\nx := \"\\u12"}) {
    INFO(text);
    auto parsed = ParseV1(text);
    CHECK_FALSE(parsed.errors.empty());
  }
}

TEST_CASE("hostile: a megabyte of policy", "[rego][parser][hostile]") {
  std::string text = "package p\n";
  for (int i = 0; text.size() < (1 << 20); ++i) {
    text += "r" + std::to_string(i) + " := {\"a\": [1, 2, 3], \"b\": input.x[" + std::to_string(i) +
            "]} if { input.y > " + std::to_string(i) + " }\n";
  }
  auto parsed = ParseV1(text);
  INFO(Errors(parsed));
  REQUIRE(parsed.module);
  CHECK(parsed.module->rules.size() > 10000);
  // A megabyte of garbage stops at the first statement.
  auto garbage = ParseV1("package p\n" + Repeat("} ", 500000));
  CHECK(garbage.errors.size() == 1);
}

}  // namespace
}  // namespace assay::rego::testing
