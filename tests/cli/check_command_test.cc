// `assay check` in-process: exit codes, the exact text lines, the summary, paths, JSON and
// SARIF output, dialects, files that cannot be read or checked, and text that is not UTF-8.
#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "tests/cli/cli_test_support.h"
#include "validators/validator_table.h"

using namespace assay;
using namespace assay::testing;
using nlohmann::json;

namespace {

constexpr char kBrokenSql[] =
    "SELECT cell_id,\n"
    "       sum(dl_volume) AS total\n"
    "  FROM onu_traffic\n"
    " GROUPBY cell_id;\n"
    "SELEC 2;\n";

constexpr char kBrokenSqlLines[] =
    "broken.sql:4:10: error: syntax error at or near \"cell_id\" [sql_syntax_error]\n"
    "broken.sql:5:1: error: syntax error at or near \"SELEC\" [sql_syntax_error]\n";

// A validator for *.warn files that only warns, and one for *.boom files whose parse throws.
class FakeJob : public ValidationJob {
 public:
  explicit FakeJob(bool faulty) : faulty_(faulty) {}
  void parse(StageReport& report) override {
    if (faulty_) throw std::runtime_error("boom");
    report.warning("fake_style", "a remark", Location{"x.warn", 1, 1});
  }

 private:
  bool faulty_;
};

class FakeValidator : public Validator {
 public:
  FakeValidator(std::string name, bool faulty)
      : Validator(ValidatorInfo{.name = name,
                                .version = "1",
                                .kinds = {name},
                                .file_patterns = {"*." + name},
                                .stages = {Stage::kParse},
                                .encoding_error_code = name + "_encoding_error"}),
        faulty_(faulty) {}
  std::unique_ptr<ValidationJob> start(const ValidationRequest&) const override {
    return std::make_unique<FakeJob>(faulty_);
  }

 private:
  bool faulty_;
};

const Registry& registry_with_fakes() {
  static const Registry registry = [] {
    Registry r = make_registry();
    r.add(std::make_unique<FakeValidator>("warn", false));
    r.add(std::make_unique<FakeValidator>("boom", true));
    return r;
  }();
  return registry;
}

}  // namespace

TEST_CASE("check: a clean file exits 0 with a one-line summary") {
  ScratchDirectory dir;
  dir.write("clean.sql", "SELECT 1;\n");
  const auto run = run_assay_in_process({"check", "clean.sql"});
  CHECK(run.exit_code == 0);
  CHECK(run.out == "assay: 1 file clean\n");
  CHECK(run.err.empty());
}

TEST_CASE("check: a broken multi-line file exits 1 with one line per error at row:col") {
  ScratchDirectory dir;
  dir.write("broken.sql", kBrokenSql);
  const auto run = run_assay_in_process({"check", "broken.sql"});
  CHECK(run.exit_code == 1);
  CHECK(run.out == std::string(kBrokenSqlLines) + "assay: 2 errors in 1 file\n");
  CHECK(run.err.empty());
}

TEST_CASE("check: several files, the summary counts every file checked") {
  ScratchDirectory dir;
  dir.write("broken.sql", kBrokenSql);
  dir.write("clean.sql", "SELECT 1;\n");
  dir.write("models/more.sql", "SELECT 2 FROM;\n");
  const auto run =
      run_assay_in_process({"check", "clean.sql", "broken.sql", "models/more.sql", "clean.sql"});
  CHECK(run.exit_code == 1);
  CHECK(run.out == std::string(kBrokenSqlLines) +
                       "models/more.sql:1:14: error: syntax error at or near \";\" "
                       "[sql_syntax_error]\n"
                       "assay: 3 errors in 3 files\n");
}

TEST_CASE("check: absolute paths under the current directory become relative, others stay") {
  ScratchDirectory outer;
  const std::string outside = outer.write("outside.sql", "SELEC 1;\n");
  ScratchDirectory dir;
  const std::string inside = dir.write("sub/inside.sql", "SELEC 1;\n");
  const auto run = run_assay_in_process({"check", inside, outside});
  CHECK(run.exit_code == 1);
  CHECK(run.out ==
        "sub/inside.sql:1:1: error: syntax error at or near \"SELEC\" [sql_syntax_error]\n" +
            outside +
            ":1:1: error: syntax error at or near \"SELEC\" [sql_syntax_error]\n"
            "assay: 2 errors in 2 files\n");
}

TEST_CASE("check: files no validator handles are skipped with a note") {
  ScratchDirectory dir;
  dir.write("clean.sql", "SELECT 1;\n");
  dir.write("notes.txt", "not an artefact");
  const auto run = run_assay_in_process({"check", "notes.txt", "clean.sql"});
  CHECK(run.exit_code == 0);
  CHECK(run.out == "assay: 1 file clean\n");
  CHECK(run.err == "assay: skipping notes.txt: no validator for this file name\n");
}

TEST_CASE("check: no checkable file at all exits 2") {
  ScratchDirectory dir;
  dir.write("notes.txt", "not an artefact");
  const auto run = run_assay_in_process({"check", "notes.txt", "README"});
  CHECK(run.exit_code == 2);
  CHECK(run.out.empty());
  CHECK(run.err ==
        "assay: skipping notes.txt: no validator for this file name\n"
        "assay: skipping README: no validator for this file name\n"
        "assay: no file to check: no validator handles any of the files given\n");
}

TEST_CASE("check: a missing file or a directory exits 2 with nothing on stdout") {
  ScratchDirectory dir;
  dir.write("clean.sql", "SELECT 1;\n");
  std::filesystem::create_directory(dir.path() / "folder.sql");
  const auto missing = run_assay_in_process({"check", "clean.sql", "missing.sql"});
  CHECK(missing.exit_code == 2);
  CHECK(missing.out.empty());
  CHECK(missing.err == "assay: cannot read missing.sql: No such file or directory\n");
  const auto folder = run_assay_in_process({"check", "folder.sql"});
  CHECK(folder.exit_code == 2);
  CHECK(folder.err == "assay: cannot read folder.sql: it is a directory\n");
}

TEST_CASE("check: usage errors exit 2 with the command's usage") {
  const auto no_files = run_assay_in_process({"check"});
  CHECK(no_files.exit_code == 2);
  CHECK(no_files.err.starts_with("assay check: no files given\nusage: assay check "));
  const auto bad_flag = run_assay_in_process({"check", "--strict", "a.sql"});
  CHECK(bad_flag.exit_code == 2);
  CHECK(bad_flag.err.starts_with("assay check: unknown flag --strict\n"));
  const auto bad_format = run_assay_in_process({"check", "--format", "xml", "a.sql"});
  CHECK(bad_format.exit_code == 2);
  CHECK(bad_format.err.starts_with("assay check: unknown format 'xml' (use text, json or sarif)"));
  const auto help = run_assay_in_process({"check", "--help"});
  CHECK(help.exit_code == 0);
  CHECK(help.out.starts_with("usage: assay check "));
}

TEST_CASE("check: --dialect picks the dialect; one the validator lacks exits 2") {
  ScratchDirectory dir;
  dir.write("upsert.sql", "INSERT OR REPLACE INTO t VALUES (1);\n");
  const auto postgres = run_assay_in_process({"check", "upsert.sql"});
  CHECK(postgres.exit_code == 1);
  CHECK(postgres.out ==
        "upsert.sql:1:8: error: syntax error at or near \"OR\" [sql_syntax_error]\n"
        "assay: 1 error in 1 file\n");
  const auto sqlite = run_assay_in_process({"check", "--dialect", "sqlite", "upsert.sql"});
  CHECK(sqlite.exit_code == 0);
  CHECK(sqlite.out == "assay: 1 file clean\n");
  const auto oracle = run_assay_in_process({"check", "--dialect=oracle", "upsert.sql"});
  CHECK(oracle.exit_code == 2);
  CHECK(oracle.out.empty());
  CHECK(oracle.err ==
        "assay: request_invalid: dialect 'oracle' is not supported by validator sql "
        "(supported: postgres, sqlite)\n");
}

TEST_CASE("check: --format json prints {\"results\": [...]} that parses") {
  ScratchDirectory dir;
  dir.write("broken.sql", kBrokenSql);
  dir.write("clean.sql", "SELECT 1;\n");
  const auto run = run_assay_in_process({"check", "--format", "json", "clean.sql", "broken.sql"});
  CHECK(run.exit_code == 1);
  const json body = json::parse(run.out);
  REQUIRE(body["results"].size() == 1);  // one kind, one request
  const json& result = body["results"][0];
  CHECK(result["kind"] == "sql");
  CHECK(result["verdict"] == "fail");
  CHECK(result["score"] == 0.0);
  CHECK(result["validation_id"].get<std::string>().size() == 32);
  REQUIRE(result["errors"].size() == 2);
  CHECK(result["errors"][0]["location"] == json{{"file", "broken.sql"}, {"row", 4}, {"col", 10}});
}

TEST_CASE("check: --format sarif has SARIF 2.1.0's required fields") {
  ScratchDirectory dir;
  dir.write("clean.sql", "SELECT 1;\n");
  const std::string broken = dir.write("my queries/broken.sql", kBrokenSql);
  dir.write("x.warn", "anything");
  const auto run = run_assay_in_process({"check", "--format=sarif", "clean.sql", broken, "x.warn"},
                                        {}, registry_with_fakes());
  CHECK(run.exit_code == 1);
  const json sarif = json::parse(run.out);
  CHECK(sarif["version"] == "2.1.0");
  CHECK(sarif["$schema"].get<std::string>().find("sarif") != std::string::npos);
  REQUIRE(sarif["runs"].size() == 1);
  const json& driver = sarif["runs"][0]["tool"]["driver"];
  CHECK(driver["name"] == "assay");
  CHECK(driver["version"] == ASSAY_VERSION);
  std::vector<std::string> rule_ids;
  for (const json& rule : driver["rules"]) rule_ids.push_back(rule["id"]);
  CHECK(rule_ids == std::vector<std::string>{"sql_syntax_error", "fake_style"});

  const json& results = sarif["runs"][0]["results"];
  REQUIRE(results.size() == 3);
  for (const json& r : results) {
    CHECK_FALSE(r["message"]["text"].get<std::string>().empty());
    CHECK(std::find(rule_ids.begin(), rule_ids.end(), r["ruleId"]) != rule_ids.end());
  }
  CHECK(results[0]["ruleId"] == "sql_syntax_error");
  CHECK(results[0]["level"] == "error");
  CHECK(results[0]["message"]["text"] == "syntax error at or near \"cell_id\"");
  const json& first = results[0]["locations"][0]["physicalLocation"];
  CHECK(first["artifactLocation"]["uri"] == "my%20queries/broken.sql");  // relative to cwd
  CHECK(first["region"]["startLine"] == 4);
  CHECK(first["region"]["startColumn"] == 10);
  CHECK(results[1]["locations"][0]["physicalLocation"]["region"]["startLine"] == 5);
  CHECK(results[2]["ruleId"] == "fake_style");
  CHECK(results[2]["level"] == "warning");
  CHECK(results[2]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "x.warn");
}

TEST_CASE("check: a file that is not UTF-8 is a located finding, not a crash") {
  ScratchDirectory dir;
  dir.write("latin1.sql", "SELECT 1;\nSELECT 'caf\xe9';\n");
  dir.write("nul.sql", std::string("SELECT 1;\0", 10));
  const auto run = run_assay_in_process({"check", "latin1.sql", "nul.sql"});
  CHECK(run.exit_code == 1);
  CHECK(run.out ==
        "latin1.sql:2:12: error: the file is not valid UTF-8 text [sql_encoding_error]\n"
        "nul.sql:1:10: error: the file contains a NUL byte [sql_encoding_error]\n"
        "assay: 2 errors in 2 files\n");
  const auto as_json = run_assay_in_process({"check", "--format", "json", "latin1.sql"});
  CHECK(json::parse(as_json.out)["results"][0]["verdict"] == "fail");
}

TEST_CASE("check: warnings alone are clean, a validator fault exits 2") {
  ScratchDirectory dir;
  dir.write("x.warn", "anything");
  dir.write("x.boom", "anything");
  dir.write("clean.sql", "SELECT 1;\n");
  const auto warned =
      run_assay_in_process({"check", "x.warn", "clean.sql"}, {}, registry_with_fakes());
  CHECK(warned.exit_code == 0);
  CHECK(warned.out ==
        "x.warn:1:1: warning: a remark [fake_style]\n"
        "assay: 1 warning in 2 files\n");
  const auto faulty =
      run_assay_in_process({"check", "x.boom", "x.warn"}, {}, registry_with_fakes());
  CHECK(faulty.exit_code == 2);
  CHECK(faulty.out ==
        "assay: error: the boom validator's parse stage could not judge the artefact: internal "
        "error: boom [internal_error]\n"
        "x.warn:1:1: warning: a remark [fake_style]\n"
        "assay: 1 error, 1 warning in 2 files\n");
}
