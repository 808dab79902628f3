// The escape corpus, in-process: attacks an LLM-written artefact could make on the sandbox, each
// run the way assayd runs artefacts (attack_runner.h), each a test case of its own that asserts
//   1. the host is untouched (files, free space, processes, listeners, names),
//   2. the service is unharmed (this test process: alive, no fd left open, same cgroup; a
//      sentinel child of it alive; no process of the run left behind), and
//   3. the run's result names the right end reason (and denied system call), or, when the
//      kernel refused the attack and the script carried on, the script's exact "BLOCKED: <errno>"
//      markers, so that an attack that succeeds fails its test.
// The attacks are Python scripts in tests/escape/attacks/, sharing attacklib.py; each opens
// with what it tries and what must happen. unprivileged_cli_test.cc runs some of them through
// the `assay run` binary as an unprivileged user.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/msg.h>
#include <sys/shm.h>
#include <sys/socket.h>
#include <sys/statvfs.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <barrier>
#include <catch2/catch.hpp>
#include <cerrno>
#include <filesystem>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "tests/escape/attack_runner.h"

namespace assay::sandbox::escape {
namespace {

namespace fs = std::filesystem;

double free_bytes(const char* path) {
  struct statvfs info {};
  REQUIRE(statvfs(path, &info) == 0);
  return static_cast<double>(info.f_bavail) * static_cast<double>(info.f_frsize);
}

std::string host_name() {
  char name[256] = {};
  REQUIRE(gethostname(name, sizeof name - 1) == 0);
  return name;
}

// A listening socket of the service's; counts what it accepted.
class Listener {
 public:
  explicit Listener(int fd) : fd_(fd) { REQUIRE(fd_ >= 0); }
  ~Listener() { close(fd_); }
  int fd() const { return fd_; }
  bool accepted_nothing() const {
    const int client = accept4(fd_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (client >= 0) close(client);
    return client < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
  }

 private:
  int fd_;
};

int listen_on(const sockaddr* address, socklen_t size, int family) {
  const int fd = socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd >= 0 && (bind(fd, address, size) != 0 || listen(fd, 8) != 0)) {
    close(fd);
    return -1;
  }
  return fd;
}

}  // namespace

// =============================================================================================
// Resource exhaustion

TEST_CASE("fork_bomb: the process limit refuses forks and no process of the run survives",
          "[escape]") {
  // run_attack() checks the host's side: the service's descendants are back to what they were
  // and no process on the host carries the run's token.
  const RunResult result = attack_expecting({"fork_bomb"}, blocked({"fork: BLOCKED: EAGAIN"}));
  CHECK(std::stoi("0" + line_value(result.stdout_text, "children")) >= 8);  // it did multiply
}

TEST_CASE("thread_bomb: the process limit counts threads too", "[escape]") {
  attack_expecting({"thread_bomb"}, blocked({"threads: BLOCKED: EAGAIN"}));
}

TEST_CASE("memory_bomb: the memory cgroup OOM-kills the run (RLIMIT_AS without a cgroup)",
          "[escape]") {
  const RunResult result = run_attack({"memory_bomb"});
  if (cgroups().available()) {
    check_result("memory_bomb", result, {EndReason::kMemoryLimit});
    CHECK(result.oom_killed);
    CHECK(result.max_rss_kb <= (64 + 16) * 1024);
  } else {
    WARN("no usable cgroup (" << cgroups().description() << "): expecting the rlimit fallback");
    check_result("memory_bomb", result, blocked({"memory: BLOCKED: ENOMEM"}));
  }
}

TEST_CASE("memory_bomb_forked: the memory limit covers all of a run's processes together",
          "[escape]") {
  const RunResult result = run_attack({"memory_bomb_forked"});
  if (cgroups().available()) {
    check_result("memory_bomb_forked", result, {EndReason::kMemoryLimit});
    CHECK(result.oom_killed);
  } else {
    // The rlimit fallback's documented limit: RLIMIT_AS bounds each process, not the run's sum
    // (at most max_processes × memory_mb). Each child here stays under it, so all succeed.
    WARN("no usable cgroup (" << cgroups().description() << "): memory is bounded per process");
    CHECK(result.reason() == EndReason::kExited);
    CHECK_THAT(result.stdout_text, Catch::Contains("320 MiB held by 8 processes"));
  }
}

TEST_CASE("memfd_bomb: memory held in memfds counts against the run's limit", "[escape]") {
  const RunResult result = run_attack({"memfd_bomb"});
  if (cgroups().available()) {
    check_result("memfd_bomb", result, {EndReason::kMemoryLimit});
    CHECK(result.oom_killed);
  } else {
    WARN("no usable cgroup (" << cgroups().description() << "): expecting the memfd guard");
    check_result("memfd_bomb", result, blocked({"memfd: BLOCKED: ENOSYS*"}));
  }
}

TEST_CASE("inode_bomb: the workspace caps inodes, so empty files cannot eat kernel memory",
          "[escape]") {
  // With or without a cgroup: the tmpfs's nr_inodes stops it before memory does.
  const RunResult result = run_attack({"inode_bomb"});
  check_result("inode_bomb", result, blocked({"inodes: BLOCKED: ENOSPC*"}));
}

TEST_CASE("cpu_spin: RLIMIT_CPU ends a busy loop long before the wall clock", "[escape]") {
  const RunResult result = attack_expecting({"cpu_spin",
                                             {},
                                             [](ResourceLimits& limits) {
                                               limits.cpu_seconds = 1;
                                               limits.wall_timeout_ms = 6000;
                                             }},
                                            {EndReason::kCpuLimit});
  CHECK(result.cpu_ms >= 900);
  CHECK(result.wall_ms < 4000);
}

TEST_CASE("sleep_past_timeout: the wall-clock timeout kills the run on time", "[escape]") {
  const RunResult result = attack_expecting(
      {"sleep_past_timeout", {}, [](ResourceLimits& limits) { limits.wall_timeout_ms = 1000; }},
      {EndReason::kTimeout});
  CHECK(result.timed_out);
  CHECK(result.wall_ms >= 1000);
  CHECK(result.wall_ms < 1500);
}

TEST_CASE("disk_fill_workspace: the workspace tmpfs fills up and not the host's disk", "[escape]") {
  const double before = free_bytes("/");
  const RunResult result =
      attack_expecting({"disk_fill_workspace"}, blocked({"workspace: BLOCKED: ENOSPC"}));
  CHECK(std::stoi("0" + line_value(result.stdout_text, "written")) <= short_limits().workspace_mb);
  CHECK(free_bytes("/") >= before - (256 << 20));  // slack: builds run beside us
}

TEST_CASE("disk_fill_tmp: the /tmp tmpfs fills up and not the host's disk", "[escape]") {
  const double before = free_bytes("/");
  const double shm_before = free_bytes("/dev/shm");
  const RunResult result = attack_expecting({"disk_fill_tmp"}, blocked({"tmp: BLOCKED: ENOSPC"}));
  CHECK(std::stoi("0" + line_value(result.stdout_text, "written")) <= short_limits().tmp_mb);
  CHECK(free_bytes("/") >= before - (256 << 20));  // slack: builds run beside us
  CHECK(free_bytes("/dev/shm") >= shm_before - (64 << 20));
}

TEST_CASE("file_size_limit: RLIMIT_FSIZE stops one oversized file with SIGXFSZ", "[escape]") {
  const RunResult result = attack_expecting(
      {"file_size_limit", {}, [](ResourceLimits& limits) { limits.max_file_size_mb = 1; }},
      {EndReason::kFileSizeLimit});
  CHECK(result.signal == SIGXFSZ);
}

TEST_CASE("output_flood: the output cap stops the run and no more than the cap is kept",
          "[escape]") {
  const RunResult result = attack_expecting({"output_flood"}, {EndReason::kOutputLimit});
  CHECK(result.output_truncated);
  CHECK(result.stdout_text.size() + result.stderr_text.size() <= short_limits().output_bytes);
  CHECK(result.wall_ms < 1500);
}

// =============================================================================================
// Network

TEST_CASE("tcp_connect: a TCP connection to the host's 127.0.0.1 is denied at socket()",
          "[escape]") {
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  const Listener listener(
      listen_on(reinterpret_cast<const sockaddr*>(&address), sizeof address, AF_INET));
  socklen_t size = sizeof address;
  REQUIRE(getsockname(listener.fd(), reinterpret_cast<sockaddr*>(&address), &size) == 0);
  attack_expecting(
      {"tcp_connect", {{"ASSAY_ESCAPE_PORT", std::to_string(ntohs(address.sin_port))}}},
      denied("socket", {"TRYING socket"}));
  CHECK(listener.accepted_nothing());
}

TEST_CASE("dns_lookup: the resolver's UDP socket is denied", "[escape]") {
  attack_expecting({"dns_lookup"}, denied("socket", {"TRYING getaddrinfo"}));
}

TEST_CASE("raw_socket: a raw IP socket is denied", "[escape]") {
  attack_expecting({"raw_socket"}, denied("socket", {"TRYING socket"}));
}

TEST_CASE("raw_syscall_socket: socket() through syscall(2) is still denied", "[escape]") {
  attack_expecting({"raw_syscall_socket"}, denied("socket", {"TRYING socket"}));
}

TEST_CASE("unix_socket_to_host: the host's abstract and path Unix sockets are out of reach",
          "[escape]") {
  const std::string name = unique_name("assay-escape-abstract-");
  sockaddr_un abstract{};
  abstract.sun_family = AF_UNIX;
  std::copy(name.begin(), name.end(), abstract.sun_path + 1);  // sun_path[0] == 0: abstract
  const Listener abstract_listener(listen_on(
      reinterpret_cast<const sockaddr*>(&abstract),
      static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + 1 + name.size()), AF_UNIX));
  const std::string path = "/tmp/" + unique_name("assay-escape-") + ".sock";
  sockaddr_un named{};
  named.sun_family = AF_UNIX;
  std::copy(path.begin(), path.end(), named.sun_path);
  const Listener path_listener(
      listen_on(reinterpret_cast<const sockaddr*>(&named), sizeof named, AF_UNIX));
  attack_expecting(
      {"unix_socket_to_host", {{"ASSAY_ESCAPE_ABSTRACT", name}, {"ASSAY_ESCAPE_UNIX_PATH", path}}},
      blocked({"abstract: BLOCKED: ECONNREFUSED", "path: BLOCKED: ENOENT",
               "/run/docker.sock: BLOCKED: ENOENT",
               "/run/dbus/system_bus_socket: BLOCKED: ENOENT"}));
  CHECK(abstract_listener.accepted_nothing());
  CHECK(path_listener.accepted_nothing());
  unlink(path.c_str());
}

// The filter kills calls of other architectures outright (SIGSYS, no notification), so the
// parent knows the run was denied a call but not which; a name, when there is one, must be
// socket's.
namespace {
void check_foreign_abi_denial(const std::string& name, const std::string& trying) {
  const RunResult result = run_attack({name});
  check_result(name, result, {EndReason::kSyscallDenied, "", {trying}});
  INFO(name << ": " << describe(result));
  if (result.denied_syscall) {
    CHECK_THAT(*result.denied_syscall, Catch::Contains("socket"));
  } else {
    CHECK(result.signal == SIGSYS);
  }
}
}  // namespace

TEST_CASE("x32_syscall: a socket() through the x32 ABI is a denied call", "[escape]") {
  check_foreign_abi_denial("x32_syscall", "TRYING x32 socket");
}

TEST_CASE("i386_syscall: a socket() through int 0x80 is a denied call", "[escape]") {
  check_foreign_abi_denial("i386_syscall", "TRYING i386 socket");
}

TEST_CASE("sysv_ipc_to_host: the host's System V shared memory and queues are out of reach",
          "[escape]") {
  const key_t key = static_cast<key_t>(0x45530000 | (getpid() & 0xffff));
  const int segment = shmget(key, 4096, IPC_CREAT | IPC_EXCL | 0666);
  const int queue = msgget(key, IPC_CREAT | IPC_EXCL | 0666);
  REQUIRE(segment >= 0);
  REQUIRE(queue >= 0);
  attack_expecting({"sysv_ipc_to_host", {{"ASSAY_ESCAPE_IPC_KEY", std::to_string(key)}}},
                   blocked({"shmget: BLOCKED: ENOENT", "msgget: BLOCKED: ENOENT"}));
  shmid_ds segment_state{};
  REQUIRE(shmctl(segment, IPC_STAT, &segment_state) == 0);
  CHECK(segment_state.shm_nattch == 0);
  msqid_ds queue_state{};
  REQUIRE(msgctl(queue, IPC_STAT, &queue_state) == 0);
  CHECK(queue_state.msg_qnum == 0);
  shmctl(segment, IPC_RMID, nullptr);
  msgctl(queue, IPC_RMID, nullptr);
}

// =============================================================================================
// The file system

TEST_CASE("read_host_secrets: /etc/shadow /etc/ssh /root and /home are not there", "[escape]") {
  attack_expecting({"read_host_secrets"},
                   blocked({"/etc/shadow: BLOCKED: ENOENT", "/etc/ssh: BLOCKED: ENOENT",
                            "/root: BLOCKED: ENOENT", "/home: BLOCKED: ENOENT"}));
}

TEST_CASE(
    "write_outside_workspace: / /usr /etc and /dev are read-only and nothing reaches the host",
    "[escape]") {
  const std::string name = unique_name("assay-escape-write-");
  const auto passwd = read_file("/etc/passwd");
  const auto cache = read_file("/etc/ld.so.cache");
  const auto mode = fs::status("/etc/passwd").permissions();
  attack_expecting(
      {"write_outside_workspace", {{"ASSAY_ESCAPE_NAME", name}}},
      blocked({"create /: BLOCKED: EROFS", "create /usr: BLOCKED: EROFS",
               "create /usr/bin: BLOCKED: EROFS", "create /etc: BLOCKED: EROFS",
               "create /dev: BLOCKED: EROFS", "mkdir /: BLOCKED: EROFS",
               "append /etc/ld.so.cache: BLOCKED: EACCES", "append /etc/passwd: BLOCKED: EROFS",
               "chmod /etc/passwd: BLOCKED: EROFS"}));
  for (const char* directory : {"/", "/usr/", "/usr/bin/", "/etc/", "/dev/"}) {
    INFO(directory << name);
    CHECK_FALSE(fs::exists(directory + name));
  }
  CHECK(read_file("/etc/passwd") == passwd);
  CHECK(read_file("/etc/ld.so.cache") == cache);
  CHECK(fs::status("/etc/passwd").permissions() == mode);
}

TEST_CASE("links_to_host_files: links resolve inside the sandbox and hard links cross no mount",
          "[escape]") {
  const auto passwd = read_file("/etc/passwd");
  const auto shadow = read_file("/etc/shadow");
  const RunResult result = attack_expecting(
      {"links_to_host_files"},
      blocked({"read symlink to /etc/shadow: BLOCKED: ENOENT",
               "passwd via symlink: sandbox:x:1000:1000:sandbox:/workspace:/bin/sh|",
               "read root/etc/shadow: BLOCKED: ENOENT", "hard link /etc/passwd: BLOCKED: EXDEV",
               "hard link python3: BLOCKED: EXDEV", "write via symlink: BLOCKED: EROFS",
               "write via root symlink: BLOCKED: EROFS"}));
  CHECK(result.stdout_text.find("root:x:0:0") == std::string::npos);
  CHECK(read_file("/etc/passwd") == passwd);
  CHECK(read_file("/etc/shadow") == shadow);
  CHECK_FALSE(fs::exists("/usr/escape"));
}

TEST_CASE("leftover_files: /tmp and /workspace die with the run and /dev/shm is not there",
          "[escape]") {
  const std::string marker = unique_name("assay-escape-leftover-");
  const Env write = {{"ASSAY_ESCAPE_MARKER", marker}, {"ASSAY_ESCAPE_PHASE", "write"}};
  const Env read = {{"ASSAY_ESCAPE_MARKER", marker}, {"ASSAY_ESCAPE_PHASE", "read"}};
  attack_expecting({"leftover_files", write},
                   blocked({"wrote /tmp/" + marker, "wrote /workspace/" + marker,
                            "write /dev/shm/" + marker + ": BLOCKED: ENOENT"}));
  attack_expecting({"leftover_files", read},
                   blocked({"ABSENT /tmp/" + marker, "ABSENT /workspace/" + marker,
                            "ABSENT /dev/shm/" + marker}));
  CHECK_FALSE(fs::exists("/tmp/" + marker));
  CHECK_FALSE(fs::exists("/dev/shm/" + marker));
  CHECK_FALSE(fs::exists("/workspace/" + marker));
}

TEST_CASE("sys_access: /sys is not mounted", "[escape]") {
  attack_expecting({"sys_access"},
                   blocked({"/sys: BLOCKED: ENOENT", "/sys/fs/cgroup: BLOCKED: ENOENT",
                            "/sys/kernel: BLOCKED: ENOENT"}));
}

TEST_CASE("proc_sys_write: kernel settings under /proc refuse the run's writes", "[escape]") {
  const auto core_pattern = read_file("/proc/sys/kernel/core_pattern");
  const std::string name = host_name();
  attack_expecting({"proc_sys_write"},
                   blocked({"core_pattern: BLOCKED: EACCES", "hostname: BLOCKED: EACCES",
                            "drop_caches: BLOCKED: EACCES", "sysrq-trigger: BLOCKED: *",
                            "oom_score_adj: BLOCKED: EACCES"}));
  CHECK(read_file("/proc/sys/kernel/core_pattern") == core_pattern);
  CHECK(host_name() == name);
}

TEST_CASE("dev_write: /dev is read-only and holds no host terminal or console", "[escape]") {
  attack_expecting({"dev_write"},
                   blocked({"mkdir /dev/shm: BLOCKED: EROFS", "create /dev/evil: BLOCKED: EROFS",
                            "open /dev/console: BLOCKED: ENOENT", "open /dev/tty: BLOCKED: ENOENT",
                            "open /dev/kmsg: BLOCKED: ENOENT", "open /dev/ptmx: BLOCKED: ENOENT",
                            "TIOCSTI stdin: BLOCKED: ENOTTY", "TIOCSTI stdout: BLOCKED: ENOTTY"}));
}

TEST_CASE("mknod_device: no device node can be made and the host's disks are not there",
          "[escape]") {
  attack_expecting({"mknod_device"},
                   blocked({"mknod /workspace/mem: BLOCKED: EPERM",
                            "mknod /tmp/vda: BLOCKED: EPERM", "open /dev/mem: BLOCKED: ENOENT",
                            "open /dev/vda: BLOCKED: ENOENT", "open /dev/sda: BLOCKED: ENOENT"}));
}

// =============================================================================================
// Processes, the service and the environment

TEST_CASE("parent_environment: init's environ and memory are closed and /proc shows the run only",
          "[escape]") {
  attack_expecting({"parent_environment"},
                   blocked({"pid: 2 ppid: 1", "parent environ: BLOCKED: EACCES",
                            "parent mem: BLOCKED: EACCES", "parent maps: BLOCKED: EACCES",
                            "service environ: BLOCKED: ENOENT", "pids: [1, 2]"}));
}

TEST_CASE("own_environment: only the profile's and the run's variables and none of the service's",
          "[escape]") {
  const std::string secret = unique_name("secret-value-");
  REQUIRE(setenv("ASSAY_ESCAPE_SECRET", secret.c_str(), 1) == 0);
  const RunResult result = run_attack({"own_environment"});
  unsetenv("ASSAY_ESCAPE_SECRET");
  std::vector<std::string> names;
  for (const auto& [name, value] : default_profile().env) names.push_back(name);
  for (const auto& [name, value] : standard_env("")) names.push_back(name);
  std::sort(names.begin(), names.end());
  std::string expected = "env: ";
  for (size_t i = 0; i < names.size(); ++i) expected += (i ? "," : "") + names[i];
  check_result("own_environment", result, blocked({expected, "secret: BLOCKED: absent"}));
  CHECK(result.stdout_text.find(secret) == std::string::npos);
}

TEST_CASE("inherited_fds: fds the service leaks without O_CLOEXEC do not reach the run",
          "[escape]") {
  const int file = open("/etc/hostname", O_RDONLY);  // no O_CLOEXEC, on purpose
  int pipe_fds[2];
  REQUIRE(pipe(pipe_fds) == 0);  // no O_CLOEXEC, on purpose
  attack_expecting({"inherited_fds"}, blocked({"fds: [0, 1, 2]"}));
  close(file);
  close(pipe_fds[0]);
  close(pipe_fds[1]);
}

TEST_CASE("kill_everything: kill(-1) and the service's pids reach only the run", "[escape]") {
  attack_expecting({"kill_everything"}, blocked({"kill ASSAY_ESCAPE_SERVICE_PID: BLOCKED: ESRCH",
                                                 "killpg ASSAY_ESCAPE_SERVICE_PID: BLOCKED: ESRCH",
                                                 "kill ASSAY_ESCAPE_SENTINEL_PID: BLOCKED: ESRCH",
                                                 "killpg ASSAY_ESCAPE_SENTINEL_PID: BLOCKED: ESRCH",
                                                 "own child: killed"}));
  CHECK(sentinel().alive());  // and this process, which is still running this line
}

TEST_CASE("signal_pid1: pid 1 is the run's init and ignores the run's signals", "[escape]") {
  attack_expecting({"signal_pid1"}, blocked({"pid: 2", "pid 1: survived"}));
}

TEST_CASE("double_fork_daemon: a daemonised process dies with the run", "[escape]") {
  static std::atomic<int> counter{0};
  // A number sleep accepts, unique to this run: "30.<pid><n>1" (seconds, longer than any wait).
  const std::string marker = "30." + std::to_string(getpid()) + std::to_string(++counter) + "1";
  const RunResult result =
      attack_expecting({"double_fork_daemon", {{"ASSAY_ESCAPE_MARKER", marker}}}, blocked({}));
  CHECK(line_value(result.stdout_text, "daemon").rfind("running as pid ", 0) == 0);
  const std::string argv = std::string("sleep") + '\0' + marker;
  CHECK(eventually([&] { return processes_with("cmdline", argv).empty(); }));
}

TEST_CASE("concurrent_runs: two runs at once see neither each other's files nor processes",
          "[escape]") {
  std::barrier start(2);
  RunResult results[2];
  std::optional<std::string> errors[2];
  const auto run_one = [&](int index) {
    const std::string me = index == 0 ? "A" : "B";
    Attack attack{"concurrent_runs", {{"ASSAY_ESCAPE_RUN", me}}};
    const RunSpec spec = attack_spec(attack, unique_name("run-"));
    start.arrive_and_wait();
    Result<RunResult> result = Sandbox(default_profile(), cgroups()).run(spec);
    if (result) {
      results[index] = std::move(result).value();
    } else {
      errors[index] = result.status().message();
    }
  };
  const ServiceWatch service;
  std::thread a(run_one, 0), b(run_one, 1);
  a.join();
  b.join();
  service.check();
  for (int i = 0; i < 2; ++i) {
    const std::string me = i == 0 ? "A" : "B";
    INFO("run " << me << ": " << errors[i].value_or(""));
    REQUIRE_FALSE(errors[i]);
    check_result(
        "concurrent_runs " + me, results[i],
        blocked({"workspace: ['mine-" + me + "']", "tmp: ['mine-" + me + "']", "pids: [1, 2]"}));
  }
  // Each looked while the other was alive and had written its files.
  const auto time = [&](int i, const char* key) {
    const std::string value = line_value(results[i].stdout_text, key);
    return value.empty() ? -1.0 : std::stod(value);
  };
  for (int i = 0; i < 2; ++i) {
    const int other = 1 - i;
    INFO("run " << i << " checked at " << time(i, "check") << "; the other was ready at "
                << time(other, "ready") << " and ended at " << time(other, "end"));
    CHECK(time(other, "ready") < time(i, "check"));
    CHECK(time(i, "check") < time(other, "end"));
  }
}

TEST_CASE("proc_root_of_host: init's and the service's roots are out of reach", "[escape]") {
  attack_expecting(
      {"proc_root_of_host"},
      blocked({"/proc/1/root: BLOCKED: EACCES", "/proc/1/cwd: BLOCKED: EACCES",
               "service root: BLOCKED: ENOENT", "/proc/self/root/etc/shadow: BLOCKED: ENOENT"}));
}

TEST_CASE("steal_init_fds: init's report pipe cannot be taken", "[escape]") {
  attack_expecting({"steal_init_fds"}, denied("pidfd_getfd", {"list /proc/1/fd: BLOCKED: EACCES",
                                                              "open /proc/1/fd/3: BLOCKED: EACCES",
                                                              "TRYING pidfd_getfd"}));
}

TEST_CASE("change_hostname: the run's UTS namespace is its own and it may not rename it",
          "[escape]") {
  const std::string name = host_name();
  attack_expecting({"change_hostname"}, blocked({"hostname: assay", "sethostname: BLOCKED: EPERM",
                                                 "setdomainname: BLOCKED: EPERM"}));
  CHECK(host_name() == name);
}

// =============================================================================================
// Privileges and limits

TEST_CASE("raise_rlimits: no rlimit goes above its hard limit", "[escape]") {
  attack_expecting(
      {"raise_rlimits"},
      blocked({"raise RLIMIT_CPU: BLOCKED: EPERM", "raise RLIMIT_NPROC: BLOCKED: EPERM",
               "raise RLIMIT_NOFILE: BLOCKED: EPERM", "raise RLIMIT_FSIZE: BLOCKED: EPERM",
               "lower RLIMIT_NOFILE: allowed"}));
}

TEST_CASE("setuid_binaries: setuid-root programs run as the sandbox user", "[escape]") {
  attack_expecting({"setuid_binaries"}, blocked({"nosuid: yes", "euid: 1000",
                                                 "setuid: BLOCKED: no setuid binary gave uid 0"}));
}

TEST_CASE("memfd_exec: a program executed from a memfd is still under the filter", "[escape]") {
  attack_expecting({"memfd_exec"}, denied("socket", {"TRYING exec from memfd", "TRYING socket"}));
}

TEST_CASE("clone3_fallback: clone3 gives ENOSYS so flags are checked on clone and fork works",
          "[escape]") {
  attack_expecting({"clone3_fallback"}, blocked({"clone3: BLOCKED: ENOSYS", "fork: works"}));
}

// =============================================================================================
// System calls the profile denies: each ends the run and is named.

TEST_CASE("ptrace_attach: ptrace is denied", "[escape]") {
  attack_expecting({"ptrace_attach"}, denied("ptrace", {"TRYING ptrace"}));
}

TEST_CASE("mount_tmpfs: mount is denied", "[escape]") {
  attack_expecting({"mount_tmpfs"}, denied("mount", {"TRYING mount"}));
}

TEST_CASE("unshare_namespaces: unshare is denied", "[escape]") {
  attack_expecting({"unshare_namespaces"}, denied("unshare", {"TRYING unshare"}));
}

TEST_CASE("raw_syscall_unshare: unshare through syscall(2) is still denied", "[escape]") {
  attack_expecting({"raw_syscall_unshare"}, denied("unshare", {"TRYING unshare"}));
}

TEST_CASE("clone_new_user: clone with CLONE_NEWUSER is denied", "[escape]") {
  attack_expecting({"clone_new_user"}, denied("clone", {"TRYING clone"}));
}

TEST_CASE("chroot_escape: chroot is denied", "[escape]") {
  attack_expecting({"chroot_escape"}, denied("chroot", {"TRYING chroot"}));
}

TEST_CASE("keyctl_keyring: keyctl is denied", "[escape]") {
  attack_expecting({"keyctl_keyring"}, denied("keyctl", {"TRYING keyctl"}));
}

TEST_CASE("bpf_program: bpf is denied", "[escape]") {
  attack_expecting({"bpf_program"}, denied("bpf", {"TRYING bpf"}));
}

TEST_CASE("io_uring: io_uring_setup is denied", "[escape]") {
  attack_expecting({"io_uring"}, denied("io_uring_setup", {"TRYING io_uring_setup"}));
}

TEST_CASE("kernel_module: finit_module is denied", "[escape]") {
  attack_expecting({"kernel_module"}, denied("finit_module", {"TRYING finit_module"}));
}

TEST_CASE("personality_no_aslr: personality(ADDR_NO_RANDOMIZE) is denied", "[escape]") {
  attack_expecting({"personality_no_aslr"}, denied("personality", {"TRYING personality"}));
}

TEST_CASE("open_by_handle: open_by_handle_at (shocker) is denied", "[escape]") {
  attack_expecting({"open_by_handle"}, denied("open_by_handle_at", {"TRYING open_by_handle_at"}));
}

// =============================================================================================
// The service across many runs

TEST_CASE("service_stability: twenty attacks in a row leave no fd thread or child behind",
          "[escape]") {
  const ServiceWatch service;  // warms the sandbox up and waits for quiet
  const size_t fds = open_fd_count();
  const auto threads = [] {
    return static_cast<size_t>(
        std::distance(fs::directory_iterator("/proc/self/task"), fs::directory_iterator()));
  };
  const size_t threads_before = threads();
  for (int round = 0; round < 4; ++round) {
    for (const char* name :
         {"raw_socket", "read_host_secrets", "output_flood", "fork_bomb", "memory_bomb"}) {
      Result<RunResult> result =
          Sandbox(default_profile(), cgroups()).run(attack_spec({name}, unique_name("run-")));
      INFO(name << ": " << (result ? describe(*result) : result.status().message()));
      CHECK(result);
    }
  }
  service.check();
  CHECK(eventually([&] { return open_fd_count() == fds; }));
  CHECK(eventually([&] { return threads() <= threads_before; }));
}

}  // namespace assay::sandbox::escape
