#include "src/environments/inline_environment.h"

#include <catch2/catch.hpp>

using namespace assay;
using namespace assay::environments;
using nlohmann::json;

TEST_CASE("inline environment: schema and rows", "[environments][inline]") {
  const auto env = inline_environment(json::parse(R"({
    "schema": "CREATE TABLE t (a integer NOT NULL, b text, c double precision);",
    "rows": {"t": [{"a": 1, "b": "x", "c": 2}, {"a": 2, "b": null}]}})"));
  REQUIRE(env.is_ok());
  CHECK(env->name == "inline");
  const Table& t = env->tables.at(0);
  REQUIRE(t.rows.size() == 2);
  CHECK(std::get<double>(t.rows[0][2]) == 2.0);
  CHECK(std::holds_alternative<std::monostate>(t.rows[1][1]));
  CHECK(std::holds_alternative<std::monostate>(t.rows[1][2]));  // left out: NULL
}

TEST_CASE("inline environment: mistakes", "[environments][inline]") {
  const auto message = [](const char* text) {
    const auto env = inline_environment(json::parse(text));
    REQUIRE_FALSE(env.is_ok());
    return env.status().message();
  };
  CHECK(message(R"({"schema": "CREATE TABLE t (a int);", "rows": {"t": [{"a": "x"}]}})") ==
        "inline environment: rows.t[0].a: \"x\" does not fit a column of type int4");
  CHECK(message(R"({"schema": "CREATE TABLE t (a int);", "rows": {"u": []}})") ==
        "inline environment: rows.u: no such table in the schema");
  CHECK(message(R"({"schema": "CREATE TABLE t (a int);", "rows": {"t": [{"b": 1}]}})") ==
        "inline environment: rows.t[0].b: no such column in table 't'");
  CHECK(message(R"({"schema": "CREATE TABLE t (a int NOT NULL);", "rows": {"t": [{}]}})") ==
        "inline environment: rows.t[0].a: NULL in a NOT NULL column");
  CHECK(message(R"({"schema": "CREATE TABLE t (a int);\nSELECT 1;"})").find("schema 2:1:") !=
        std::string::npos);
  CHECK(message(R"({"rows": {}})").find("'schema' must be a string") != std::string::npos);
  CHECK(message(R"({"schema": "CREATE TABLE t (a int);", "extra": 1})").find("unknown key") !=
        std::string::npos);
}

TEST_CASE("inline environment: bounded size", "[environments][inline]") {
  json rows = json::array();
  for (int i = 0; i < 10001; ++i) rows.push_back({{"a", i}});
  const auto env =
      inline_environment({{"schema", "CREATE TABLE t (a int);"}, {"rows", {{"t", rows}}}});
  REQUIRE_FALSE(env.is_ok());
  CHECK(env.status().code() == "request_too_large");
  const auto big = inline_environment({{"schema", std::string(100000, ' ')}});
  REQUIRE_FALSE(big.is_ok());
  CHECK(big.status().code() == "request_too_large");
}
