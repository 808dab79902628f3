// `--server URL`: the same answers through a real assayd as in-process, the encoding case kept
// local, server and request errors, an unreachable server, and `assay serve` itself.
#include <signal.h>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "tests/cli/cli_test_support.h"

using namespace assay::testing;
using nlohmann::json;

namespace {

void write_mixed_files(const ScratchDirectory& dir) {
  dir.write("clean.sql", "SELECT 1;\n");
  dir.write("broken.sql", "SELECT a,\n       b\n  FROM t\n WHERE;\n");
  dir.write("models/daily.sql", "SELECT day, count(*)\n  FROM events\n GROUP day;\n");
  dir.write("upsert.sql", "INSERT OR REPLACE INTO t VALUES (1);\n");
  dir.write("README.md", "not checked");
}

const std::vector<std::string> kMixedFiles = {"clean.sql", "README.md", "broken.sql",
                                              "models/daily.sql", "upsert.sql"};

std::vector<std::string> with(std::vector<std::string> head, const std::vector<std::string>& tail) {
  head.insert(head.end(), tail.begin(), tail.end());
  return head;
}

// A result list without what differs from run to run.
json without_ids_and_timings(json results) {
  for (json& result : results["results"]) {
    result.erase("validation_id");
    result.erase("duration_ms");
    for (json& stage : result["stages"]) stage.erase("duration_ms");
  }
  return results;
}

}  // namespace

TEST_CASE("server mode: check prints the same lines, summary and exit code as in-process") {
  RunningAssayd server;
  ScratchDirectory dir;
  write_mixed_files(dir);
  for (const std::vector<std::string>& flags :
       {std::vector<std::string>{}, {"--dialect", "sqlite"}, {"--format", "sarif"}}) {
    const auto local = run_assay_in_process(with(with({"check"}, flags), kMixedFiles));
    const auto remote =
        run_assay_in_process(with(with({"check", "--server", server.url()}, flags), kMixedFiles));
    INFO("flags: " << json(flags).dump());
    CHECK(local.exit_code == 1);
    CHECK(remote.exit_code == local.exit_code);
    CHECK(remote.out == local.out);
    CHECK(remote.err == local.err);
  }
  const auto text = run_assay_in_process(with({"check", "--server", server.url()}, kMixedFiles));
  CHECK(text.out ==
        "broken.sql:4:7: error: syntax error at or near \";\" [sql_syntax_error]\n"
        "models/daily.sql:3:8: error: syntax error at or near \"day\" [sql_syntax_error]\n"
        "upsert.sql:1:8: error: syntax error at or near \"OR\" [sql_syntax_error]\n"
        "assay: 3 errors in 4 files\n");
}

TEST_CASE("server mode: JSON results match in-process ones but for ids and timings") {
  RunningAssayd server;
  ScratchDirectory dir;
  write_mixed_files(dir);
  const auto local = run_assay_in_process(with({"check", "--format", "json"}, kMixedFiles));
  const auto remote = run_assay_in_process(
      with({"check", "--format", "json", "--server", server.url() + "/"}, kMixedFiles));
  CHECK(remote.exit_code == local.exit_code);
  CHECK(without_ids_and_timings(json::parse(remote.out)) ==
        without_ids_and_timings(json::parse(local.out)));
}

TEST_CASE("server mode: a group with a file that is not UTF-8 is judged locally") {
  RunningAssayd server;
  ScratchDirectory dir;
  dir.write("nul.sql", std::string("SELECT\0 1;", 10));
  const auto run = run_assay_in_process({"check", "--server", server.url(), "nul.sql"});
  CHECK(run.exit_code == 1);
  CHECK(run.out ==
        "nul.sql:1:7: error: the file contains a NUL byte [sql_encoding_error]\n"
        "assay: 1 error in 1 file\n");
}

TEST_CASE("server mode: the server's request errors are printed as assay: CODE: MESSAGE") {
  RunningAssayd server;
  ScratchDirectory dir;
  dir.write("clean.sql", "SELECT 1;\n");
  const auto local = run_assay_in_process({"check", "--dialect", "oracle", "clean.sql"});
  const auto remote =
      run_assay_in_process({"check", "--server", server.url(), "--dialect", "oracle", "clean.sql"});
  CHECK(remote.exit_code == 2);
  CHECK(remote.out.empty());
  CHECK(remote.err.starts_with("assay: request_invalid: dialect 'oracle'"));
  CHECK(remote.err == local.err);
}

TEST_CASE("server mode: validate gives the same result and the same error bodies") {
  RunningAssayd server;
  const auto remote = run_assay_in_process(
      {"validate", "--server", server.url(), "--kind", "sql", "--format", "text", "-"},
      "SELECT 1;\nSELEC 2;\n");
  CHECK(remote.exit_code == 1);
  CHECK(remote.out ==
        "<stdin>:2:1: error: syntax error at or near \"SELEC\" [sql_syntax_error]\n"
        "assay: 1 error in 1 file\n");
  const auto unknown_kind =
      run_assay_in_process({"validate", "--server", server.url(), "--kind", "cobol", "-"}, "X");
  CHECK(unknown_kind.exit_code == 2);
  CHECK(json::parse(unknown_kind.out)["errors"][0]["code"] == "kind_unknown");
}

TEST_CASE("server mode: an unreachable server exits 2") {
  ScratchDirectory dir;
  dir.write("clean.sql", "SELECT 1;\n");
  const std::string url = unreachable_server_url();
  const auto check = run_assay_in_process({"check", "--server", url, "clean.sql"});
  CHECK(check.exit_code == 2);
  CHECK(check.out.empty());
  CHECK(check.err.starts_with("assay: server_unreachable: "));
  const auto bad_url = run_assay_in_process({"check", "--server", "ftp://x", "clean.sql"});
  CHECK(bad_url.exit_code == 2);
  CHECK(bad_url.err.starts_with("assay: request_invalid: "));
  const auto validate =
      run_assay_in_process({"validate", "--server", url, "--kind", "sql", "-"}, "SELECT 1");
  CHECK(validate.exit_code == 2);
  CHECK(json::parse(validate.out)["errors"][0]["code"] == "server_unreachable");
}

TEST_CASE("server mode: the real binaries, assay serve answering assay check --server") {
  BackgroundProcess serve({binary("assay"), "serve", "--listen", "127.0.0.1:0"});
  const std::string line = serve.read_line(10000);
  const std::string prefix = "assayd listening on ";
  REQUIRE(line.starts_with(prefix));
  const std::string url = "http://" + line.substr(prefix.size());

  ScratchDirectory dir;
  write_mixed_files(dir);
  const auto local =
      run_process(with({binary("assay"), "check"}, kMixedFiles), {}, dir.path().string());
  const auto remote = run_process(with({binary("assay"), "check", "--server", url}, kMixedFiles),
                                  {}, dir.path().string());
  CHECK(remote.exit_code == 1);
  CHECK(remote.out == local.out);
  CHECK(remote.err == local.err);

  const auto unreachable =
      run_process({binary("assay"), "check", "--server", unreachable_server_url(), "clean.sql"}, {},
                  dir.path().string());
  CHECK(unreachable.exit_code == 2);

  serve.send_signal(SIGTERM);
  CHECK(serve.wait(15000) == 0);
}
