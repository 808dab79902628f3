// AttackRunner: runs one attack of the escape corpus (tests/escape/attacks/<name>.py) the way
// assayd runs artefacts, in-process through Sandbox::run with Debian's /usr/bin/python3, and
// checks what every attack must leave intact: the service (this test process and a sentinel
// child of it) and the host (no process of the run left behind).
//
// An attack script prints "<label>: BLOCKED: <errno name>" for each attempt the kernel refused
// and "<label>: ESCAPED ..." for one that went through (attacklib.py); before a call the profile
// must deny it prints "TRYING <call>". check_result() asserts the end reason, the denied call and
// exact output lines, and fails on any ESCAPED or NOT DENIED line.
//
// Catch2 assertions are made on the calling thread: call everything here from the test's main
// thread, except attack_spec() and Sandbox::run, which any thread may call.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "sandboxes/runtime/cgroup.h"
#include "sandboxes/runtime/sandbox.h"
#include "sandboxes/runtime/sandbox_profile.h"

namespace assay::sandbox::escape {

using Env = std::vector<std::pair<std::string, std::string>>;

// The embedded "default" profile, and the host's cgroups detected once (as assayd does).
const SandboxProfile& default_profile();
const CgroupHost& cgroups();

// The default profile's limits made short, so that every attack ends fast: 2 s wall, 2 s CPU,
// 64 MiB memory, 32 processes, 8 MiB workspace and /tmp, 16 MiB files, 64 KiB output.
ResourceLimits short_limits();

// ---------------------------------------------------------------------------------------------
// Host-side helpers.

// "<prefix><pid>-<n>", unique in this process.
std::string unique_name(const std::string& prefix);
std::optional<std::string> read_file(const std::string& path);
// The text of tests/escape/attacks/<file>; fails the test when it cannot be read.
std::string attack_source(const std::string& file);

std::vector<pid_t> host_pids();
// Host processes whose /proc/<pid>/<file> (cmdline, environ, ...) contains `needle`.
std::vector<pid_t> processes_with(const std::string& file, const std::string& needle);
// How many processes descend from this one. Other work on the machine does not change it.
size_t descendant_count();
size_t open_fd_count();

// Whether `text` has `line` as a whole line; a `line` ending in '*' matches as a prefix.
bool has_line(const std::string& text, const std::string& line);
// The rest of the first line of `text` that starts with "<key>: ", or "".
std::string line_value(const std::string& text, const std::string& key);

// Polls `condition` until it holds or `timeout_ms` pass. The sandbox finishes a run in the
// background (its init is reaped, its cgroup removed, its fds closed a moment after run()
// returns), so what must be gone after a run is given that long to go. Anything that escaped
// lives far longer: the attacks' own processes sleep 30 s or more.
template <typename Condition>
bool eventually(Condition condition, int timeout_ms = 3000) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (!condition()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return true;
}

// A child of the service (sleep 120) that must outlive every run: kill(-1) and the like must
// not reach it. One per test process, started on first use, killed at exit.
class Sentinel {
 public:
  Sentinel();
  ~Sentinel();
  Sentinel(const Sentinel&) = delete;
  Sentinel& operator=(const Sentinel&) = delete;
  pid_t pid() const { return pid_; }
  bool alive() const;

 private:
  pid_t pid_ = -1;
};
Sentinel& sentinel();

// What "the service is unharmed" means. The constructor warms the sandbox up once per process
// and waits until no run of an earlier test is still being reaped; check() asserts that the
// sentinel lives, no descendant but the sentinel is left, no fd more is open and this process
// is still in its own cgroup.
class ServiceWatch {
 public:
  ServiceWatch();
  void check() const;

 private:
  pid_t sentinel_ = -1;
  size_t fds_ = 0;
  std::string cgroup_;
};

// ---------------------------------------------------------------------------------------------
// Running an attack.

struct Attack {
  std::string name;                                  // tests/escape/attacks/<name>.py
  Env env = {};                                      // added to standard_env()
  std::function<void(ResourceLimits&)> limits = {};  // changes to short_limits()
};

// Every run gets the service's pid, the sentinel's pid and a token of its own in its
// environment; the token finds any process of the run left on the host afterwards.
Env standard_env(const std::string& token);
// argv {"/usr/bin/python3", "<name>.py"}, the script and attacklib.py in /workspace.
RunSpec attack_spec(const Attack& attack, const std::string& token);
// Host processes that carry the run's token.
std::vector<pid_t> survivors(const std::string& token);
// A RunResult in a few lines, for failure messages.
std::string describe(const RunResult& result);

// Runs the attack, then checks the service (ServiceWatch) and that no process of the run is
// left. Fails the test when the sandbox refuses the run.
RunResult run_attack(const Attack& attack);

struct Expected {
  EndReason reason = EndReason::kExited;
  std::string syscall = {};  // the denied call, for kSyscallDenied ("*x": contains x; "": any)
  std::vector<std::string> lines = {};  // whole lines stdout must hold (has_line)
};

// Asserts the end reason, the denied call, exit code 0 for a normal exit, the expected lines,
// and no ESCAPED or NOT DENIED line.
void check_result(const std::string& name, const RunResult& result, const Expected& expected);

// run_attack() then check_result().
RunResult attack_expecting(const Attack& attack, const Expected& expected);

// The run must be killed for calling `syscall`, after printing `lines`.
Expected denied(const std::string& syscall, std::vector<std::string> lines = {});
// The run must exit 0 after printing `lines` (its BLOCKED markers).
Expected blocked(std::vector<std::string> lines);

}  // namespace assay::sandbox::escape
