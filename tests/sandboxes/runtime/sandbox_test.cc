// The sandbox's contract, as a validator uses it: files in, command run, result out.
// (tests/escape/ attacks it; these tests check that it does its ordinary job right.)
#include "sandboxes/runtime/sandbox.h"

#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <thread>

#include "sandboxes/runtime/run_diagnostics.h"

using namespace assay;
using namespace assay::sandbox;

namespace {

const SandboxProfile& default_profile() {
  static const PolicySet policies = [] {
    auto loaded = PolicySet::load_embedded();
    REQUIRE(loaded);
    return std::move(loaded).value();
  }();
  return *policies.find("default");
}

const CgroupHost& cgroups() {
  static const CgroupHost host = CgroupHost::detect();
  return host;
}

RunResult run(RunSpec spec) {
  const Sandbox sandbox(default_profile(), cgroups());
  Result<RunResult> result = sandbox.run(spec);
  if (!result) FAIL(result.status().code() << ": " << result.status().message());
  return std::move(result).value();
}

RunResult run_with(const Sandbox& sandbox, const RunSpec& spec) {
  Result<RunResult> result = sandbox.run(spec);
  if (!result) FAIL(result.status().code() << ": " << result.status().message());
  return std::move(result).value();
}

RunSpec shell(const std::string& script) {
  RunSpec spec;
  spec.argv = {"/bin/sh", "-c", script};
  return spec;
}

}  // namespace

TEST_CASE("sandbox: runs a command with its workspace files, stdin and exit code") {
  RunSpec spec = shell("cat data/input.txt; cat; ./tool.sh; pwd; exit 3");
  spec.files = {{"data/input.txt", "from a file\n", false},
                {"tool.sh", "#!/bin/sh\necho from a script\n", true}};
  spec.stdin_data = "from stdin\n";
  const RunResult result = run(spec);
  CHECK(result.reason() == EndReason::kExited);
  CHECK(result.exit_code == 3);
  CHECK(result.stdout_text == "from a file\nfrom stdin\nfrom a script\n/workspace\n");
  CHECK(result.stderr_text.empty());
  CHECK(result.wall_ms > 0);
}

TEST_CASE("sandbox: the environment is the profile's plus the run's, nothing of the host") {
  setenv("ASSAY_HOST_ONLY", "secret", 1);
  RunSpec spec = shell("env | sort");
  spec.env = {{"EXTRA", "yes"}};
  const RunResult result = run(spec);
  unsetenv("ASSAY_HOST_ONLY");
  CHECK(result.stdout_text.find("EXTRA=yes\n") != std::string::npos);
  CHECK(result.stdout_text.find("PATH=") != std::string::npos);
  CHECK(result.stdout_text.find("HOME=/workspace\n") != std::string::npos);
  CHECK(result.stdout_text.find("ASSAY_HOST_ONLY") == std::string::npos);
}

TEST_CASE("sandbox: the run is an unprivileged user in namespaces of its own") {
  // /proc lists the run's own processes only: init (1), the shell (2) and its pipeline.
  const RunResult result =
      run(shell("id -u; id -g; hostname; ls /; ls /proc | grep '^[0-9]' | sort -n | head -2 | tr '\\n' ' '"));
  CHECK(result.stdout_text ==
        "1000\n1000\nassay\nbin\ndev\netc\nlib\nlib64\nproc\nsbin\ntmp\nusr\nworkspace\n1 2 ");
}

TEST_CASE("sandbox: the root is read-only, /workspace and /tmp are writable") {
  const RunResult result = run(shell(
      "touch /x 2>/dev/null || echo root-ro; touch /usr/x 2>/dev/null || echo usr-ro;"
      "echo a > /workspace/a && echo ws-rw; echo b > /tmp/b && echo tmp-rw"));
  CHECK(result.stdout_text == "root-ro\nusr-ro\nws-rw\ntmp-rw\n");
}

TEST_CASE("sandbox: output beyond the cap stops the run and is marked") {
  RunSpec spec = shell("yes assay");
  ResourceLimits limits = default_profile().limits;
  limits.output_bytes = 4096;
  spec.limits = limits;
  const RunResult result = run(spec);
  CHECK(result.reason() == EndReason::kOutputLimit);
  CHECK(result.output_truncated);
  CHECK(result.stdout_text.size() == 4096);
  const auto diagnostic = run_diagnostic(result, limits);
  REQUIRE(diagnostic);
  CHECK(diagnostic->code == "sandbox_output_limit");
}

TEST_CASE("sandbox: the wall-clock timeout kills the run, grandchildren included") {
  RunSpec spec = shell("sleep 30 & sleep 30; echo never");
  ResourceLimits limits = default_profile().limits;
  limits.wall_timeout_ms = 300;
  spec.limits = limits;
  const RunResult result = run(spec);
  CHECK(result.reason() == EndReason::kTimeout);
  CHECK(result.timed_out);
  CHECK(result.wall_ms >= 300);
  CHECK(result.wall_ms < 2000);
  CHECK(result.stdout_text.empty());
  CHECK(run_diagnostic(result, limits)->code == "sandbox_timeout");
}

TEST_CASE("sandbox: a command that cannot be executed is an exec error, not a result") {
  const Sandbox sandbox(default_profile(), cgroups());
  RunSpec spec;
  spec.argv = {"no-such-command"};
  auto missing = sandbox.run(spec);
  REQUIRE_FALSE(missing);
  CHECK(missing.status().code() == "sandbox_exec_error");
  CHECK_THAT(missing.status().message(), Catch::Contains("no-such-command"));
  CHECK_THAT(missing.status().message(), Catch::Contains("No such file or directory"));

  spec.argv = {"./data.txt"};
  spec.files = {{"data.txt", "not a program", false}};
  auto not_executable = sandbox.run(spec);
  REQUIRE_FALSE(not_executable);
  CHECK_THAT(not_executable.status().message(), Catch::Contains("Permission denied"));
}

TEST_CASE("sandbox: bad requests are refused before anything runs") {
  const Sandbox sandbox(default_profile(), cgroups());
  RunSpec spec;
  CHECK(sandbox.run(spec).status().code() == "request_invalid");
  spec.argv = {"/bin/true"};
  for (const char* path : {"../escape", "/etc/passwd", "a//b", "a/../../b", ""}) {
    spec.files = {{path, "x", false}};
    auto result = sandbox.run(spec);
    INFO(path);
    REQUIRE_FALSE(result);
    CHECK(result.status().code() == "request_invalid");
  }
  spec.files = {{"same", "x", false}, {"same", "y", false}};
  CHECK(sandbox.run(spec).status().code() == "request_invalid");
  spec.files.clear();
  spec.env = {{"BAD=NAME", "x"}};
  CHECK(sandbox.run(spec).status().code() == "request_invalid");
}

TEST_CASE("sandbox: a run killed by a signal is a crash") {
  // The command is not the namespace's init, so a signal it sends itself is not ignored.
  const RunResult result = run(shell("kill -SEGV $$"));
  CHECK(result.reason() == EndReason::kSignaled);
  CHECK(result.signal == SIGSEGV);
  const auto diagnostic = run_diagnostic(result, default_profile().limits);
  REQUIRE(diagnostic);
  CHECK(diagnostic->code == "sandbox_crashed");
  CHECK_THAT(diagnostic->message, Catch::Contains("SIGSEGV"));
}

TEST_CASE("sandbox: results have one reason, most specific first, and a JSON form") {
  RunResult r;
  r.exit_code = 0;
  CHECK(r.reason() == EndReason::kExited);
  CHECK_FALSE(run_diagnostic(r, {}).has_value());
  r.exit_code.reset();
  r.signal = SIGKILL;
  r.output_truncated = true;
  CHECK(r.reason() == EndReason::kOutputLimit);
  r.oom_killed = true;
  CHECK(r.reason() == EndReason::kMemoryLimit);
  r.timed_out = true;
  CHECK(r.reason() == EndReason::kTimeout);
  r.denied_syscall = "socket";
  CHECK(r.reason() == EndReason::kSyscallDenied);
  CHECK_THAT(run_diagnostic(r, {})->message, Catch::Contains("network access is not available"));
  CHECK(sandbox_usage(r).violation == "syscall_denied:socket");

  RunResult foreign;  // a 32-bit call: the filter kills it without a notification
  foreign.signal = SIGSYS;
  CHECK(foreign.reason() == EndReason::kSyscallDenied);
  CHECK(run_diagnostic(foreign, {})->code == "sandbox_syscall_denied");

  RunResult cpu;
  cpu.signal = SIGXCPU;
  CHECK(cpu.reason() == EndReason::kCpuLimit);
  CHECK(run_diagnostic(cpu, {})->code == "sandbox_timeout");
  RunResult fsize;
  fsize.signal = SIGXFSZ;
  CHECK(fsize.reason() == EndReason::kFileSizeLimit);

  r.stdout_text = "caf\xE9";  // not UTF-8: still serialisable
  const nlohmann::json body = run_result_to_json(r);
  CHECK(body["reason"] == "syscall_denied");
  CHECK(body["denied_syscall"] == "socket");
  CHECK_NOTHROW(body.dump());
}

TEST_CASE("sandbox: runs from a process whose other threads allocate and hold locks") {
  // The child of a multi-threaded parent may not take glibc's locks or wait for its threads;
  // with busy threads around, a sandbox that did would hang here.
  std::atomic<bool> stop{false};
  std::vector<std::thread> busy;
  for (int i = 0; i < 3; ++i) {
    busy.emplace_back([&] {
      while (!stop) {
        std::vector<std::string> garbage(64, std::string(256, 'x'));
        setenv("ASSAY_BUSY", garbage.back().c_str(), 1);
      }
    });
  }
  int exited = 0;
  for (int i = 0; i < 20; ++i) {
    const RunResult result = run(shell("echo $$"));
    if (result.exit_code == 0 && result.stdout_text == "2\n") ++exited;
  }
  stop = true;
  for (std::thread& thread : busy) thread.join();
  CHECK(exited == 20);
}

TEST_CASE("sandbox: warm children serve one run each, with the run's own limits") {
  const Sandbox sandbox(default_profile(), cgroups(), 2);
  sandbox.wait_until_warm();
  RunSpec leave = shell("echo left > /tmp/mark; echo left > /workspace/mark; echo done");
  CHECK(run_with(sandbox, leave).stdout_text == "done\n");
  RunSpec look = shell("ls /tmp /workspace; df -m /workspace | tail -1 | awk '{print $2}'");
  ResourceLimits limits = default_profile().limits;
  limits.workspace_mb = 3;
  look.limits = limits;
  const RunResult second = run_with(sandbox, look);
  CHECK(second.stdout_text == "/tmp:\n\n/workspace:\n3\n");  // nothing left; remounted size
  // Many runs in a row, from the pool and beyond it: every one fresh.
  for (int i = 0; i < 6; ++i) {
    RunSpec count = shell("ls /workspace | wc -l; echo x > /workspace/f$$");
    CHECK(run_with(sandbox, count).stdout_text == "0\n");
  }
}

TEST_CASE("sandbox: a program's helper bound at a fixed inside path, even from under /tmp") {
  // A build under /tmp (a fresh clone in CI) must still reach its helper: the sandbox's own
  // /tmp would hide a bind at the same path, so programs bind their helpers elsewhere.
  char directory[] = "/tmp/assay-bind-XXXXXX";
  REQUIRE(mkdtemp(directory) != nullptr);
  REQUIRE(chmod(directory, 0755) == 0);  // as a build directory is
  const std::string helper = std::string(directory) + "/helper.sh";
  {
    std::ofstream file(helper);
    file << "#!/bin/sh\necho helper ran from \"$0\"\n";
  }
  REQUIRE(chmod(helper.c_str(), 0755) == 0);
  SandboxProfile profile = default_profile();
  profile.bind_ro_at.emplace_back(helper, "/opt/assay/bin/helper.sh");
  const Sandbox sandbox(profile, cgroups());
  RunSpec spec;
  spec.argv = {"/opt/assay/bin/helper.sh"};
  const RunResult result = run_with(sandbox, spec);
  CHECK(result.reason() == EndReason::kExited);
  CHECK(result.exit_code == 0);
  CHECK(result.stdout_text == "helper ran from /opt/assay/bin/helper.sh\n");
  // Read-only inside.
  const RunResult write = run_with(sandbox, shell("echo x > /opt/assay/bin/helper.sh"));
  CHECK(write.exit_code != 0);
  std::remove(helper.c_str());
  rmdir(directory);
}
