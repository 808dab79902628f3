#include "sandboxes/runtime/cgroup.h"

#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace fs = std::filesystem;
using assay::sandbox::CgroupHost;
using assay::sandbox::CgroupUsage;
using assay::sandbox::CgroupVersion;
using assay::sandbox::ResourceLimits;
using assay::sandbox::RunCgroup;

namespace {

// A fake /proc/self and cgroup file system in a temporary directory, removed at the end. The
// kernel's side is played by plain files: control files exist only where a test writes them.
class FakeHost {
 public:
  FakeHost() {
    char name[] = "/tmp/assay-cgroup-test-XXXXXX";
    REQUIRE(mkdtemp(name) != nullptr);
    root_ = name;
    chmod(root_.c_str(), 0755);  // an unprivileged detector must be able to look inside
    fs::create_directories(root_ + "/proc");
  }
  ~FakeHost() {
    std::error_code ignored;
    fs::remove_all(root_, ignored);
  }
  FakeHost(const FakeHost&) = delete;
  FakeHost& operator=(const FakeHost&) = delete;

  std::string path(const std::string& relative) const { return root_ + relative; }

  void write(const std::string& relative, const std::string& text) const {
    fs::create_directories(fs::path(path(relative)).parent_path());
    std::ofstream(path(relative)) << text;
  }
  void make_directory(const std::string& relative) const { fs::create_directories(path(relative)); }
  bool exists(const std::string& relative) const { return fs::exists(path(relative)); }

  // One mountinfo line per mount: "root mount_point fs_type super_options".
  void mounts(const std::vector<std::vector<std::string>>& mounts) const {
    std::string text =
        "22 1 259:1 / / rw,relatime shared:1 - ext4 /dev/vda rw\n"
        "23 22 0:5 / /proc rw,nosuid - proc proc rw\n";
    int id = 30;
    for (const auto& m : mounts) {
      ++id;
      text += std::to_string(id) + " 29 0:" + std::to_string(id) + " " + m[0] + " " + m[1] +
              " rw,relatime shared:9 - " + m[2] + " cgroup " + m[3] + "\n";
    }
    write("/proc/mountinfo", text);
  }
  void memberships(const std::string& proc_self_cgroup) const {
    write("/proc/cgroup", proc_self_cgroup);
  }

  CgroupHost detect() const { return CgroupHost::detect_at(root_ + "/proc", root_); }

 private:
  std::string root_;
};

// The hybrid layout of the machines assay runs on: every v1 controller in its own hierarchy,
// our memory cgroup nested, and a v2 `unified` mount offering only hugetlb.
void make_hybrid_host(const FakeHost& host) {
  host.mounts({{"/", "/sys/fs/cgroup/cpuacct", "cgroup", "rw,cpuacct"},
               {"/", "/sys/fs/cgroup/memory", "cgroup", "rw,memory"},
               {"/", "/sys/fs/cgroup/pids", "cgroup", "rw,pids"},
               {"/", "/sys/fs/cgroup/systemd", "cgroup", "rw,name=systemd"},
               {"/", "/sys/fs/cgroup/unified", "cgroup2", "rw"}});
  host.memberships("9:name=systemd:/\n8:pids:/\n4:memory:/process_api/abc\n2:cpuacct:/\n0::/\n");
  host.make_directory("/sys/fs/cgroup/cpuacct");
  host.make_directory("/sys/fs/cgroup/memory/process_api/abc");
  host.make_directory("/sys/fs/cgroup/pids");
  host.make_directory("/sys/fs/cgroup/systemd");
  host.write("/sys/fs/cgroup/unified/cgroup.controllers", "hugetlb\n");
}

// A systemd-style v2 host that delegated memory and pids to our service's cgroup.
void make_v2_host(const FakeHost& host) {
  host.mounts({{"/", "/sys/fs/cgroup", "cgroup2", "rw,nsdelegate"}});
  host.memberships("0::/system.slice/assayd.service\n");
  const std::string ours = "/sys/fs/cgroup/system.slice/assayd.service";
  host.write(ours + "/cgroup.controllers", "cpuset cpu io memory pids\n");
  host.write(ours + "/cgroup.subtree_control", "");
  // The kernel makes this file with the directory; a fake tree has to provide it.
  host.write(ours + "/assay/cgroup.subtree_control", "");
}

struct DetectionOutcome {
  bool available = false;
  std::string description;
};

// Detects `host` as an unprivileged user: as root, in a child that became nobody; otherwise
// directly, after making the fake cgroup directories read-only.
DetectionOutcome detect_unprivileged(const FakeHost& host) {
  if (geteuid() != 0) {
    for (const auto& entry : fs::recursive_directory_iterator(host.path("/sys"))) {
      if (entry.is_directory()) chmod(entry.path().c_str(), 0555);
    }
    const CgroupHost detected = host.detect();
    for (const auto& entry : fs::recursive_directory_iterator(host.path("/sys"))) {
      if (entry.is_directory()) chmod(entry.path().c_str(), 0755);
    }
    return {detected.available(), detected.description()};
  }
  int fds[2];
  REQUIRE(pipe2(fds, O_CLOEXEC) == 0);
  const pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    close(fds[0]);
    if (setgroups(0, nullptr) != 0 || setresgid(65534, 65534, 65534) != 0 ||
        setresuid(65534, 65534, 65534) != 0) {
      _exit(2);
    }
    const CgroupHost detected = host.detect();
    const std::string message = (detected.available() ? "1" : "0") + detected.description();
    const bool written =
        ::write(fds[1], message.data(), message.size()) == static_cast<ssize_t>(message.size());
    _exit(written ? 0 : 3);
  }
  close(fds[1]);
  std::string message;
  char buffer[512];
  ssize_t n;
  while ((n = read(fds[0], buffer, sizeof buffer)) > 0) message.append(buffer, n);
  close(fds[0]);
  int status = 0;
  waitpid(child, &status, 0);
  REQUIRE(WIFEXITED(status));
  REQUIRE(WEXITSTATUS(status) == 0);
  REQUIRE(!message.empty());
  return {message[0] == '1', message.substr(1)};
}

ResourceLimits small_limits() {
  ResourceLimits limits;
  limits.memory_mb = 32;
  limits.max_processes = 8;
  return limits;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Detection on fake trees

TEST_CASE("cgroup v2 with memory and pids delegated to us is preferred") {
  FakeHost host;
  make_v2_host(host);
  const CgroupHost detected = host.detect();
  REQUIRE(detected.available());
  CHECK(detected.version() == CgroupVersion::kV2);
  const std::string parent = host.path("/sys/fs/cgroup/system.slice/assayd.service/assay");
  CHECK(detected.description() == "cgroup v2 (memory, pids, cpu.stat) under " + parent);
  // Detection enabled the controllers for our children and for the runs.
  std::ifstream ours(
      host.path("/sys/fs/cgroup/system.slice/assayd.service/cgroup.subtree_control"));
  std::string enabled((std::istreambuf_iterator<char>(ours)), std::istreambuf_iterator<char>());
  CHECK(enabled == "+memory +pids");
}

TEST_CASE("cgroup v2 without memory and pids falls back to v1 (this machine's hybrid layout)") {
  FakeHost host;
  make_hybrid_host(host);
  const CgroupHost detected = host.detect();
  REQUIRE(detected.available());
  CHECK(detected.version() == CgroupVersion::kV1);
  CHECK(detected.description() == "cgroup v1 (memory, pids, cpuacct) under " +
                                      host.path("/sys/fs/cgroup/memory/process_api/abc/assay") +
                                      ", " + host.path("/sys/fs/cgroup/pids/assay") + ", " +
                                      host.path("/sys/fs/cgroup/cpuacct/assay") +
                                      "; v2 not used: " + host.path("/sys/fs/cgroup/unified") +
                                      " offers controllers (hugetlb), not memory and pids");
  // The parents exist now, ready for runs.
  CHECK(host.exists("/sys/fs/cgroup/memory/process_api/abc/assay"));
  CHECK(host.exists("/sys/fs/cgroup/pids/assay"));
  CHECK(host.exists("/sys/fs/cgroup/cpuacct/assay"));
}

TEST_CASE("cgroup v1 only, with cpu and cpuacct sharing a hierarchy") {
  FakeHost host;
  host.mounts({{"/", "/sys/fs/cgroup/memory", "cgroup", "rw,memory"},
               {"/", "/sys/fs/cgroup/pids", "cgroup", "rw,pids"},
               {"/", "/sys/fs/cgroup/cpu,cpuacct", "cgroup", "rw,cpu,cpuacct"}});
  host.memberships("5:pids:/jobs/7\n4:memory:/jobs/7\n2:cpu,cpuacct:/jobs/7\n");
  host.make_directory("/sys/fs/cgroup/memory/jobs/7");
  host.make_directory("/sys/fs/cgroup/pids/jobs/7");
  host.make_directory("/sys/fs/cgroup/cpu,cpuacct/jobs/7");
  const CgroupHost detected = host.detect();
  REQUIRE(detected.available());
  CHECK(detected.version() == CgroupVersion::kV1);
  CHECK_THAT(detected.description(),
             Catch::StartsWith("cgroup v1 (memory, pids, cpuacct) under " +
                               host.path("/sys/fs/cgroup/memory/jobs/7/assay")));
  CHECK_THAT(detected.description(),
             Catch::Contains(host.path("/sys/fs/cgroup/cpu,cpuacct/jobs/7/assay")));
  CHECK_THAT(detected.description(), Catch::Contains("v2 not used: not in a cgroup v2 hierarchy"));
}

TEST_CASE("cgroup v1 without cpuacct still limits memory and pids") {
  FakeHost host;
  host.mounts({{"/", "/sys/fs/cgroup/memory", "cgroup", "rw,memory"},
               {"/", "/sys/fs/cgroup/pids", "cgroup", "rw,pids"}});
  host.memberships("5:pids:/\n4:memory:/\n");
  host.make_directory("/sys/fs/cgroup/memory");
  host.make_directory("/sys/fs/cgroup/pids");
  const CgroupHost detected = host.detect();
  REQUIRE(detected.available());
  CHECK_THAT(detected.description(), Catch::StartsWith("cgroup v1 (memory, pids) under "));
}

TEST_CASE("a container's v1 mount shows its own cgroup as the mount root") {
  FakeHost host;
  // Docker without a cgroup namespace: the mount's root is the container's cgroup.
  host.mounts({{"/docker/abc", "/sys/fs/cgroup/memory", "cgroup", "ro,memory"},
               {"/docker/abc", "/sys/fs/cgroup/pids", "cgroup", "ro,pids"}});
  host.memberships("5:pids:/docker/abc\n4:memory:/docker/abc/inner\n");
  host.make_directory("/sys/fs/cgroup/memory/inner");
  host.make_directory("/sys/fs/cgroup/pids");
  const CgroupHost detected = host.detect();
  REQUIRE(detected.available());
  CHECK_THAT(detected.description(),
             Catch::StartsWith("cgroup v1 (memory, pids) under " +
                               host.path("/sys/fs/cgroup/memory/inner/assay") + ", " +
                               host.path("/sys/fs/cgroup/pids/assay") + ";"));
}

TEST_CASE("a cgroup outside the mounted subtree is unusable") {
  FakeHost host;
  host.mounts({{"/docker/abc", "/sys/fs/cgroup/memory", "cgroup", "rw,memory"},
               {"/docker/abc", "/sys/fs/cgroup/pids", "cgroup", "rw,pids"}});
  host.memberships("5:pids:/docker/abcdef\n4:memory:/docker/abc\n");
  host.make_directory("/sys/fs/cgroup/memory");
  host.make_directory("/sys/fs/cgroup/pids");
  const CgroupHost detected = host.detect();
  CHECK_FALSE(detected.available());
  CHECK_THAT(detected.description(),
             Catch::Contains("no cgroup v1 mount of pids shows our cgroup /docker/abcdef"));
}

TEST_CASE("escaped mount points are decoded") {
  FakeHost host;
  host.mounts({{"/", "/sys/fs/cgroup/my\\040memory", "cgroup", "rw,memory"},
               {"/", "/sys/fs/cgroup/pids", "cgroup", "rw,pids"}});
  host.memberships("5:pids:/\n4:memory:/\n");
  host.make_directory("/sys/fs/cgroup/my memory");
  host.make_directory("/sys/fs/cgroup/pids");
  const CgroupHost detected = host.detect();
  REQUIRE(detected.available());
  CHECK(host.exists("/sys/fs/cgroup/my memory/assay"));
}

TEST_CASE("a host without cgroups says so") {
  FakeHost host;
  host.mounts({});
  host.memberships("0::/\n");
  const CgroupHost detected = host.detect();
  CHECK_FALSE(detected.available());
  CHECK(detected.version() == CgroupVersion::kNone);
  CHECK(detected.description() ==
        "no usable cgroup: v2: no cgroup2 mount shows our cgroup /; v1: memory is not a cgroup "
        "v1 hierarchy we belong to; pids is not a cgroup v1 hierarchy we belong to");
}

TEST_CASE("without a pids hierarchy, v1 is unusable") {
  FakeHost host;
  host.mounts({{"/", "/sys/fs/cgroup/memory", "cgroup", "rw,memory"}});
  host.memberships("4:memory:/\n");
  host.make_directory("/sys/fs/cgroup/memory");
  const CgroupHost detected = host.detect();
  CHECK_FALSE(detected.available());
  CHECK_THAT(detected.description(),
             Catch::EndsWith("pids is not a cgroup v1 hierarchy we belong to"));
}

TEST_CASE("an unreadable /proc gives no cgroup, not a crash") {
  const CgroupHost detected = CgroupHost::detect_at("/nonexistent-proc", "/nonexistent");
  CHECK_FALSE(detected.available());
  CHECK_THAT(detected.description(),
             Catch::StartsWith("no usable cgroup: cannot read /nonexistent-proc/mountinfo"));
}

TEST_CASE("a v2 cgroup whose controllers cannot be enabled falls back to v1") {
  FakeHost host;
  host.mounts({{"/", "/sys/fs/cgroup/memory", "cgroup", "rw,memory"},
               {"/", "/sys/fs/cgroup/pids", "cgroup", "rw,pids"},
               {"/", "/sys/fs/cgroup/unified", "cgroup2", "rw"}});
  host.memberships("5:pids:/\n4:memory:/\n0::/svc\n");
  host.make_directory("/sys/fs/cgroup/memory");
  host.make_directory("/sys/fs/cgroup/pids");
  host.write("/sys/fs/cgroup/unified/svc/cgroup.controllers", "memory pids\n");
  // A directory where the control file should be: the write fails (EISDIR).
  host.make_directory("/sys/fs/cgroup/unified/svc/cgroup.subtree_control");
  const CgroupHost detected = host.detect();
  REQUIRE(detected.available());
  CHECK(detected.version() == CgroupVersion::kV1);
  CHECK_THAT(detected.description(),
             Catch::Contains("v2 not used: cannot enable memory and pids in " +
                             host.path("/sys/fs/cgroup/unified/svc/cgroup.subtree_control")));
}

TEST_CASE("cgroup directories we may not write are unusable") {
  FakeHost host;
  make_hybrid_host(host);
  SECTION("the parent does not exist yet") {
    const DetectionOutcome outcome = detect_unprivileged(host);
    CHECK_FALSE(outcome.available);
    CHECK_THAT(outcome.description,
               Catch::Contains("cannot create " + host.path("/sys/fs/cgroup/memory/"
                                                            "process_api/abc/assay")));
  }
  SECTION("the parent exists, made by someone else") {
    host.make_directory("/sys/fs/cgroup/memory/process_api/abc/assay");
    host.make_directory("/sys/fs/cgroup/pids/assay");
    const DetectionOutcome outcome = detect_unprivileged(host);
    CHECK_FALSE(outcome.available);
    CHECK_THAT(outcome.description,
               Catch::Contains("cannot write " +
                               host.path("/sys/fs/cgroup/memory/process_api/abc/assay")));
  }
}

// ---------------------------------------------------------------------------------------------
// create() refusals that need no kernel

TEST_CASE("run ids are plain names, so no path tricks are possible") {
  FakeHost host;
  make_hybrid_host(host);
  const CgroupHost detected = host.detect();
  REQUIRE(detected.available());
  for (const std::string& bad :
       std::vector<std::string>{"", ".", "..", "../escape", "a/b", "a b", "x.y", "tab\there",
                                "new\nline", std::string(65, 'x'), std::string("nul\0", 4)}) {
    auto run = detected.create(bad, small_limits());
    REQUIRE_FALSE(run);
    CHECK(run.status().code() == "sandbox_setup_error");
    CHECK_THAT(run.status().message(), Catch::StartsWith("invalid cgroup run id"));
  }
  CHECK_FALSE(host.exists("/sys/fs/cgroup/memory/process_api/escape"));
}

TEST_CASE("limits must be positive") {
  FakeHost host;
  make_hybrid_host(host);
  ResourceLimits limits = small_limits();
  limits.memory_mb = 0;
  auto run = host.detect().create("run-1", limits);
  REQUIRE_FALSE(run);
  CHECK_THAT(run.status().message(), Catch::Contains("memory_mb 0"));
}

TEST_CASE("an unavailable host refuses create() with its reason") {
  FakeHost host;
  host.mounts({});
  host.memberships("0::/\n");
  auto run = host.detect().create(std::string(64, 'r'), small_limits());
  REQUIRE_FALSE(run);
  CHECK(run.status().code() == "sandbox_setup_error");
  CHECK_THAT(run.status().message(), Catch::StartsWith("no usable cgroup"));
}

TEST_CASE("a failed create() names the file and leaves no directory behind") {
  FakeHost host;
  make_hybrid_host(host);
  // The fake kernel makes no control files, so setting the memory limit fails.
  auto run = host.detect().create("run-1", small_limits());
  REQUIRE_FALSE(run);
  CHECK(run.status().code() == "sandbox_setup_error");
  CHECK(run.status().message() ==
        "write " + host.path("/sys/fs/cgroup/memory/process_api/abc/assay/run-1") +
            "/memory.limit_in_bytes: No such file or directory");
  CHECK_FALSE(host.exists("/sys/fs/cgroup/memory/process_api/abc/assay/run-1"));
  CHECK_FALSE(host.exists("/sys/fs/cgroup/pids/assay/run-1"));
  CHECK_FALSE(host.exists("/sys/fs/cgroup/cpuacct/assay/run-1"));
}

TEST_CASE("create() refuses a run id whose directory exists and leaves it alone") {
  FakeHost host;
  make_hybrid_host(host);
  const CgroupHost detected = host.detect();
  host.make_directory("/sys/fs/cgroup/memory/process_api/abc/assay/run-1");
  auto run = detected.create("run-1", small_limits());
  REQUIRE_FALSE(run);
  CHECK_THAT(run.status().message(), Catch::Contains("File exists (run ids must be unique"));
  CHECK(host.exists("/sys/fs/cgroup/memory/process_api/abc/assay/run-1"));
  CHECK_FALSE(host.exists("/sys/fs/cgroup/pids/assay/run-1"));
}

// ---------------------------------------------------------------------------------------------
// Live tests: the kernel's cgroups on this machine (root only)

namespace {

// The host's cgroups, or nothing (with a warning) when the live tests cannot run here.
std::optional<CgroupHost> live_host() {
  if (geteuid() != 0) {
    WARN("skipped: live cgroup tests need root (cgroup directories are root's)");
    return std::nullopt;
  }
  CgroupHost host = CgroupHost::detect();
  if (!host.available()) {
    WARN("skipped: " + host.description());
    return std::nullopt;
  }
  return host;
}

std::string unique_run_id() {
  static std::atomic<int> counter{0};
  return "test-" + std::to_string(getpid()) + "-" + std::to_string(++counter);
}

bool all_removed(const std::vector<std::string>& dirs) {
  for (const std::string& dir : dirs) {
    if (fs::exists(dir)) return false;
  }
  return true;
}

// Makes this process the reaper of orphans (the grandchildren of a test) and reaps every exited
// child when the test ends, so tests leave no zombies even when they fail.
class OrphanReaper {
 public:
  OrphanReaper() { prctl(PR_SET_CHILD_SUBREAPER, 1); }
  ~OrphanReaper() {
    while (waitpid(-1, nullptr, WNOHANG) > 0) {
    }
  }
};

// A forked child that waits until release() before running `body`, so the test can put it in
// a cgroup first. `body` may write to report_fd(); its return value is the exit code. The child
// is killed and reaped when the object is destroyed, however the test ends.
class GatedChild {
 public:
  explicit GatedChild(const std::function<int(int report_fd)>& body) {
    int gate[2];
    int report[2];
    REQUIRE(pipe2(gate, O_CLOEXEC) == 0);
    REQUIRE(pipe2(report, O_CLOEXEC) == 0);
    pid_ = fork();
    REQUIRE(pid_ >= 0);
    if (pid_ == 0) {
      close(gate[1]);
      close(report[0]);
      char go;
      if (read(gate[0], &go, 1) != 1) _exit(120);
      _exit(body(report[1]));
    }
    close(gate[0]);
    close(report[1]);
    gate_fd_ = gate[1];
    report_fd_ = report[0];
  }
  ~GatedChild() {
    if (gate_fd_ >= 0) close(gate_fd_);
    if (report_fd_ >= 0) close(report_fd_);
    if (!reaped_) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
  }
  GatedChild(const GatedChild&) = delete;
  GatedChild& operator=(const GatedChild&) = delete;

  pid_t pid() const { return pid_; }
  void release() {
    REQUIRE(::write(gate_fd_, "g", 1) == 1);
    close(gate_fd_);
    gate_fd_ = -1;
  }

  // Reads exactly `size` bytes the child reported, waiting up to timeout_ms.
  bool read_report(void* data, size_t size, int timeout_ms) {
    auto* out = static_cast<char*>(data);
    size_t got = 0;
    while (got < size) {
      pollfd readable{report_fd_, POLLIN, 0};
      if (poll(&readable, 1, timeout_ms) != 1) return false;
      const ssize_t n = read(report_fd_, out + got, size - got);
      if (n <= 0) return false;
      got += static_cast<size_t>(n);
    }
    return true;
  }

  // The wait status, or nullopt if the child is still running after timeout_ms.
  std::optional<int> wait(int timeout_ms) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    for (;;) {
      int status = 0;
      const pid_t done = waitpid(pid_, &status, WNOHANG);
      if (done == pid_) {
        reaped_ = true;
        return status;
      }
      if (done < 0 || std::chrono::steady_clock::now() >= deadline) return std::nullopt;
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
  }

 private:
  pid_t pid_ = -1;
  int gate_fd_ = -1;
  int report_fd_ = -1;
  bool reaped_ = false;
};

std::vector<pid_t> processes_in(const std::string& dir) {
  std::ifstream procs(dir + "/cgroup.procs");
  std::vector<pid_t> pids;
  for (pid_t pid; procs >> pid;) pids.push_back(pid);
  return pids;
}

}  // namespace

TEST_CASE("live: a fork bomb stops at pids.max") {
  const std::optional<CgroupHost> host = live_host();
  if (!host) return;
  OrphanReaper reaper;
  auto run = host->create(unique_run_id(), small_limits());
  REQUIRE(run);
  const std::vector<std::string> dirs = run->directories();

  struct ForkReport {
    int forks = 0;
    int error = 0;
  };
  GatedChild child([](int report_fd) {
    ForkReport report;
    for (int i = 0; i < 50; ++i) {
      const pid_t pid = fork();
      if (pid == 0) {
        pause();
        _exit(0);
      }
      if (pid < 0) {
        report.error = errno;
        break;
      }
      ++report.forks;
    }
    if (write(report_fd, &report, sizeof report) != sizeof report) return 1;
    pause();  // stay, with the grandchildren, until kill_all()
    return 0;
  });
  REQUIRE(run->add_process(child.pid()));
  child.release();

  ForkReport report;
  REQUIRE(child.read_report(&report, sizeof report, 10000));
  CHECK(report.forks == 7);  // the child itself is the eighth process
  CHECK(report.error == EAGAIN);
  const CgroupUsage usage = run->usage();
  if (usage.pids_peak != -1) CHECK(usage.pids_peak == 8);
  if (usage.pids_limit_hits != -1) CHECK(usage.pids_limit_hits >= 1);

  run->kill_all();
  for (const std::string& dir : dirs) CHECK(processes_in(dir).empty());
  const std::optional<int> status = child.wait(5000);
  REQUIRE(status);
  CHECK(WIFSIGNALED(*status));
  CHECK(WTERMSIG(*status) == SIGKILL);

  const auto removed = run->remove();
  CHECK(removed);
  CHECK(run->directories().empty());
  CHECK(all_removed(dirs));
}

TEST_CASE("live: a child touching 200 MB under a 32 MB limit is OOM-killed") {
  const std::optional<CgroupHost> host = live_host();
  if (!host) return;
  OrphanReaper reaper;
  auto run = host->create(unique_run_id(), small_limits());
  REQUIRE(run);
  const std::vector<std::string> dirs = run->directories();

  GatedChild child([](int) {
    constexpr size_t kSize = 200u << 20;
    void* memory = mmap(nullptr, kSize, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (memory == MAP_FAILED) return 2;
    for (size_t offset = 0; offset < kSize; offset += 4096) {
      static_cast<volatile char*>(memory)[offset] = 1;
    }
    return 0;  // survived: the limit did not hold
  });
  REQUIRE(run->add_process(child.pid()));
  child.release();

  const std::optional<int> status = child.wait(30000);
  REQUIRE(status);
  CHECK(WIFSIGNALED(*status));
  CHECK(WTERMSIG(*status) == SIGKILL);
  const CgroupUsage usage = run->usage();
  CHECK(usage.oom_killed);
  CHECK(usage.oom_kill_count >= 1);
  CHECK(usage.memory_limit_hits >= 0);  // v1 memory.failcnt stays 0 on Linux 6.18, OOM or not
  CHECK(usage.peak_memory_kb >= 30 * 1024);
  CHECK(usage.peak_memory_kb <= 33 * 1024);

  const auto removed = run->remove();
  CHECK(removed);
  CHECK(all_removed(dirs));
}

TEST_CASE("live: remove() kills a run that is still going") {
  const std::optional<CgroupHost> host = live_host();
  if (!host) return;
  OrphanReaper reaper;
  auto run = host->create(unique_run_id(), small_limits());
  REQUIRE(run);
  const std::vector<std::string> dirs = run->directories();
  GatedChild child([](int) {
    // Spin for CPU time the cgroup can account, then wait to be killed.
    const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(100);
    while (std::chrono::steady_clock::now() < until) {
    }
    pause();
    return 0;
  });
  REQUIRE(run->add_process(child.pid()));
  child.release();
  std::this_thread::sleep_for(std::chrono::milliseconds(150));

  const CgroupUsage usage = run->usage();
  CHECK_FALSE(usage.oom_killed);
  CHECK(usage.peak_memory_kb >= 0);
  if (usage.cpu_ms != -1) CHECK(usage.cpu_ms >= 20);  // of 100 ms spinning, even on a loaded machine

  // The child is ours and not yet reaped: a zombie must not keep the directory busy.
  const auto removed = run->remove();
  CHECK(removed);
  CHECK(all_removed(dirs));
  const std::optional<int> status = child.wait(5000);
  REQUIRE(status);
  CHECK(WTERMSIG(*status) == SIGKILL);
  CHECK(run->remove());  // idempotent
}

TEST_CASE("live: a RunCgroup removes itself when destroyed, and moves") {
  const std::optional<CgroupHost> host = live_host();
  if (!host) return;
  std::vector<std::string> dirs;
  {
    auto run = host->create(unique_run_id(), small_limits());
    REQUIRE(run);
    dirs = run->directories();
    REQUIRE(!dirs.empty());
    for (const std::string& dir : dirs) CHECK(fs::is_directory(dir));
    RunCgroup moved = std::move(*run);
    CHECK(run->directories().empty());
    CHECK(moved.directories() == dirs);
    CHECK_FALSE(run->add_process(getpid()));  // the moved-from object owns nothing

    auto other = host->create(unique_run_id(), small_limits());
    REQUIRE(other);
    const std::vector<std::string> other_dirs = other->directories();
    moved = std::move(*other);  // the assigned-to cgroup is removed first
    CHECK(all_removed(dirs));
    dirs = other_dirs;
  }
  CHECK(all_removed(dirs));
}

TEST_CASE("live: a run id in use is refused") {
  const std::optional<CgroupHost> host = live_host();
  if (!host) return;
  const std::string id = unique_run_id();
  auto first = host->create(id, small_limits());
  REQUIRE(first);
  auto second = host->create(id, small_limits());
  REQUIRE_FALSE(second);
  CHECK_THAT(second.status().message(), Catch::Contains("File exists"));
  for (const std::string& dir : first->directories()) CHECK(fs::is_directory(dir));
}

TEST_CASE("live: add_process refuses pid 0, which would move assayd itself") {
  const std::optional<CgroupHost> host = live_host();
  if (!host) return;
  auto run = host->create(unique_run_id(), small_limits());
  REQUIRE(run);
  CHECK_FALSE(run->add_process(0));
  CHECK(processes_in(run->directories().front()).empty());
}
