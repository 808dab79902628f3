#include "validators/sql/statement_boundaries.h"

#include <catch2/catch.hpp>
#include <string>

using assay::sql::Dialect;
using assay::sql::statement_ends;

TEST_CASE("boundaries: semicolons in quotes and comments do not end statements") {
  const std::string sql =
      "SELECT 'a;''b'; SELECT \"x;y\" -- c;\n; /* d; /* nested; */ still; */ SELECT 1;";
  const auto ends = statement_ends(sql, Dialect::kPostgres);
  REQUIRE(ends.size() == 3);
  CHECK(sql.substr(0, ends[0]) == "SELECT 'a;''b';");
  CHECK(sql[ends[1] - 1] == ';');
  CHECK(ends[2] == sql.size());
}

TEST_CASE("boundaries: PostgreSQL dollar quotes and escape strings") {
  const std::string sql = "SELECT $$a;b$$; SELECT $fn$ x; $$ ; $fn$; SELECT E'\\';'; SELECT $1;";
  const auto ends = statement_ends(sql, Dialect::kPostgres);
  REQUIRE(ends.size() == 4);
  CHECK(sql.substr(0, ends[0]) == "SELECT $$a;b$$;");
  CHECK(sql.substr(ends[0], ends[1] - ends[0]) == " SELECT $fn$ x; $$ ; $fn$;");
  CHECK(sql.substr(ends[1], ends[2] - ends[1]) == " SELECT E'\\';';");
}

TEST_CASE("boundaries: SQLite brackets and backticks; no nested comments") {
  const std::string sql = "SELECT [a;b], `c;d`; /* x /* y */ SELECT 2;";
  const auto ends = statement_ends(sql, Dialect::kSqlite);
  REQUIRE(ends.size() == 2);
  CHECK(ends[1] == sql.size());
  // PostgreSQL has no bracket quoting: both ';' inside count.
  CHECK(statement_ends("SELECT [a;b];", Dialect::kPostgres).size() == 2);
}

TEST_CASE("boundaries: an unterminated quote hides what follows") {
  CHECK(statement_ends("SELECT 1; SELECT 'abc; SELECT 2;", Dialect::kPostgres).size() == 1);
  CHECK(statement_ends("SELECT 1; /* open; ", Dialect::kSqlite).size() == 1);
  CHECK(statement_ends("SELECT $q$ open; ", Dialect::kPostgres).empty());
}
