#include "src/core/json_body.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using assay::parse_json_body;

TEST_CASE("valid JSON parses") {
  auto parsed = parse_json_body(R"({"a": [1, {"b": "]]]"}]})", 8);
  REQUIRE(parsed);
  CHECK((*parsed)["a"][1]["b"] == "]]]");
}

TEST_CASE("malformed JSON names the byte offset") {
  auto parsed = parse_json_body(R"({"kind": "sql",, })", 8);
  REQUIRE_FALSE(parsed);
  CHECK(parsed.status().code() == "request_invalid");
  CHECK_THAT(parsed.status().message(), Catch::StartsWith("malformed JSON at byte 15"));
}

TEST_CASE("truncated and empty bodies are malformed, not crashes") {
  for (const char* body : {"", "{", "{\"a\":", "[1,2", "nul", "\"abc"}) {
    auto parsed = parse_json_body(body, 8);
    REQUIRE_FALSE(parsed);
    CHECK(parsed.status().code() == "request_invalid");
  }
}

TEST_CASE("invalid UTF-8 inside a string is refused") {
  auto parsed = parse_json_body("{\"a\": \"caf\xE9\"}", 8);
  REQUIRE_FALSE(parsed);
  CHECK(parsed.status().code() == "request_invalid");
}

TEST_CASE("nesting beyond the bound is refused before parsing") {
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  auto parsed = parse_json_body(deep, 64);
  REQUIRE_FALSE(parsed);
  CHECK_THAT(parsed.status().message(), Catch::Contains("deeper than 64"));
  // Brackets inside strings do not count.
  const std::string in_string = "{\"a\": \"" + std::string(1000, '[') + "\"}";
  CHECK(parse_json_body(in_string, 4));
}
