#include "validators/sql/sqlite_syntax.h"

#include <catch2/catch.hpp>
#include <string>

using assay::sql::check_sqlite_syntax;

TEST_CASE("sqlite: valid statements pass even when tables are unknown") {
  const auto check = check_sqlite_syntax(
      "SELECT a, count(*) FROM t WHERE x = 1 GROUP BY a;\n"
      "SELECT nofunc(b) FROM u;\n"
      "INSERT INTO t VALUES (1, 'a;b'), (2, \"c\");\n"
      "CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT 1; SELECT 2; END;\n"
      "SELECT [weird;name] FROM `x;y` -- trailing; comment\n");
  CHECK(check.errors.empty());
  CHECK(check.statements == 5);
}

TEST_CASE("sqlite: syntax errors are found with their offsets, one per statement") {
  const std::string sql = "SELECT 1;\nSELEC 2;\nSELECT * FROM t WHERE;\nSELECT 4";
  const auto check = check_sqlite_syntax(sql);
  REQUIRE(check.errors.size() == 2);
  CHECK(check.errors[0].message == "near \"SELEC\": syntax error");
  CHECK(check.errors[0].byte_offset == sql.find("SELEC "));
  CHECK(check.errors[1].message == "near \";\": syntax error");
  CHECK(check.errors[1].byte_offset == sql.find(";", sql.find("WHERE")));
}

TEST_CASE("sqlite: a syntax error after an unknown table is still reported") {
  const std::string sql = "SELECT a FROM missing WHERE x = = 1";
  const auto check = check_sqlite_syntax(sql);
  REQUIRE(check.errors.size() == 1);
  CHECK(check.errors[0].byte_offset == sql.find("= 1"));
}

TEST_CASE("sqlite: incomplete input is located at the end of the statement") {
  const std::string sql = "SELECT * FROM t ORDER BY";
  const auto check = check_sqlite_syntax(sql);
  REQUIRE(check.errors.size() == 1);
  CHECK(check.errors[0].message == "incomplete input");
  CHECK(check.errors[0].byte_offset == sql.size());
}

TEST_CASE("sqlite: semantic errors other than unknown names are reported") {
  const auto check = check_sqlite_syntax("SELECT count(*) FROM (SELECT 1) WHERE count(*) > 1");
  REQUIRE(check.errors.size() == 1);
  CHECK_THAT(check.errors[0].message, Catch::Contains("aggregate"));
}

TEST_CASE("sqlite: empty text and bare semicolons hold no statement") {
  CHECK(check_sqlite_syntax("").statements == 0);
  CHECK(check_sqlite_syntax(" ;; -- c\n").statements == 0);
  CHECK(check_sqlite_syntax(" ;; -- c\n").errors.empty());
}

TEST_CASE("sqlite: a trigger body full of semicolons splits in linear time") {
  std::string sql = "CREATE TRIGGER tr AFTER INSERT ON t BEGIN ";
  sql += std::string(1 << 20, ';');
  sql += " END;";
  const auto check = check_sqlite_syntax(sql);  // would take hours if quadratic
  CHECK(check.errors.size() <= assay::sql::kMaxSyntaxErrorsPerFile);
}
