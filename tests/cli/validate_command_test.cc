// `assay validate` in-process: one artefact from stdin, its name, dialects, the output formats,
// request errors as the service's error body, and usage errors.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "tests/cli/cli_test_support.h"

using namespace assay::testing;
using nlohmann::json;

namespace {

constexpr char kUpsert[] = "INSERT OR REPLACE INTO t VALUES (1);\n";

}  // namespace

TEST_CASE("validate: reads stdin and prints the result JSON, --dialect sqlite is honoured") {
  const auto sqlite =
      run_assay_in_process({"validate", "--kind", "sql", "--dialect", "sqlite", "-"}, kUpsert);
  CHECK(sqlite.exit_code == 0);
  CHECK(sqlite.err.empty());
  const json passed = json::parse(sqlite.out);
  CHECK(passed["kind"] == "sql");
  CHECK(passed["verdict"] == "pass");
  CHECK(passed["score"] == 1.0);
  CHECK(passed["errors"].empty());
  CHECK(passed["validator"]["name"] == "sql");

  const auto postgres = run_assay_in_process({"validate", "--kind", "sql", "-"}, kUpsert);
  CHECK(postgres.exit_code == 1);
  const json failed = json::parse(postgres.out);
  CHECK(failed["verdict"] == "fail");
  REQUIRE(failed["errors"].size() == 1);
  CHECK(failed["errors"][0]["code"] == "sql_syntax_error");
  CHECK(failed["errors"][0]["location"] == json{{"file", "<stdin>"}, {"row", 1}, {"col", 8}});
}

TEST_CASE("validate: --path names the artefact in every location and format") {
  const auto text = run_assay_in_process(
      {"validate", "--kind=sql", "--path", "models/q.sql", "--format", "text", "-"},
      "SELECT 1;\nSELEC 2;\n");
  CHECK(text.exit_code == 1);
  CHECK(text.out ==
        "models/q.sql:2:1: error: syntax error at or near \"SELEC\" [sql_syntax_error]\n"
        "assay: 1 error in 1 file\n");
  const auto sarif = run_assay_in_process(
      {"validate", "--kind=sql", "--path", "models/q.sql", "--format", "sarif", "-"},
      "SELECT 1;\nSELEC 2;\n");
  CHECK(sarif.exit_code == 1);
  const json document = json::parse(sarif.out);
  CHECK(document["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
                ["uri"] == "models/q.sql");
  const auto clean =
      run_assay_in_process({"validate", "--kind=sql", "--format=text", "-"}, "SELECT 1;");
  CHECK(clean.exit_code == 0);
  CHECK(clean.out == "assay: 1 file clean\n");
}

TEST_CASE("validate: request errors print the error body on stdout and exit 2") {
  const auto unknown_kind = run_assay_in_process({"validate", "--kind", "cobol", "-"}, "MOVE.");
  CHECK(unknown_kind.exit_code == 2);
  const json kind_body = json::parse(unknown_kind.out);
  REQUIRE(kind_body["errors"].size() == 1);
  CHECK(kind_body["errors"][0]["code"] == "kind_unknown");
  CHECK(kind_body["errors"][0]["message"] == "no validator for kind 'cobol' (known kinds: sql, rego)");

  const auto bad_dialect =
      run_assay_in_process({"validate", "--kind", "sql", "--dialect", "oracle", "-"}, "SELECT 1");
  CHECK(bad_dialect.exit_code == 2);
  CHECK(json::parse(bad_dialect.out)["errors"][0]["code"] == "request_invalid");

  const auto as_text =
      run_assay_in_process({"validate", "--kind", "cobol", "--format", "text", "-"}, "MOVE.");
  CHECK(as_text.exit_code == 2);
  CHECK(as_text.out.empty());
  CHECK(as_text.err == "assay: kind_unknown: no validator for kind 'cobol' (known kinds: sql, rego)\n");
}

TEST_CASE("validate: stdin that is not UTF-8 is a located finding") {
  const auto run =
      run_assay_in_process({"validate", "--kind", "sql", "-"}, "SELECT 1;\nSELECT '\xc3\x28';");
  CHECK(run.exit_code == 1);
  const json result = json::parse(run.out);
  CHECK(result["verdict"] == "fail");
  REQUIRE(result["errors"].size() == 1);
  CHECK(result["errors"][0]["code"] == "sql_encoding_error");
  CHECK(result["errors"][0]["location"] == json{{"file", "<stdin>"}, {"row", 2}, {"col", 9}});
}

TEST_CASE("validate: usage errors exit 2") {
  const auto no_kind = run_assay_in_process({"validate", "-"}, "SELECT 1");
  CHECK(no_kind.exit_code == 2);
  CHECK(no_kind.err.starts_with("assay validate: --kind is required\nusage: assay validate "));
  const auto no_dash = run_assay_in_process({"validate", "--kind", "sql"}, "SELECT 1");
  CHECK(no_dash.exit_code == 2);
  CHECK(no_dash.err.starts_with("assay validate: give '-' to read the artefact from stdin\n"));
  const auto file_operand = run_assay_in_process({"validate", "--kind", "sql", "q.sql"});
  CHECK(file_operand.exit_code == 2);
  const auto empty_path =
      run_assay_in_process({"validate", "--kind", "sql", "--path=", "-"}, "SELECT 1");
  CHECK(empty_path.exit_code == 2);
  CHECK(empty_path.out.empty());
}
