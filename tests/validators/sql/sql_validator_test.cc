// The SQL validator through the pipeline, as a request reaches it: locations in the user's
// files, dialects, empty and non-UTF-8 files, large inputs.
#include <catch2/catch.hpp>
#include <string>

#include "src/core/pipeline.h"
#include "validators/validator_table.h"

using namespace assay;

namespace {

const Registry& registry() {
  static const Registry instance = make_registry();
  return instance;
}

ValidationResult validate(std::vector<ArtefactFile> files, std::string dialect = "") {
  ValidationRequest request;
  request.kind = "sql";
  request.files = std::move(files);
  request.dialect = std::move(dialect);
  auto result = run_validation(registry(), request, "test");
  REQUIRE(result);
  return std::move(result).value();
}

}  // namespace

TEST_CASE("sql: a valid SELECT passes parse and check with score 1") {
  const auto result = validate({{"report.sql",
                                 "-- monthly 5G downlink\n"
                                 "SELECT date_trunc('month', hour) AS month, sum(dl_volume)\n"
                                 "FROM onu_traffic WHERE technology = '5G' GROUP BY 1;\n"}});
  CHECK(result.verdict == Verdict::kPass);
  CHECK(result.score == 1.0);
  CHECK(result.diagnostics.empty());
  CHECK(result.validator == "sql");
  REQUIRE(result.stages.size() == 3);
  CHECK(result.stages[0].status == StageStatus::kPass);
  CHECK(result.stages[1].status == StageStatus::kPass);
  CHECK(result.stages[2].status == StageStatus::kSkipped);
}

TEST_CASE("sql: forbidden statements and functions fail the check stage, located") {
  const auto result = validate({{"a.sql", "SELECT 1;\n  DELETE FROM cells;"},
                                {"b.sql", "SELECT 'é', x\nFROM t WHERE Pg_Catalog.pg_sleep(1) IS NULL"}});
  CHECK(result.verdict == Verdict::kFail);
  REQUIRE(result.diagnostics.size() == 3);
  for (const Diagnostic& d : result.diagnostics) {
    CHECK(d.code == "sql_forbidden_statement");
    CHECK(d.stage == Stage::kCheck);
  }
  CHECK(result.diagnostics[0].message ==
        "2 statements in one file are not allowed: this environment allows one SELECT");
  CHECK(result.diagnostics[0].location == Location{"a.sql", 2, 3});
  CHECK(result.diagnostics[1].message ==
        "DELETE is not allowed: this environment allows one SELECT");
  CHECK(result.diagnostics[1].location == Location{"a.sql", 2, 3});
  CHECK(result.diagnostics[2].message.rfind("function pg_catalog.pg_sleep is not allowed", 0) == 0);
  CHECK(result.diagnostics[2].location == Location{"b.sql", 2, 14});
}

TEST_CASE("sql: the sqlite dialect is safety-checked when PostgreSQL can parse it") {
  const auto forbidden = validate({{"q.sql", "DROP TABLE cells;"}}, "sqlite");
  CHECK(forbidden.verdict == Verdict::kFail);
  REQUIRE(forbidden.diagnostics.size() == 1);
  CHECK(forbidden.diagnostics[0].code == "sql_forbidden_statement");
  // Backticks are SQLite's alone: the check is skipped, not guessed at.
  const auto skipped = validate({{"q.sql", "SELECT `a` FROM t;"}}, "sqlite");
  CHECK(skipped.verdict == Verdict::kPass);
  REQUIRE(skipped.stages.size() == 3);
  CHECK(skipped.stages[1].status == StageStatus::kSkipped);
}

TEST_CASE("sql: errors carry the exact row and column in the user's file") {
  const std::string sql =
      "SELECT cell_id,\n"
      "       sum(dl_volume) AS total\n"
      "  FROM onu_traffic\n"
      " WHERE technology = 'é5G'\n"
      " GROUPBY cell_id;\n";
  const auto result = validate({{"q.sql", sql}});
  CHECK(result.verdict == Verdict::kFail);
  CHECK(result.score == 0.0);
  REQUIRE(result.diagnostics.size() == 1);
  const Diagnostic& d = result.diagnostics[0];
  CHECK(d.code == "sql_syntax_error");
  CHECK(d.message == "syntax error at or near \"GROUPBY\"");
  CHECK(d.location == Location{"q.sql", 5, 2});
  CHECK(d.stage == Stage::kParse);
  CHECK(d.severity == Severity::kError);
}

TEST_CASE("sql: columns count characters, not bytes") {
  const auto result = validate({{"q.sql", "SELECT 'ééé', 'ü' FRM t"}});
  REQUIRE(result.diagnostics.size() == 1);
  CHECK(result.diagnostics[0].location == Location{"q.sql", 1, 23});
}

TEST_CASE("sql: several files and several broken statements are all reported") {
  const auto result = validate({{"a.sql", "SELECT 1;\nSELEC 2;\nSELECT 3 FROM;\n"},
                                {"b.sql", "SELECT 1"},
                                {"c.sql", "INSERT INTO"}});
  REQUIRE(result.diagnostics.size() == 3);
  CHECK(result.diagnostics[0].location == Location{"a.sql", 2, 1});
  CHECK(result.diagnostics[1].location == Location{"a.sql", 3, 14});
  CHECK(result.diagnostics[2].location->file == "c.sql");
  CHECK(result.diagnostics[2].message == "syntax error at end of input");
}

TEST_CASE("sql: an empty or comment-only file is a clear error") {
  for (const char* content : {"", "   \n", "-- just a comment\n"}) {
    const auto result = validate({{"empty.sql", content}});
    CHECK(result.verdict == Verdict::kFail);
    REQUIRE(result.diagnostics.size() == 1);
    CHECK(result.diagnostics[0].code == "sql_syntax_error");
    CHECK_THAT(result.diagnostics[0].message, Catch::Contains("no SQL statement"));
    CHECK(result.diagnostics[0].location == Location{"empty.sql", 1, 1});
  }
}

TEST_CASE("sql: invalid UTF-8 is an encoding error at the bad byte") {
  const auto result = validate({{"latin1.sql", "SELECT 1;\nSELECT 'caf\xE9';"}});
  CHECK(result.verdict == Verdict::kFail);
  REQUIRE(result.diagnostics.size() == 1);
  CHECK(result.diagnostics[0].code == "sql_encoding_error");
  CHECK(result.diagnostics[0].location == Location{"latin1.sql", 2, 12});
}

TEST_CASE("sql: a NUL byte cannot hide the rest of the file") {
  const auto result = validate({{"nul.sql", std::string("SELECT 1;\0DROP TABLE x", 22)}});
  CHECK(result.verdict == Verdict::kFail);
  REQUIRE(result.diagnostics.size() == 1);
  CHECK(result.diagnostics[0].code == "sql_encoding_error");
}

TEST_CASE("sql: the sqlite dialect uses SQLite's grammar") {
  // Valid SQLite, not valid PostgreSQL (backtick quoting), and the other way round.
  const std::string sqlite_only = "SELECT `a` FROM t;";
  const std::string postgres_only = "SELECT a::int FROM t;";
  CHECK(validate({{"q.sql", sqlite_only}}, "sqlite").verdict == Verdict::kPass);
  CHECK(validate({{"q.sql", sqlite_only}}, "postgres").verdict == Verdict::kFail);
  CHECK(validate({{"q.sql", postgres_only}}, "postgres").verdict == Verdict::kPass);
  const auto result = validate({{"q.sql", "SELECT 1;\n  SELEC 2"}}, "sqlite");
  REQUIRE(result.diagnostics.size() == 1);
  CHECK(result.diagnostics[0].location == Location{"q.sql", 2, 3});
}

TEST_CASE("sql: a 1 MiB query parses, and an error at its end is located") {
  std::string sql = "SELECT 0";
  while (sql.size() < (1 << 20)) sql += " + 1";
  sql += "\nFROM t;";
  CHECK(validate({{"big.sql", sql}}).verdict == Verdict::kPass);
  CHECK(validate({{"big.sql", sql}}, "sqlite").verdict == Verdict::kFail);  // expression too deep
  sql += "\nSELEC";
  const auto result = validate({{"big.sql", sql}});
  REQUIRE(result.diagnostics.size() == 1);
  CHECK(result.diagnostics[0].location == Location{"big.sql", 3, 1});
}

TEST_CASE("sql: unknown dialects are refused") {
  ValidationRequest request;
  request.kind = "sql";
  request.files = {{"q.sql", "SELECT 1"}};
  request.dialect = "mysql";
  auto result = run_validation(registry(), request, "x");
  REQUIRE_FALSE(result);
  CHECK(result.status().code() == "request_invalid");
  CHECK_THAT(result.status().message(), Catch::Contains("postgres, sqlite"));
}
