// `assay test DIR`: the test_ rules of a directory of policies, run in the sandbox and reported
// as `opa test` reports them.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "src/cli/test_command.h"
#include "tests/cli/cli_test_support.h"

using namespace assay::testing;
using nlohmann::json;

namespace {

const char* kPolicy =
    "package authz\n"
    "\n"
    "allow if input.user == \"admin\"\n";

const char* kTests =
    "package authz_test\n"
    "\n"
    "import data.authz\n"
    "\n"
    "test_admin if authz.allow with input as {\"user\": \"admin\"}\n"
    "test_guest if authz.allow with input as {\"user\": \"guest\"}\n"
    "test_nobody if not authz.allow with input as {}\n"
    "todo_test_audit if false\n";

}  // namespace

TEST_CASE("assay test: failures are listed as opa test lists them, then the counts") {
  ScratchDirectory dir;
  dir.write("policies/authz.rego", kPolicy);
  dir.write("policies/tests/authz_test.rego", kTests);
  dir.write("policies/README.md", "not a policy");
  const auto output = run_assay_in_process({"test", "policies"});
  INFO(output.err);
  CHECK(output.exit_code == 1);
  const std::string dashes(80, '-');
  CHECK_THAT(output.out, Catch::StartsWith("policies/tests/authz_test.rego:6:\n"
                                           "data.authz_test.test_guest: FAIL ("));
  CHECK_THAT(output.out, Catch::Contains("policies/tests/authz_test.rego:8:\n"
                                         "data.authz_test.todo_test_audit: SKIPPED\n"));
  CHECK_THAT(output.out, Catch::EndsWith(dashes + "\nPASS: 2/4\nFAIL: 1/4\nSKIPPED: 1/4\n"));
  CHECK(output.out.find("test_admin") == std::string::npos);  // passes are listed with -v only
}

TEST_CASE("assay test: --verbose lists every test; --run selects by regular expression") {
  ScratchDirectory dir;
  dir.write("p/authz.rego", kPolicy);
  dir.write("p/authz_test.rego", kTests);
  const auto verbose = run_assay_in_process({"test", "-v", "p"});
  CHECK_THAT(verbose.out, Catch::Contains("data.authz_test.test_admin: PASS ("));
  CHECK_THAT(verbose.out, Catch::Contains("data.authz_test.test_nobody: PASS ("));

  const auto selected = run_assay_in_process({"test", "--run", "test_(admin|nobody)$", "p"});
  CHECK(selected.exit_code == 0);
  CHECK(selected.out == "PASS: 2/2\n");
}

TEST_CASE("assay test: JSON output is opa test's result array") {
  ScratchDirectory dir;
  dir.write("authz.rego", kPolicy);
  dir.write("authz_test.rego", kTests);
  const auto output = run_assay_in_process({"test", "--format", "json", "."});
  CHECK(output.exit_code == 1);
  const json results = json::parse(output.out);
  REQUIRE(results.size() == 4);
  CHECK(results[0]["package"] == "data.authz_test");
  CHECK(results[0]["name"] == "test_admin");
  CHECK(results[0]["location"] == json{{"file", "authz_test.rego"}, {"row", 5}, {"col", 1}});
  CHECK_FALSE(results[0].contains("fail"));
  CHECK(results[1]["fail"] == true);
  CHECK(results[3]["skip"] == true);
  CHECK(results[0]["duration"].is_number_integer());
}

TEST_CASE("assay test: an erroring test, a broken policy, and nothing to test") {
  ScratchDirectory dir;
  dir.write("err/p.rego",
            "package p\nx := 1 if input.a\nx := 2 if input.a\n"
            "test_x if x == 1 with input as {\"a\": true}\n");
  const auto errored = run_assay_in_process({"test", "err"});
  CHECK(errored.exit_code == 1);
  CHECK_THAT(errored.out, Catch::Contains("data.p.test_x: ERROR ("));
  CHECK_THAT(errored.out, Catch::Contains("  err/p.rego:"));
  CHECK_THAT(errored.out, Catch::EndsWith("ERROR: 1/1\n"));

  dir.write("broken/p.rego", "package p\nallow if {\n");
  const auto broken = run_assay_in_process({"test", "broken"});
  CHECK(broken.exit_code == 1);
  CHECK_THAT(broken.err, Catch::Contains("broken/p.rego:"));
  CHECK_THAT(broken.err, Catch::Contains("[rego_parse_error]"));

  dir.write("none/p.rego", kPolicy);
  const auto none = run_assay_in_process({"test", "none"});
  CHECK(none.exit_code == 0);
  CHECK(none.out == "no test cases found\n");

  dir.write("empty/readme.txt", "");
  CHECK(run_assay_in_process({"test", "empty"}).exit_code == 2);
  CHECK(run_assay_in_process({"test"}).exit_code == 2);
  CHECK(run_assay_in_process({"test", "--format", "sarif", "."}).exit_code == 2);
}

TEST_CASE("assay test: the real binary finds its harness and runs the tests") {
  ScratchDirectory dir;
  dir.write("authz.rego", kPolicy);
  dir.write("authz_test.rego", kTests);
  const auto run = run_process({binary("assay"), "test", "--run", "admin", "."}, {},
                               dir.path().string());
  CHECK(run.exit_code == 0);
  CHECK(run.out == "PASS: 1/1\n");
}

TEST_CASE("assay test: durations print as Go prints them") {
  using assay::cli::go_duration;
  CHECK(go_duration(0) == "0s");
  CHECK(go_duration(0.000850) == "850ns");
  CHECK(go_duration(0.212345) == "212.345µs");
  CHECK(go_duration(0.2) == "200µs");
  CHECK(go_duration(1.5) == "1.5ms");
  CHECK(go_duration(2000.001) == "2.000001s");
  CHECK(go_duration(63000) == "1m3s");
  CHECK(go_duration(3600000) == "1h0m0s");
}
