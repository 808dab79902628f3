#include "validators/sql/postgres_syntax.h"

#include <catch2/catch.hpp>
#include <string>

using assay::sql::check_postgres_syntax;

TEST_CASE("postgres: valid statements pass and are counted") {
  const auto check = check_postgres_syntax(
      "SELECT cell_id, sum(dl_volume) FROM traffic\n"
      "WHERE technology = '5G' GROUP BY 1 ORDER BY 2 DESC;\n"
      "WITH m AS (SELECT date_trunc('month', ts) AS month FROM t) SELECT * FROM m;\n"
      "CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT 2; END;\n"
      "SELECT $$a;b$$;");
  CHECK(check.errors.empty());
  CHECK(check.statements == 4);
}

TEST_CASE("postgres: the error offset is the offending token's byte offset") {
  const std::string sql = "SELECT 'é', 'ü' FRM t";
  const auto check = check_postgres_syntax(sql);
  REQUIRE(check.errors.size() == 1);
  CHECK(check.errors[0].message == "syntax error at or near \"t\"");
  CHECK(check.errors[0].byte_offset == sql.rfind('t'));
}

TEST_CASE("postgres: every broken statement is reported") {
  const std::string sql = "SELECT 1; SELEC 2; SELECT 3; SELECT FROM WHERE; SELECT 5";
  const auto check = check_postgres_syntax(sql);
  REQUIRE(check.errors.size() == 2);
  CHECK(check.errors[0].byte_offset == sql.find("SELEC "));
  CHECK(check.errors[1].byte_offset == sql.find("WHERE"));
}

TEST_CASE("postgres: comments only and empty text hold no statement") {
  CHECK(check_postgres_syntax("").statements == 0);
  CHECK(check_postgres_syntax("-- nothing\n/* here */").statements == 0);
  CHECK(check_postgres_syntax("-- nothing\n/* here */").errors.empty());
}

TEST_CASE("postgres: unterminated strings are errors at the string") {
  const std::string sql = "SELECT 1;\nSELECT 'abc";
  const auto check = check_postgres_syntax(sql);
  REQUIRE(check.errors.size() == 1);
  CHECK_THAT(check.errors[0].message, Catch::Contains("unterminated quoted string"));
  CHECK(check.errors[0].byte_offset == sql.find('\''));
}

TEST_CASE("postgres: deep nesting is an error, not a crash") {
  const std::string sql = "SELECT " + std::string(200000, '(') + "1" + std::string(200000, ')');
  const auto check = check_postgres_syntax(sql);
  CHECK_FALSE(check.errors.empty());
}

TEST_CASE("postgres: the error cap bounds the work on a hostile file") {
  std::string sql;
  for (int i = 0; i < 500; ++i) sql += "SELEC 1;\n";
  const auto check = check_postgres_syntax(sql);
  CHECK(check.errors.size() == assay::sql::kMaxSyntaxErrorsPerFile);
}
