// The escape corpus through the real binary: some attacks of tests/escape/attacks/ run by
// `assay run --workspace DIR -- /usr/bin/python3 NAME.py` as an unprivileged user (uid 65534,
// through setpriv), as a developer or CI would run it. Such a user has no cgroup to use, so the
// run relies on rlimits alone. The JSON on stdout is the RunResult. Needs root (setpriv);
// skipped with a warning otherwise.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "tests/escape/attack_runner.h"
#include "tests/support/child_process.h"

namespace assay::sandbox::escape {

namespace fs = std::filesystem;

namespace {

struct CliAttack {
  std::string name;                     // tests/escape/attacks/<name>.py
  std::string reason;                   // the RunResult's "reason"
  std::string syscall;                  // its "denied_syscall", when not empty
  std::vector<std::string> lines;       // whole lines its "stdout" must hold (has_line)
  std::vector<std::string> flags = {};  // more `assay run` options
};

// Runs each attack as uid 65534 through `assay run`, one DYNAMIC_SECTION each.
void run_as_nobody(const std::vector<CliAttack>& attacks) {
  if (geteuid() != 0) {
    WARN("skipped: setpriv needs root to switch to uid 65534");
    return;
  }
  char directory_template[] = "/tmp/assay-escape-cli-XXXXXX";
  REQUIRE(mkdtemp(directory_template) != nullptr);
  const std::string directory = directory_template;
  fs::permissions(directory, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                                 fs::perms::others_read | fs::perms::others_exec);
  for (const CliAttack& attack : attacks) {
    DYNAMIC_SECTION(attack.name) {
      // A script name of this test's own, so that the scan below cannot see another test's run.
      const std::string script = unique_name("cli-") + "-" + attack.name + ".py";
      for (const auto& [file, source] :
           {std::pair{script, attack.name + ".py"},
            std::pair{std::string("attacklib.py"), std::string("attacklib.py")}}) {
        std::ofstream(directory + "/" + file) << attack_source(source);
        fs::permissions(directory + "/" + file, fs::perms::owner_read | fs::perms::owner_write |
                                                    fs::perms::group_read | fs::perms::others_read);
      }
      std::vector<std::string> argv = {
          "/usr/bin/setpriv",       "--reuid=65534", "--regid=65534", "--clear-groups",
          testing::binary("assay"), "run",           "--workspace",   directory};
      argv.insert(argv.end(), attack.flags.begin(), attack.flags.end());
      argv.insert(argv.end(), {"--", "/usr/bin/python3", script});
      const testing::ProcessOutput output = testing::run_process(argv, {}, {}, 20000);
      INFO(attack.name << ": exit " << output.exit_code << "\n--- stdout\n"
                       << output.out << "--- stderr\n"
                       << output.err);
      // stdout is the RunResult, nothing else; `assay run` exits 0 for a clean exit only.
      const nlohmann::json result = nlohmann::json::parse(output.out, nullptr, false);
      REQUIRE_FALSE(result.is_discarded());
      CHECK((output.exit_code == 0) == (attack.reason == "exited"));
      CHECK(result.value("reason", "") == attack.reason);
      if (!attack.syscall.empty()) CHECK(result["denied_syscall"] == attack.syscall);
      if (attack.reason == "exited") CHECK(result["exit_code"] == 0);
      const std::string out = result.value("stdout", "");
      for (const std::string& line : attack.lines) {
        INFO("expected line: " << line);
        CHECK(has_line(out, line));
      }
      CHECK(out.find("ESCAPED") == std::string::npos);
      CHECK(out.find("NOT DENIED") == std::string::npos);
      CHECK(eventually([&] { return processes_with("cmdline", script).empty(); }));
    }
  }
  fs::remove_all(directory);
}

}  // namespace

TEST_CASE("unprivileged_cli: attacks through `assay run` as uid 65534", "[escape]") {
  run_as_nobody({
      {"fork_bomb", "exited", "", {"fork: BLOCKED: EAGAIN"}},
      {"memory_bomb", "exited", "", {"memory: BLOCKED: ENOMEM"}, {"--memory-mb", "64"}},
      {"raw_socket", "syscall_denied", "socket", {"TRYING socket"}},
      {"mount_tmpfs", "syscall_denied", "mount", {"TRYING mount"}},
      {"read_host_secrets",
       "exited",
       "",
       {"/etc/shadow: BLOCKED: ENOENT", "/root: BLOCKED: ENOENT"}},
      {"raise_rlimits", "exited", "", {"raise RLIMIT_NPROC: BLOCKED: EPERM"}},
      {"setuid_binaries", "exited", "", {"setuid: BLOCKED: no setuid binary gave uid 0"}},
      {"inherited_fds", "exited", "", {"fds: [0, 1, 2]"}},
      {"sleep_past_timeout", "timeout", "", {"sleeping"}, {"--timeout-ms", "1000"}},
  });
}

// Without a cgroup, the memory limit is RLIMIT_AS, which counts one process's address space.
// Memory beside it is bounded otherwise: memfd_create is refused (the memfd guard), and the
// workspace tmpfs caps inodes as well as bytes. (Several processes, each under RLIMIT_AS, can
// still hold up to max_processes × memory_mb together: only a cgroup bounds a run's sum; see
// memory_bomb_forked in escape_test.cc.)
TEST_CASE("unprivileged_cli_memory: memory held beside the address space as uid 65534",
          "[escape]") {
  run_as_nobody({
      {"memfd_bomb", "exited", "", {"memfd: BLOCKED: ENOSYS*"}, {"--memory-mb", "64"}},
      {"inode_bomb", "exited", "", {"inodes: BLOCKED: ENOSPC*"}, {"--memory-mb", "64"}},
  });
}

}  // namespace assay::sandbox::escape
