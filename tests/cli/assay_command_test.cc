// The program's dispatch: help, version, unknown commands, and serve's argument errors (which
// return before any server starts).
#include <catch2/catch.hpp>

#include "tests/cli/cli_test_support.h"

using namespace assay::testing;

TEST_CASE("assay: help lists every command on stdout") {
  for (const char* word : {"help", "--help", "-h"}) {
    const auto run = run_assay_in_process({word});
    CHECK(run.exit_code == 0);
    CHECK(run.out.starts_with("usage: assay COMMAND"));
    CHECK(run.out.find("assay check ") != std::string::npos);
    CHECK(run.out.find("assay validate ") != std::string::npos);
    CHECK(run.out.find("assay serve ") != std::string::npos);
    CHECK(run.err.empty());
  }
}

TEST_CASE("assay: --version prints the release") {
  for (const char* word : {"version", "--version"}) {
    const auto run = run_assay_in_process({word});
    CHECK(run.exit_code == 0);
    CHECK(run.out == std::string("assay ") + ASSAY_VERSION + "\n");
  }
}

TEST_CASE("assay: no command or an unknown one exits 2 with the usage on stderr") {
  const auto none = run_assay_in_process({});
  CHECK(none.exit_code == 2);
  CHECK(none.out.empty());
  CHECK(none.err.starts_with("usage: assay COMMAND"));
  const auto unknown = run_assay_in_process({"chekc", "a.sql"});
  CHECK(unknown.exit_code == 2);
  CHECK(unknown.out.empty());
  CHECK(unknown.err.starts_with("assay: unknown command 'chekc'\n\nusage: assay COMMAND"));
}

TEST_CASE("assay serve: flag and config errors exit 2 before listening") {
  const auto bad_flag = run_assay_in_process({"serve", "--port", "80"});
  CHECK(bad_flag.exit_code == 2);
  CHECK(bad_flag.err.starts_with("assay serve: "));
  CHECK(bad_flag.err.find("usage: assay serve ") != std::string::npos);
  const auto missing_config =
      run_assay_in_process({"serve", "--config", "/nonexistent/assayd.yaml"});
  CHECK(missing_config.exit_code == 2);
  CHECK(missing_config.err.find("/nonexistent/assayd.yaml") != std::string::npos);
  const auto bad_listen = run_assay_in_process({"serve", "--listen", "no-port"});
  CHECK(bad_listen.exit_code == 2);
  const auto help = run_assay_in_process({"serve", "--help"});
  CHECK(help.exit_code == 0);
  CHECK(help.out.starts_with("usage: assay serve "));
}
