#include "tests/escape/attack_runner.h"

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "tests/support/child_process.h"

extern "C" char** environ;

namespace assay::sandbox::escape {

namespace fs = std::filesystem;

// ---------------------------------------------------------------------------------------------
// The sandbox as assayd sets it up: the embedded default profile, cgroups detected once.

const SandboxProfile& default_profile() {
  static const PolicySet policies = [] {
    Result<PolicySet> loaded = PolicySet::load_embedded();
    if (!loaded) FAIL("policies: " << loaded.status().message());
    return std::move(loaded).value();
  }();
  const SandboxProfile* profile = policies.find("default");
  REQUIRE(profile != nullptr);
  return *profile;
}

const CgroupHost& cgroups() {
  static const CgroupHost host = CgroupHost::detect();
  return host;
}

// Short limits so that every attack ends fast.
ResourceLimits short_limits() {
  ResourceLimits limits = default_profile().limits;
  limits.wall_timeout_ms = 5000;  // generous: a loaded CI machine must not turn an attack into a timeout
  limits.cpu_seconds = 2;
  limits.memory_mb = 64;
  limits.max_processes = 32;
  limits.max_file_size_mb = 16;  // above the tmpfs sizes: a disk fill meets ENOSPC first
  limits.workspace_mb = 8;
  limits.tmp_mb = 8;
  limits.output_bytes = 64 << 10;
  return limits;
}

// ---------------------------------------------------------------------------------------------
// Small host-side helpers.

std::string unique_name(const std::string& prefix) {
  static std::atomic<int> counter{0};
  return prefix + std::to_string(getpid()) + "-" + std::to_string(++counter);
}

std::optional<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string attack_source(const std::string& file) {
  const std::optional<std::string> text =
      read_file(testing::source_path("tests/escape/attacks/" + file));
  if (!text) FAIL("cannot read tests/escape/attacks/" << file);
  return *text;
}

std::vector<pid_t> host_pids() {
  std::vector<pid_t> pids;
  for (const fs::directory_entry& entry : fs::directory_iterator("/proc")) {
    const std::string name = entry.path().filename();
    if (!name.empty() && name.find_first_not_of("0123456789") == std::string::npos) {
      pids.push_back(static_cast<pid_t>(std::stol(name)));
    }
  }
  return pids;
}

// Host processes whose /proc/<pid>/<file> contains `needle`.
std::vector<pid_t> processes_with(const std::string& file, const std::string& needle) {
  std::vector<pid_t> found;
  for (const pid_t pid : host_pids()) {
    const auto text = read_file("/proc/" + std::to_string(pid) + "/" + file);
    if (text && text->find(needle) != std::string::npos) found.push_back(pid);
  }
  return found;
}

// How many processes descend from this one (the sentinel, and a run's processes while it runs).
// Other work on the machine does not change it, so it is compared exactly.
size_t descendant_count() {
  std::map<pid_t, pid_t> parent_of;
  for (const pid_t pid : host_pids()) {
    const auto stat = read_file("/proc/" + std::to_string(pid) + "/stat");
    if (!stat) continue;
    const size_t paren = stat->rfind(')');  // the name may hold spaces and parentheses
    if (paren == std::string::npos) continue;
    std::istringstream fields(stat->substr(paren + 1));
    std::string state;
    pid_t parent = 0;
    fields >> state >> parent;
    parent_of[pid] = parent;
  }
  size_t count = 0;
  for (const auto& [pid, parent] : parent_of) {
    pid_t ancestor = parent;
    for (int hops = 0; ancestor > 1 && hops < 64; ++hops) {  // bounded: pids are reused
      if (ancestor == getpid()) {
        ++count;
        break;
      }
      const auto up = parent_of.find(ancestor);
      ancestor = up == parent_of.end() ? 0 : up->second;
    }
  }
  return count;
}

size_t open_fd_count() {
  size_t count = 0;
  for ([[maybe_unused]] const auto& entry : fs::directory_iterator("/proc/self/fd")) ++count;
  return count;
}

// Whether `text` has `line` as a whole line; a `line` ending in '*' matches as a prefix.
bool has_line(const std::string& text, const std::string& line) {
  const bool prefix = !line.empty() && line.back() == '*';
  const std::string wanted = prefix ? line.substr(0, line.size() - 1) : line;
  std::istringstream lines(text);
  for (std::string candidate; std::getline(lines, candidate);) {
    if (prefix ? candidate.rfind(wanted, 0) == 0 : candidate == wanted) return true;
  }
  return false;
}

// The value after "<key>: " on the first line starting so, or "".
std::string line_value(const std::string& text, const std::string& key) {
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind(key + ": ", 0) == 0) return line.substr(key.size() + 2);
  }
  return "";
}

Sentinel::Sentinel() {
  char* argv[] = {const_cast<char*>("/bin/sleep"), const_cast<char*>("120"), nullptr};
  REQUIRE(posix_spawn(&pid_, "/bin/sleep", nullptr, nullptr, argv, environ) == 0);
}

Sentinel::~Sentinel() {
  kill(pid_, SIGKILL);
  waitpid(pid_, nullptr, 0);
}

bool Sentinel::alive() const { return waitpid(pid_, nullptr, WNOHANG) == 0 && kill(pid_, 0) == 0; }

Sentinel& sentinel() {
  static Sentinel instance;
  return instance;
}

namespace {

// One throwaway run first, so that what the sandbox keeps for all runs (a reaper thread and its
// eventfd) exists before fds are counted.
void warm_up() {
  static const bool done = [] {
    RunSpec spec;
    spec.argv = {"/bin/true"};
    Result<RunResult> result = Sandbox(default_profile(), cgroups()).run(spec);
    if (!result) FAIL("warm-up run: " << result.status().message());
    return true;
  }();
  (void)done;
}

}  // namespace

ServiceWatch::ServiceWatch() {
  sentinel_ = sentinel().pid();  // started before anything is counted
  warm_up();
  // Between runs the sentinel is this process's only descendant.
  CHECK(eventually([] { return descendant_count() == 1; }));
  fds_ = open_fd_count();
  cgroup_ = read_file("/proc/self/cgroup").value_or("");
}

void ServiceWatch::check() const {
  CHECK(sentinel().pid() == sentinel_);
  CHECK(sentinel().alive());
  CHECK(eventually([] { return descendant_count() == 1; }));
  CHECK(eventually([&] { return open_fd_count() <= fds_; }));
  CHECK(read_file("/proc/self/cgroup").value_or("") == cgroup_);
}

// ---------------------------------------------------------------------------------------------
// Running an attack.

std::string describe(const RunResult& result) {
  std::ostringstream text;
  text << "reason " << to_string(result.reason()) << ", exit "
       << (result.exit_code ? std::to_string(*result.exit_code) : "-") << ", signal "
       << (result.signal ? std::to_string(*result.signal) : "-") << ", denied "
       << result.denied_syscall.value_or("-") << ", wall " << result.wall_ms << " ms, cpu "
       << result.cpu_ms << " ms, rss " << result.max_rss_kb << " kB\n--- stdout\n"
       << result.stdout_text.substr(0, 4000) << "--- stderr\n"
       << result.stderr_text.substr(0, 4000);
  return text.str();
}

// Every run gets the service's pid, the sentinel's pid and a token of its own in its
// environment; the token finds any process of the run left on the host afterwards.
Env standard_env(const std::string& token) {
  return {{"ASSAY_ESCAPE_SERVICE_PID", std::to_string(getpid())},
          {"ASSAY_ESCAPE_SENTINEL_PID", std::to_string(sentinel().pid())},
          {"ASSAY_ESCAPE_RUN_TOKEN", token}};
}

RunSpec attack_spec(const Attack& attack, const std::string& token) {
  RunSpec spec;
  spec.argv = {"/usr/bin/python3", attack.name + ".py"};
  spec.files = {{attack.name + ".py", attack_source(attack.name + ".py")},
                {"attacklib.py", attack_source("attacklib.py")}};
  spec.env = standard_env(token);
  spec.env.insert(spec.env.end(), attack.env.begin(), attack.env.end());
  ResourceLimits limits = short_limits();
  if (attack.limits) attack.limits(limits);
  spec.limits = limits;
  return spec;
}

std::vector<pid_t> survivors(const std::string& token) {
  return processes_with("environ", "ASSAY_ESCAPE_RUN_TOKEN=" + token);
}

// Runs the attack, then checks the service and that nothing of the run is left.
RunResult run_attack(const Attack& attack) {
  const std::string token = unique_name("run-");
  const RunSpec spec = attack_spec(attack, token);
  const ServiceWatch service;
  Result<RunResult> result = Sandbox(default_profile(), cgroups()).run(spec);
  if (!result)
    FAIL(attack.name << ": " << result.status().code() << ": " << result.status().message());
  INFO(attack.name << ": " << describe(*result));
  service.check();
  CHECK(eventually([&] { return survivors(token).empty(); }));
  return std::move(result).value();
}

void check_result(const std::string& name, const RunResult& result, const Expected& expected) {
  INFO(name << ": " << describe(result));
  CHECK(to_string(result.reason()) == to_string(expected.reason));
  if (expected.reason == EndReason::kSyscallDenied && !expected.syscall.empty()) {
    const std::string denied_name = result.denied_syscall.value_or("");
    if (expected.syscall.rfind('*', 0) == 0) {
      CHECK_THAT(denied_name, Catch::Contains(expected.syscall.substr(1)));
    } else {
      CHECK(denied_name == expected.syscall);
    }
  }
  if (expected.reason == EndReason::kExited) CHECK(result.exit_code == 0);
  for (const std::string& line : expected.lines) {
    INFO("expected line: " << line);
    CHECK(has_line(result.stdout_text, line));
  }
  CHECK(result.stdout_text.find("ESCAPED") == std::string::npos);
  CHECK(result.stdout_text.find("NOT DENIED") == std::string::npos);
}

RunResult attack_expecting(const Attack& attack, const Expected& expected) {
  RunResult result = run_attack(attack);
  check_result(attack.name, result, expected);
  return result;
}

Expected denied(const std::string& syscall, std::vector<std::string> lines) {
  return {EndReason::kSyscallDenied, syscall, std::move(lines)};
}

Expected blocked(std::vector<std::string> lines) {
  return {EndReason::kExited, "", std::move(lines)};
}

}  // namespace assay::sandbox::escape
