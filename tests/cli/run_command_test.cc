// `assay run`: the sandbox by hand, as operators use nsjail or bwrap.
#include <catch2/catch.hpp>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>

#include "tests/cli/cli_test_support.h"

using assay::testing::run_assay_in_process;
using assay::testing::ScratchDirectory;
using nlohmann::json;

TEST_CASE("assay run: prints how the command ended as JSON, exit 0 for a clean exit") {
  const auto output = run_assay_in_process({"run", "--", "/bin/sh", "-c", "echo out; echo err >&2"});
  REQUIRE(output.exit_code == 0);
  const json result = json::parse(output.out);
  CHECK(result["reason"] == "exited");
  CHECK(result["exit_code"] == 0);
  CHECK(result["stdout"] == "out\n");
  CHECK(result["stderr"] == "err\n");
  CHECK(result["wall_ms"].get<double>() > 0);
}

TEST_CASE("assay run: any other end exits 1 with the reason in the JSON") {
  const auto failed = run_assay_in_process({"run", "--", "/bin/sh", "-c", "exit 4"});
  CHECK(failed.exit_code == 1);
  CHECK(json::parse(failed.out)["exit_code"] == 4);

  const auto slow = run_assay_in_process({"run", "--timeout-ms", "200", "--", "/bin/sleep", "5"});
  CHECK(slow.exit_code == 1);
  const json timeout = json::parse(slow.out);
  CHECK(timeout["reason"] == "timeout");
  CHECK(timeout["wall_ms"].get<double>() < 2000);

  const auto network = run_assay_in_process(
      {"run", "--", "/usr/bin/python3", "-c", "import socket; socket.socket(socket.AF_INET)"});
  CHECK(network.exit_code == 1);
  CHECK(json::parse(network.out)["denied_syscall"] == "socket");
}

TEST_CASE("assay run: --workspace copies a directory in, and the run cannot change it") {
  ScratchDirectory scratch;
  scratch.write("in/data.txt", "hello\n");
  scratch.write("in/sub/more.txt", "more\n");
  const auto output = run_assay_in_process(
      {"run", "--workspace", (scratch.path() / "in").string(), "--", "/bin/sh", "-c",
       "cat data.txt sub/more.txt; echo changed > data.txt"});
  REQUIRE(output.exit_code == 0);
  CHECK(json::parse(output.out)["stdout"] == "hello\nmore\n");
  std::ifstream original(scratch.path() / "in/data.txt");
  std::string text((std::istreambuf_iterator<char>(original)), std::istreambuf_iterator<char>());
  CHECK(text == "hello\n");
}

TEST_CASE("assay run: --memory-mb limits memory, --stdin feeds the command") {
  ScratchDirectory scratch;
  const std::string input = scratch.write("input.txt", "fed\n");
  const auto fed = run_assay_in_process({"run", "--stdin", input, "--", "/bin/cat"});
  CHECK(json::parse(fed.out)["stdout"] == "fed\n");
  const auto hungry = run_assay_in_process(
      {"run", "--memory-mb", "32", "--", "/usr/bin/python3", "-c", "b = bytearray(400 << 20)"});
  CHECK(hungry.exit_code == 1);
  const json result = json::parse(hungry.out);
  // With a cgroup the run is OOM-killed; without one RLIMIT_AS makes the allocation fail.
  CHECK((result["reason"] == "memory_limit" || result["exit_code"] == 1));
}

TEST_CASE("assay run: usage, policy and exec errors exit 2") {
  CHECK(run_assay_in_process({"run"}).exit_code == 2);
  CHECK(run_assay_in_process({"run", "--profile", "nope", "--", "/bin/true"}).exit_code == 2);
  CHECK(run_assay_in_process({"run", "--timeout-ms", "0", "--", "/bin/true"}).exit_code == 2);
  CHECK(run_assay_in_process({"run", "--policies", "/nonexistent", "--", "/bin/true"}).exit_code ==
        2);
  const auto missing = run_assay_in_process({"run", "--", "no-such-command"});
  CHECK(missing.exit_code == 2);
  CHECK_THAT(missing.err, Catch::Contains("sandbox_exec_error"));
}
