// The real `assay` program, as a pre-commit hook runs it: arguments, stdin, the working
// directory, the exit status.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "tests/cli/cli_test_support.h"

using namespace assay::testing;
using nlohmann::json;

TEST_CASE("assay binary: check prints findings relative to its working directory") {
  ScratchDirectory dir;
  dir.write("clean.sql", "SELECT 1;\n");
  const std::string broken = dir.write("sql/broken.sql", "SELECT 1;\n\n  SELECT FROM WHERE;\n");
  const auto run =
      run_process({binary("assay"), "check", "clean.sql", broken}, {}, dir.path().string());
  CHECK(run.exit_code == 1);
  CHECK(run.out ==
        "sql/broken.sql:3:15: error: syntax error at or near \"WHERE\" [sql_syntax_error]\n"
        "assay: 1 error in 2 files\n");
  CHECK(run.err.empty());

  const auto clean = run_process({binary("assay"), "check", "clean.sql"}, {}, dir.path().string());
  CHECK(clean.exit_code == 0);
  CHECK(clean.out == "assay: 1 file clean\n");
}

TEST_CASE("assay binary: exit 2 for a missing file, nothing checkable, an unknown command") {
  ScratchDirectory dir;
  dir.write("notes.md", "# notes");
  const auto missing = run_process({binary("assay"), "check", "gone.sql"}, {}, dir.path().string());
  CHECK(missing.exit_code == 2);
  CHECK(missing.err == "assay: cannot read gone.sql: No such file or directory\n");
  const auto nothing = run_process({binary("assay"), "check", "notes.md"}, {}, dir.path().string());
  CHECK(nothing.exit_code == 2);
  const auto unknown = run_process({binary("assay"), "lint"});
  CHECK(unknown.exit_code == 2);
  CHECK(unknown.err.starts_with("assay: unknown command 'lint'"));
  const auto none = run_process({binary("assay")});
  CHECK(none.exit_code == 2);
}

TEST_CASE("assay binary: validate reads the artefact from stdin") {
  const auto run = run_process(
      {binary("assay"), "validate", "--kind", "sql", "--dialect", "sqlite", "--path", "q.sql", "-"},
      "SELECT 1;\nSELECT * FORM t;\n");
  CHECK(run.exit_code == 1);
  const json result = json::parse(run.out);
  CHECK(result["verdict"] == "fail");
  REQUIRE(result["errors"].size() == 1);
  CHECK(result["errors"][0]["location"]["file"] == "q.sql");
  CHECK(result["errors"][0]["location"]["row"] == 2);

  const auto clean = run_process({binary("assay"), "validate", "--kind", "sql", "-"}, "SELECT 1");
  CHECK(clean.exit_code == 0);
  CHECK(json::parse(clean.out)["verdict"] == "pass");
}

TEST_CASE("assay binary: --version and --help") {
  const auto version = run_process({binary("assay"), "--version"});
  CHECK(version.exit_code == 0);
  CHECK(version.out == std::string("assay ") + ASSAY_VERSION + "\n");
  const auto help = run_process({binary("assay"), "--help"});
  CHECK(help.exit_code == 0);
  CHECK(help.out.starts_with("usage: assay COMMAND"));
}
