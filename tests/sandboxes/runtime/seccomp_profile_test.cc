// Tests for seccomp_profile.h: parsing the OCI seccomp JSON format, refusing mistakes by file
// and JSON path, and what compiled programs do when a forked child actually installs them.
#include "sandboxes/runtime/seccomp_profile.h"

#include <fcntl.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <functional>
#include <set>
#include <sstream>
#include <string>

#include "tests/support/child_process.h"

namespace {

using assay::sandbox::compile_seccomp;
using assay::sandbox::parse_seccomp_profile;
using assay::sandbox::SeccompAction;
using assay::sandbox::SeccompArch;
using assay::sandbox::SeccompCompare;
using assay::sandbox::SeccompProfile;
using assay::sandbox::SeccompProgram;
using assay::sandbox::syscall_name;

// ---------------------------------------------------------------------------------------------
// Plumbing: run a function in a forked child under a compiled program, as the sandbox does.

// How a filtered child ended, in one comparable string: "denied: socket" when the filter
// notified (the parent then killed the child), "exit N", "signal N", or "timeout".
struct FilteredRun {
  std::string outcome;
  uint64_t denied_args[6] = {};  // the denied call's arguments, when one was denied
  std::string output;            // the child's stdout and stderr
};

void send_fd(int socket, int fd) {
  char byte = 'f';
  iovec data{&byte, 1};
  alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))] = {};
  msghdr message{};
  message.msg_iov = &data;
  message.msg_iovlen = 1;
  message.msg_control = control;
  message.msg_controllen = sizeof control;
  cmsghdr* header = CMSG_FIRSTHDR(&message);
  header->cmsg_level = SOL_SOCKET;
  header->cmsg_type = SCM_RIGHTS;
  header->cmsg_len = CMSG_LEN(sizeof(int));
  std::memcpy(CMSG_DATA(header), &fd, sizeof fd);
  (void)!sendmsg(socket, &message, 0);
}

// The fd sent by send_fd, or -1 when the child closed the socket without sending one.
int receive_fd(int socket) {
  char byte = 0;
  iovec data{&byte, 1};
  alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))] = {};
  msghdr message{};
  message.msg_iov = &data;
  message.msg_iovlen = 1;
  message.msg_control = control;
  message.msg_controllen = sizeof control;
  if (recvmsg(socket, &message, MSG_CMSG_CLOEXEC) != 1) return -1;
  cmsghdr* header = CMSG_FIRSTHDR(&message);
  if (header == nullptr || header->cmsg_type != SCM_RIGHTS) return -1;
  int fd = -1;
  std::memcpy(&fd, CMSG_DATA(header), sizeof fd);
  return fd;
}

// Forks; the child sends its output to a pipe, sets NO_NEW_PRIVS, installs `program` with a
// raw seccomp() and SECCOMP_FILTER_FLAG_NEW_LISTENER, hands the listener to the parent over a
// socketpair (SCM_RIGHTS), then runs `body` and exits with what it returns. The parent
// answers the first notification by reading the call's number and killing the child.
FilteredRun run_filtered(const SeccompProgram& program, const std::function<int()>& body) {
  int channel[2], output[2];
  REQUIRE(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, channel) == 0);
  REQUIRE(pipe2(output, O_CLOEXEC) == 0);
  const pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    close(channel[0]);
    close(output[0]);
    dup2(output[1], STDOUT_FILENO);
    dup2(output[1], STDERR_FILENO);
    sock_fprog filter{static_cast<unsigned short>(program.instructions.size()),
                      const_cast<sock_filter*>(program.instructions.data())};
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) _exit(120);
    const long listener =
        syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_NEW_LISTENER, &filter);
    if (listener < 0) _exit(121);
    send_fd(channel[1], static_cast<int>(listener));
    close(static_cast<int>(listener));
    close(channel[1]);
    _exit(body());
  }
  close(channel[1]);
  close(output[1]);
  const int listener = receive_fd(channel[0]);
  close(channel[0]);
  const int child_fd = static_cast<int>(syscall(SYS_pidfd_open, child, 0));
  REQUIRE(child_fd >= 0);

  FilteredRun run;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  bool output_open = true, child_running = true;
  while (output_open || child_running) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                          deadline - std::chrono::steady_clock::now())
                          .count();
    if (left <= 0) {
      kill(child, SIGKILL);
      run.outcome = "timeout";
      break;
    }
    pollfd fds[3] = {{output_open ? output[0] : -1, POLLIN, 0},
                     {child_running ? child_fd : -1, POLLIN, 0},
                     {run.outcome.empty() ? listener : -1, POLLIN, 0}};
    if (poll(fds, 3, static_cast<int>(left)) < 0) continue;
    if (fds[0].revents != 0) {
      char buffer[4096];
      const ssize_t got = read(output[0], buffer, sizeof buffer);
      if (got > 0) {
        run.output.append(buffer, static_cast<size_t>(got));
      } else {
        output_open = false;
      }
    }
    if (fds[2].revents & POLLIN) {
      seccomp_notif notification;
      std::memset(&notification, 0, sizeof notification);
      if (ioctl(listener, SECCOMP_IOCTL_NOTIF_RECV, &notification) == 0) {
        run.outcome = "denied: " + syscall_name(notification.data.nr);
        std::memcpy(run.denied_args, notification.data.args, sizeof run.denied_args);
        kill(child, SIGKILL);
      }
    }
    if (fds[1].revents != 0) child_running = false;
  }
  int status = 0;
  waitpid(child, &status, 0);
  if (run.outcome.empty()) {
    run.outcome = WIFEXITED(status) ? "exit " + std::to_string(WEXITSTATUS(status))
                                    : "signal " + std::to_string(WTERMSIG(status));
  }
  if (listener >= 0) close(listener);
  close(child_fd);
  close(output[0]);
  return run;
}

int exec(std::vector<const char*> argv) {
  argv.push_back(nullptr);
  execv(argv[0], const_cast<char* const*>(argv.data()));
  return 127;
}

// The errno of a failed raw call, 0 when it succeeded: bodies return it as their exit code.
int errno_of(long result) { return result < 0 ? errno : 0; }

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

SeccompProfile parse_ok(const std::string& json) {
  auto profile = parse_seccomp_profile("test.seccomp.json", json);
  INFO(json);
  REQUIRE(profile);
  return *profile;
}

SeccompProgram compile_ok(const std::string& json) {
  auto program = compile_seccomp(parse_ok(json));
  if (!program) FAIL(program.status().message());
  return *program;
}

const SeccompProgram& default_program() {
  static const SeccompProgram program = [] {
    const std::string path = assay::testing::source_path("policies/sandbox/default.seccomp.json");
    auto profile = parse_seccomp_profile("default.seccomp.json", read_file(path));
    if (!profile) FAIL(profile.status().message());
    auto compiled = compile_seccomp(*profile);
    if (!compiled) FAIL(compiled.status().message());
    return *compiled;
  }();
  return program;
}

std::string parse_error(const std::string& json) {
  auto profile = parse_seccomp_profile("test.seccomp.json", json);
  if (profile) return "(parsed)";
  CHECK(profile.status().code() == "policy_invalid");
  return profile.status().message();
}

// A profile that allows everything except `rule` (a JSON object).
std::string with_rule(const std::string& rule) {
  return R"({"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [)" + rule + "]}";
}

// ---------------------------------------------------------------------------------------------
// Parsing

TEST_CASE("every action parses") {
  const std::pair<const char*, SeccompAction> actions[] = {
      {"SCMP_ACT_ERRNO", SeccompAction::kErrno},
      {"SCMP_ACT_KILL", SeccompAction::kKill},
      {"SCMP_ACT_KILL_PROCESS", SeccompAction::kKillProcess},
      {"SCMP_ACT_KILL_THREAD", SeccompAction::kKillThread},
      {"SCMP_ACT_TRAP", SeccompAction::kTrap},
      {"SCMP_ACT_LOG", SeccompAction::kLog},
  };
  for (const auto& [name, action] : actions) {
    const SeccompProfile profile =
        parse_ok(with_rule(std::string(R"({"names": ["getppid"], "action": ")") + name + "\"}"));
    REQUIRE(profile.rules.size() == 1);
    CHECK(profile.rules[0].action == action);
    CHECK(assay::sandbox::seccomp_action_name(action) == name);
  }
  // ALLOW can only be a rule's action under another default.
  const SeccompProfile allowlist = parse_ok(
      R"({"defaultAction": "SCMP_ACT_KILL_PROCESS",
          "syscalls": [{"names": ["read", "write"], "action": "SCMP_ACT_ALLOW"}]})");
  CHECK(allowlist.default_action == SeccompAction::kKillProcess);
  CHECK(allowlist.rules[0].action == SeccompAction::kAllow);
  CHECK(allowlist.rules[0].syscalls == std::vector<std::string>{"read", "write"});
}

TEST_CASE("every operator parses, MASKED_EQ keeping OCI's mask and value") {
  const std::pair<const char*, SeccompCompare> operators[] = {
      {"SCMP_CMP_NE", SeccompCompare::kNotEqual},       {"SCMP_CMP_LT", SeccompCompare::kLess},
      {"SCMP_CMP_LE", SeccompCompare::kLessOrEqual},    {"SCMP_CMP_EQ", SeccompCompare::kEqual},
      {"SCMP_CMP_GE", SeccompCompare::kGreaterOrEqual}, {"SCMP_CMP_GT", SeccompCompare::kGreater},
  };
  for (const auto& [name, op] : operators) {
    const SeccompProfile profile =
        parse_ok(with_rule(std::string(R"({"names": ["close"], "action": "SCMP_ACT_ERRNO",
                        "args": [{"index": 5, "value": 18446744073709551615, "op": ")") +
                           name + "\"}]}"));
    REQUIRE(profile.rules[0].args.size() == 1);
    CHECK(profile.rules[0].args[0].op == op);
    CHECK(profile.rules[0].args[0].index == 5);
    CHECK(profile.rules[0].args[0].value == 18446744073709551615ull);
  }
  const SeccompProfile masked = parse_ok(with_rule(
      R"({"names": ["clone"], "action": "SCMP_ACT_KILL",
          "args": [{"index": 0, "value": 268435456, "valueTwo": 268435456,
                    "op": "SCMP_CMP_MASKED_EQ"}]})"));
  CHECK(masked.rules[0].args[0].op == SeccompCompare::kMaskedEqual);
  CHECK(masked.rules[0].args[0].value == 0x10000000);
  CHECK(masked.rules[0].args[0].value_two == 0x10000000);
}

TEST_CASE("errno values: OCI's EPERM unless given, per rule and by default") {
  const SeccompProfile profile = parse_ok(
      R"({"defaultAction": "SCMP_ACT_ERRNO", "defaultErrnoRet": 38,
          "syscalls": [{"names": ["read"], "action": "SCMP_ACT_ALLOW"},
                       {"name": "getppid", "action": "SCMP_ACT_ERRNO"},
                       {"names": ["getpid"], "action": "SCMP_ACT_ERRNO", "errnoRet": 13}]})");
  CHECK(profile.default_errno_ret == 38);
  CHECK(profile.rules[1].syscalls == std::vector<std::string>{"getppid"});  // OCI's old "name"
  CHECK(profile.rules[1].errno_ret == EPERM);
  CHECK(profile.rules[2].errno_ret == 13);
  CHECK(parse_ok(R"({"defaultAction": "SCMP_ACT_ERRNO"})").default_errno_ret == EPERM);
}

TEST_CASE("architectures must include the native one; OCI keys we do not use are ignored") {
#if defined(__x86_64__)
  const SeccompProfile profile = parse_ok(
      R"({"defaultAction": "SCMP_ACT_ALLOW", "comment": "x",
          "architectures": ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32",
                            "SCMP_ARCH_AARCH64"],
          "archMap": [{"architecture": "SCMP_ARCH_X86_64", "subArchitectures": []}],
          "flags": ["SECCOMP_FILTER_FLAG_LOG"], "listenerPath": "/run/x.sock",
          "listenerMetadata": "m", "includes": {}, "excludes": {},
          "syscalls": [{"names": ["getppid"], "action": "SCMP_ACT_ERRNO", "comment": "why",
                        "includes": {}, "excludes": {}}]})");
  CHECK(profile.architectures == std::vector<SeccompArch>{SeccompArch::kX86_64, SeccompArch::kX86,
                                                          SeccompArch::kX32,
                                                          SeccompArch::kAarch64});
  CHECK(parse_ok(R"({"defaultAction": "SCMP_ACT_ALLOW"})").architectures.empty());
  CHECK(parse_error(R"({"defaultAction": "SCMP_ACT_ALLOW", "architectures": ["SCMP_ARCH_X86"]})") ==
        "test.seccomp.json: architectures: must include SCMP_ARCH_X86_64, the native "
        "architecture, or every call would be refused");
#endif
  CHECK(
      parse_error(R"({"defaultAction": "SCMP_ACT_ALLOW", "architectures": ["SCMP_ARCH_MIPS"]})") ==
      "test.seccomp.json: architectures[0]: unknown or unsupported architecture "
      "'SCMP_ARCH_MIPS'");
}

TEST_CASE("each mistake names the file, the JSON path and what is wrong") {
  const std::string rule_prefix = R"({"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [)";
  const std::string three_rules =
      R"({"names": ["read"], "action": "SCMP_ACT_LOG"},
         {"names": ["write"], "action": "SCMP_ACT_LOG"},
         {"names": ["close"], "action": "SCMP_ACT_LOG"},)";
  const std::pair<std::string, std::string> cases[] = {
      {rule_prefix + three_rules +
           R"({"names": ["socket"], "action": "SCMP_ACT_KILL",
               "args": [{"index": 0, "value": 1, "op": "SCMP_CMP_XX"}]}]})",
       "syscalls[3].args[0].op: unknown operator 'SCMP_CMP_XX'"},
      {R"({"syscalls": []})", "defaultAction: missing"},
      {R"({"defaultAction": "SCMP_ACT_NOPE"})", "defaultAction: unknown action 'SCMP_ACT_NOPE'"},
      {R"({"defaultAction": 3})", "defaultAction: expected a string, found number"},
      {R"({"defaultaction": "SCMP_ACT_ALLOW"})", "defaultaction: unknown key"},
      {R"([1, 2])", "top level: expected an object, found array"},
      {R"({"defaultAction": "SCMP_ACT_ALLOW", "defaultErrnoRet": 1})",
       "defaultErrnoRet: only used with defaultAction SCMP_ACT_ERRNO"},
      {R"({"defaultAction": "SCMP_ACT_ERRNO", "defaultErrnoRet": 4096})",
       "defaultErrnoRet: 4096 is not an errno value (0..4095)"},
      {R"({"defaultAction": "SCMP_ACT_ALLOW", "syscalls": {}})",
       "syscalls: expected an array, found object"},
      {rule_prefix + R"("read"]})", "syscalls[0]: expected an object, found string"},
      {rule_prefix + R"({"names": ["read", "frobnicate"], "action": "SCMP_ACT_LOG"}]})",
       "syscalls[0].names[1]: libseccomp knows no system call 'frobnicate' on SCMP_ARCH_X86_64"},
      {rule_prefix + R"({"names": [], "action": "SCMP_ACT_LOG"}]})",
       "syscalls[0].names: names no system call"},
      {rule_prefix + R"({"names": "read", "action": "SCMP_ACT_LOG"}]})",
       "syscalls[0].names: expected an array, found string"},
      {rule_prefix + R"({"action": "SCMP_ACT_LOG"}]})", "syscalls[0].names: missing"},
      {rule_prefix + R"({"name": "read", "names": ["read"], "action": "SCMP_ACT_LOG"}]})",
       "syscalls[0]: has both 'names' and 'name'; use 'names'"},
      {rule_prefix + R"({"names": ["read"]}]})", "syscalls[0].action: missing"},
      {rule_prefix + R"({"names": ["read"], "action": "SCMP_ACT_LOG", "arg": []}]})",
       "syscalls[0].arg: unknown key"},
      {rule_prefix +
           R"({"names": ["read"], "action": "SCMP_ACT_LOG", "includes": {"caps": ["X"]}}]})",
       "syscalls[0].includes: Docker's conditional rules are not supported; write the rule as "
       "it applies to this sandbox"},
      {rule_prefix + R"({"names": ["read"], "action": "SCMP_ACT_KILL", "errnoRet": 1}]})",
       "syscalls[0].errnoRet: only used with action SCMP_ACT_ERRNO"},
      {rule_prefix + R"({"names": ["read"], "action": "SCMP_ACT_ERRNO", "errnoRet": -1}]})",
       "syscalls[0].errnoRet: must not be negative"},
      {rule_prefix + R"({"names": ["read"], "action": "SCMP_ACT_LOG", "args": {}}]})",
       "syscalls[0].args: expected an array, found object"},
      {rule_prefix + R"({"names": ["read"], "action": "SCMP_ACT_LOG",
                         "args": [{"index": 6, "value": 1, "op": "SCMP_CMP_EQ"}]}]})",
       "syscalls[0].args[0].index: 6 is not an argument index (0..5)"},
      {rule_prefix + R"({"names": ["read"], "action": "SCMP_ACT_LOG",
                         "args": [{"index": 0, "value": -1, "op": "SCMP_CMP_EQ"}]}]})",
       "syscalls[0].args[0].value: must not be negative"},
      {rule_prefix + R"({"names": ["read"], "action": "SCMP_ACT_LOG",
                         "args": [{"index": 0, "value": 1.5, "op": "SCMP_CMP_EQ"}]}]})",
       "syscalls[0].args[0].value: must be an integer"},
      {rule_prefix + R"({"names": ["read"], "action": "SCMP_ACT_LOG",
                         "args": [{"index": 0, "value": "1", "op": "SCMP_CMP_EQ"}]}]})",
       "syscalls[0].args[0].value: expected a number, found string"},
      {rule_prefix + R"({"names": ["read"], "action": "SCMP_ACT_LOG",
                         "args": [{"index": 0, "op": "SCMP_CMP_EQ"}]}]})",
       "syscalls[0].args[0].value: missing"},
      {rule_prefix + R"({"names": ["read"], "action": "SCMP_ACT_LOG",
                         "args": [{"index": 0, "value": 1, "op": "SCMP_CMP_EQ", "mask": 1}]}]})",
       "syscalls[0].args[0].mask: unknown key"},
      {rule_prefix + R"({"names": ["read"], "action": "SCMP_ACT_LOG",
                         "args": [{"index": 0, "value": 1, "valueTwo": 2,
                                   "op": "SCMP_CMP_EQ"}]}]})",
       "syscalls[0].args[0].valueTwo: only used by SCMP_CMP_MASKED_EQ"},
      {rule_prefix + R"({"names": ["read"], "action": "SCMP_ACT_LOG",
                         "args": [{"index": 0, "value": 1, "valueTwo": 2,
                                   "op": "SCMP_CMP_MASKED_EQ"}]}]})",
       "syscalls[0].args[0].valueTwo: 0x2 has bits outside the mask 0x1 (value), so the "
       "comparison can never hold"},
      {rule_prefix + R"({"names": ["read"], "action": "SCMP_ACT_LOG",
                         "args": [{"index": 0, "value": 1, "op": "SCMP_CMP_GT"},
                                  {"index": 0, "value": 9, "op": "SCMP_CMP_LT"}]}]})",
       "syscalls[0].args[1].index: argument 0 is already compared by args[0]; libseccomp takes "
       "one comparison per argument in a rule, so write a second rule"},
      {rule_prefix + R"({"names": ["read"], "action": "SCMP_ACT_ALLOW"}]})",
       "syscalls[0].action: SCMP_ACT_ALLOW is what the default action already does, so the "
       "rule has no effect (libseccomp refuses it)"},
      {R"({"defaultAction": "SCMP_ACT_KILL",
           "syscalls": [{"names": ["read"], "action": "SCMP_ACT_KILL_PROCESS"}]})",
       "syscalls[0].action: SCMP_ACT_KILL_PROCESS is what the default action already does, so "
       "the rule has no effect (libseccomp refuses it)"},
      {rule_prefix + R"({"names": ["read", "write", "read"], "action": "SCMP_ACT_LOG"}]})",
       "syscalls[0].names[2]: 'read' is listed twice"},
      {rule_prefix + R"({"names": ["read"], "action": "SCMP_ACT_KILL"},
                        {"names": ["read"], "action": "SCMP_ACT_KILL",
                         "args": [{"index": 0, "value": 1, "op": "SCMP_CMP_EQ"}]}]})",
       "syscalls[1].names[0]: 'read' also has a rule at syscalls[0], and one of the two has no "
       "conditions, so libseccomp would silently ignore one of them"},
      {rule_prefix + R"({"names": ["read"], "action": "SCMP_ACT_KILL",
                         "args": [{"index": 0, "value": 1, "op": "SCMP_CMP_EQ"}]},
                        {"names": ["read"], "action": "SCMP_ACT_ERRNO",
                         "args": [{"index": 1, "value": 1, "op": "SCMP_CMP_EQ"}]}]})",
       "syscalls[1].names[0]: 'read' also has a rule with a different action at syscalls[0]; "
       "which one applies when both match is undefined"},
  };
  for (const auto& [json, expected] : cases) {
    INFO(json);
    CHECK(parse_error(json) == "test.seccomp.json: " + expected);
  }
}

TEST_CASE("malformed JSON is policy_invalid with the byte offset") {
  CHECK_THAT(parse_error(R"({"defaultAction": "SCMP_ACT_ALLOW",, })"),
             Catch::StartsWith("test.seccomp.json: malformed JSON at byte 35"));
  CHECK_THAT(parse_error(""), Catch::StartsWith("test.seccomp.json: malformed JSON at byte 0"));
  CHECK_THAT(parse_error(std::string(100, '[') + std::string(100, ']')),
             Catch::StartsWith("test.seccomp.json: JSON nests deeper than"));
}

TEST_CASE("syscall_name names native calls and numbers unknown ones") {
  CHECK(syscall_name(SYS_socket) == "socket");
  CHECK(syscall_name(SYS_clone) == "clone");
  CHECK(syscall_name(SYS_unshare) == "unshare");
  CHECK(syscall_name(99999) == "syscall 99999");
  CHECK(syscall_name(-5) == "syscall -5");
}

// ---------------------------------------------------------------------------------------------
// Compiling

TEST_CASE("kill actions compile to notifications; others do not") {
  for (const char* kill : {"SCMP_ACT_KILL", "SCMP_ACT_KILL_PROCESS", "SCMP_ACT_KILL_THREAD"}) {
    CHECK(compile_ok(with_rule(std::string(R"({"names": ["getppid"], "action": ")") + kill + "\"}"))
              .notifies);
    CHECK(compile_ok(std::string(R"({"defaultAction": ")") + kill +
                     R"(", "syscalls": [{"names": ["read"], "action": "SCMP_ACT_ALLOW"}]})")
              .notifies);
  }
  for (const char* other : {"SCMP_ACT_ERRNO", "SCMP_ACT_TRAP", "SCMP_ACT_LOG"}) {
    CHECK_FALSE(
        compile_ok(with_rule(std::string(R"({"names": ["getppid"], "action": ")") + other + "\"}"))
            .notifies);
  }
}

TEST_CASE("profiles built in code get the same checks before compiling") {
  SeccompProfile profile;
  profile.file_name = "built-in";
  assay::sandbox::SeccompRule kill_read;
  kill_read.syscalls = {"read"};
  kill_read.action = SeccompAction::kKill;
  kill_read.json_path = "rule A";
  assay::sandbox::SeccompRule errno_read = kill_read;
  errno_read.action = SeccompAction::kErrno;
  errno_read.json_path = "rule B";
  profile.rules = {kill_read, errno_read};
  auto program = compile_seccomp(profile);
  REQUIRE_FALSE(program);
  CHECK(program.status().code() == "policy_invalid");
  CHECK_THAT(program.status().message(),
             Catch::StartsWith("built-in: rule B.names[0]: 'read' also has a rule at rule A"));

  profile.rules = {kill_read};
  profile.rules[0].args.push_back({7, SeccompCompare::kEqual, 1, 0});
  program = compile_seccomp(profile);
  REQUIRE_FALSE(program);
  CHECK(program.status().message() ==
        "built-in: rule A.args[0].index: 7 is not an argument index (0..5)");

  profile.rules = {kill_read};
  profile.rules[0].syscalls = {"no_such_call"};
  program = compile_seccomp(profile);
  REQUIRE_FALSE(program);
  CHECK_THAT(program.status().message(),
             Catch::StartsWith("built-in: rule A.names[0]: libseccomp knows no system call"));
}

TEST_CASE("the exported program is self-contained: it begins by checking the architecture") {
  const SeccompProgram& program = default_program();
  REQUIRE(program.instructions.size() > 2);
  CHECK(program.instructions.size() <= 4096);
  CHECK(program.notifies);
  // Load seccomp_data.arch (offset 4), then compare it with the native audit architecture.
  CHECK(program.instructions[0].code == (BPF_LD | BPF_W | BPF_ABS));
  CHECK(program.instructions[0].k == offsetof(seccomp_data, arch));
  CHECK((program.instructions[1].code & BPF_JMP) == BPF_JMP);
}

TEST_CASE("the default profile denies what DESIGN.md's sandbox must not do") {
  const std::string path = assay::testing::source_path("policies/sandbox/default.seccomp.json");
  auto profile = parse_seccomp_profile("default.seccomp.json", read_file(path));
  REQUIRE(profile);
  CHECK(profile->default_action == SeccompAction::kAllow);
  std::set<std::string> killed_always, killed_on_condition;
  for (const auto& rule : profile->rules) {
    if (rule.action != SeccompAction::kKillProcess) continue;
    for (const std::string& name : rule.syscalls) {
      (rule.args.empty() ? killed_always : killed_on_condition).insert(name);
    }
  }
  for (const char* name : {"ptrace",
                           "process_vm_readv",
                           "process_vm_writev",
                           "mount",
                           "umount2",
                           "pivot_root",
                           "chroot",
                           "unshare",
                           "setns",
                           "keyctl",
                           "add_key",
                           "request_key",
                           "bpf",
                           "io_uring_setup",
                           "io_uring_enter",
                           "io_uring_register",
                           "perf_event_open",
                           "userfaultfd",
                           "kexec_load",
                           "kexec_file_load",
                           "init_module",
                           "finit_module",
                           "delete_module",
                           "open_by_handle_at",
                           "name_to_handle_at",
                           "swapon",
                           "swapoff",
                           "reboot",
                           "acct",
                           "quotactl",
                           "settimeofday",
                           "clock_settime",
                           "clock_adjtime",
                           "adjtimex",
                           "syslog",
                           "vhangup",
                           "iopl",
                           "ioperm",
                           "lookup_dcookie",
                           "fanotify_init",
                           "kcmp",
                           "move_mount",
                           "open_tree",
                           "fsopen",
                           "fsconfig",
                           "fsmount",
                           "fspick",
                           "mount_setattr"}) {
    INFO(name);
    CHECK(killed_always.count(name) == 1);
  }
  CHECK(killed_always.count("personality") == 1);
  CHECK(killed_on_condition == std::set<std::string>{"socket", "clone"});
}

// ---------------------------------------------------------------------------------------------
// Installed in a forked child

TEST_CASE("the plumbing: an allowed child exits normally under the default profile") {
  const FilteredRun run = run_filtered(default_program(), [] { return 7; });
  CHECK(run.outcome == "exit 7");
}

TEST_CASE("default profile: only AF_UNIX sockets may be created") {
  CHECK(run_filtered(default_program(), [] {
          return errno_of(socket(AF_INET, SOCK_STREAM, 0));
        }).outcome == "denied: socket");
  CHECK(run_filtered(default_program(), [] {
          return errno_of(socket(AF_INET6, SOCK_DGRAM, 0));
        }).outcome == "denied: socket");
  CHECK(run_filtered(default_program(), [] {
          return errno_of(socket(AF_NETLINK, SOCK_RAW, 0));
        }).outcome == "denied: socket");
  CHECK(run_filtered(default_program(), [] {
          return errno_of(socket(AF_UNIX, SOCK_STREAM, 0));
        }).outcome == "exit 0");
  CHECK(run_filtered(default_program(), [] {
          int pair[2];
          return errno_of(socketpair(AF_UNIX, SOCK_STREAM, 0, pair));
        }).outcome == "exit 0");
}

TEST_CASE("default profile: namespaces cannot be entered or created") {
  CHECK(run_filtered(default_program(), [] {
          return errno_of(syscall(SYS_unshare, CLONE_NEWUSER));
        }).outcome == "denied: unshare");
  CHECK(run_filtered(default_program(), [] { return errno_of(syscall(SYS_unshare, 0)); }).outcome ==
        "denied: unshare");
  CHECK(run_filtered(default_program(), [] {
          return errno_of(syscall(SYS_setns, -1, 0));
        }).outcome == "denied: setns");
}

TEST_CASE("default profile: a plain fork works, clone with any namespace flag is denied") {
  const std::pair<const char*, unsigned long> flags[] = {
      {"CLONE_NEWUSER", CLONE_NEWUSER},    {"CLONE_NEWNS", CLONE_NEWNS},
      {"CLONE_NEWPID", CLONE_NEWPID},      {"CLONE_NEWNET", CLONE_NEWNET},
      {"CLONE_NEWIPC", CLONE_NEWIPC},      {"CLONE_NEWUTS", CLONE_NEWUTS},
      {"CLONE_NEWCGROUP", CLONE_NEWCGROUP}};
  for (const auto& [name, flag] : flags) {
    INFO(name);
    const unsigned long clone_flags = flag | SIGCHLD;
    const FilteredRun run = run_filtered(default_program(), [clone_flags] {
      const pid_t plain = fork();
      if (plain == 0) _exit(0);
      int status = -1;
      if (plain < 0 || waitpid(plain, &status, 0) != plain || status != 0) return 3;
      const long child = syscall(SYS_clone, clone_flags, 0, 0, 0, 0);
      if (child == 0) _exit(0);
      return 4;  // not stopped
    });
    CHECK(run.outcome == "denied: clone");
    CHECK(run.denied_args[0] == clone_flags);  // not the plain fork's clone
  }
}

TEST_CASE("default profile: clone3 fails with ENOSYS so that glibc falls back to clone") {
  CHECK(run_filtered(default_program(), [] {
          // struct clone_args, version 0: flags, pidfd, child_tid, parent_tid, exit_signal,
          // stack, stack_size, tls.
          uint64_t args[8] = {0, 0, 0, 0, SIGCHLD, 0, 0, 0};
          const long child = syscall(SYS_clone3, args, sizeof args);
          if (child == 0) _exit(0);
          return errno_of(child);
        }).outcome == "exit " + std::to_string(ENOSYS));
  // Threads still start (glibc tries clone3, then clone).
  CHECK(run_filtered(default_program(), [] {
          pthread_t thread;
          if (pthread_create(
                  &thread, nullptr, [](void*) -> void* { return nullptr; }, nullptr)) {
            return 1;
          }
          return pthread_join(thread, nullptr);
        }).outcome == "exit 0");
}

TEST_CASE("default profile: personality is denied, whatever the persona") {
  const unsigned long denied[] = {0x0,        0x8,        0xffffffff, ADDR_NO_RANDOMIZE,
                                  READ_IMPLIES_EXEC, UNAME26, 0x80000000, ~0ul};
  for (unsigned long persona : denied) {
    INFO(persona);
    CHECK(run_filtered(default_program(), [persona] {
            return errno_of(syscall(SYS_personality, persona));
          }).outcome == "denied: personality");
  }
}

TEST_CASE("default profile: other kernel-facing calls are denied before they run") {
  // Arguments the kernel would refuse anyway, so nothing happens if the filter failed.
  CHECK(run_filtered(default_program(), [] {
          return errno_of(syscall(SYS_ptrace, PTRACE_TRACEME, 0, 0, 0));
        }).outcome == "denied: ptrace");
  CHECK(run_filtered(default_program(), [] {
          return errno_of(syscall(SYS_bpf, -1, 0, 0));
        }).outcome == "denied: bpf");
  CHECK(run_filtered(default_program(), [] {
          return errno_of(syscall(SYS_io_uring_setup, 0, nullptr));
        }).outcome == "denied: io_uring_setup");
  CHECK(run_filtered(default_program(), [] {
          return errno_of(syscall(SYS_mount, nullptr, nullptr, nullptr, 0, nullptr));
        }).outcome == "denied: mount");
  CHECK(run_filtered(default_program(), [] {
          return errno_of(syscall(SYS_chroot, nullptr));
        }).outcome == "denied: chroot");
  CHECK(run_filtered(default_program(), [] {
          return errno_of(syscall(SYS_keyctl, -1, 0, 0, 0, 0));
        }).outcome == "denied: keyctl");
}

TEST_CASE("default profile: python3, sqlite3 and a shell run; python's AF_INET socket is denied") {
  if (access("/usr/bin/python3", X_OK) != 0) {
    WARN("no /usr/bin/python3 here; skipped");
    return;
  }
  FilteredRun run = run_filtered(default_program(), [] {
    return exec({"/usr/bin/python3", "-c",
                 "import json, sqlite3, subprocess, threading\n"
                 "subprocess.run(['/bin/true'], check=True)\n"
                 "db = sqlite3.connect(':memory:')\n"
                 "print(db.execute('select 40 + 2').fetchone()[0])\n"
                 "t = threading.Thread(target=print, args=('thread',)); t.start(); t.join()\n"});
  });
  INFO(run.output);
  CHECK(run.outcome == "exit 0");
  CHECK(run.output == "42\nthread\n");

  run = run_filtered(default_program(), [] { return exec({"/bin/sh", "-c", "ls / | wc -l"}); });
  INFO(run.output);
  CHECK(run.outcome == "exit 0");

  run = run_filtered(default_program(), [] {
    return exec({"/usr/bin/python3", "-c", "import socket; socket.socket(socket.AF_INET)"});
  });
  CHECK(run.outcome == "denied: socket");
  run = run_filtered(default_program(), [] {
    return exec({"/usr/bin/python3", "-c", "import socket; socket.socket(socket.AF_UNIX)"});
  });
  INFO(run.output);
  CHECK(run.outcome == "exit 0");
  run = run_filtered(default_program(), [] {
    return exec({"/usr/bin/python3", "-c",
                 "import ctypes, os\n"
                 "libc = ctypes.CDLL(None, use_errno=True)\n"
                 "libc.syscall(272, 0x10000000)  # SYS_unshare, CLONE_NEWUSER\n"});
  });
  CHECK(run.outcome == "denied: unshare");
}

TEST_CASE("an SCMP_ACT_ERRNO rule fails the call with its errno, EPERM by default") {
  const SeccompProgram program =
      compile_ok(with_rule(R"({"names": ["getcwd"], "action": "SCMP_ACT_ERRNO", "errnoRet": 13},
                   {"names": ["chdir"], "action": "SCMP_ACT_ERRNO"})"));
  CHECK_FALSE(program.notifies);
  CHECK(run_filtered(program, [] {
          char buffer[256];
          return errno_of(syscall(SYS_getcwd, buffer, sizeof buffer));
        }).outcome == "exit 13");
  CHECK(run_filtered(program, [] { return errno_of(syscall(SYS_chdir, "/")); }).outcome ==
        "exit " + std::to_string(EPERM));
  CHECK(run_filtered(program, [] { return errno_of(syscall(SYS_fchdir, -1)); }).outcome ==
        "exit " + std::to_string(EBADF));
}

TEST_CASE("each operator selects the argument values it should") {
  // close(fd) on fds that are not open fails with EBADF, or E2BIG when the rule matches; the
  // child reports which of the fds 1000..1007 matched as bits of its exit code.
  const std::pair<const char*, int> expectations[] = {
      {R"("value": 1003, "op": "SCMP_CMP_NE")", 0b11110111},
      {R"("value": 1003, "op": "SCMP_CMP_LT")", 0b00000111},
      {R"("value": 1003, "op": "SCMP_CMP_LE")", 0b00001111},
      {R"("value": 1003, "op": "SCMP_CMP_EQ")", 0b00001000},
      {R"("value": 1003, "op": "SCMP_CMP_GE")", 0b11111000},
      {R"("value": 1003, "op": "SCMP_CMP_GT")", 0b11110000},
      // (fd & 3) == 1: 1001 and 1005. With the mask and value swapped nothing would match.
      {R"("value": 3, "valueTwo": 1, "op": "SCMP_CMP_MASKED_EQ")", 0b00100010},
  };
  for (const auto& [comparison, expected_bits] : expectations) {
    INFO(comparison);
    const SeccompProgram program = compile_ok(
        with_rule(std::string(R"({"names": ["close"], "action": "SCMP_ACT_ERRNO", "errnoRet": 7,
                                  "args": [{"index": 0, )") +
                  comparison + "}]}"));
    const FilteredRun run = run_filtered(program, [] {
      int matched = 0;
      for (int i = 0; i < 8; ++i) {
        if (syscall(SYS_close, 1000 + i) < 0 && errno == E2BIG) matched |= 1 << i;
      }
      return matched;
    });
    CHECK(run.outcome == "exit " + std::to_string(expected_bits));
  }
}

TEST_CASE("kill, trap and log actions behave as compiled") {
  for (const char* kill : {"SCMP_ACT_KILL", "SCMP_ACT_KILL_THREAD", "SCMP_ACT_KILL_PROCESS"}) {
    INFO(kill);
    const SeccompProgram program =
        compile_ok(with_rule(std::string(R"({"names": ["getppid"], "action": ")") + kill + "\"}"));
    CHECK(run_filtered(program, [] { return errno_of(syscall(SYS_getppid)); }).outcome ==
          "denied: getppid");
  }
  const SeccompProgram trap =
      compile_ok(with_rule(R"({"names": ["getppid"], "action": "SCMP_ACT_TRAP"})"));
  CHECK(run_filtered(trap, [] { return errno_of(syscall(SYS_getppid)); }).outcome ==
        "signal " + std::to_string(SIGSYS));
  const SeccompProgram log =
      compile_ok(with_rule(R"({"names": ["getppid"], "action": "SCMP_ACT_LOG"})"));
  CHECK(run_filtered(log, [] { return errno_of(syscall(SYS_getppid)); }).outcome == "exit 0");
}

TEST_CASE("a kill default denies every call its allow rules do not name") {
  // What the child itself needs after installing the filter (hand over the listener, close
  // fds, exit), what a sanitizer's runtime does at exit, and the one call tested.
  const SeccompProgram program = compile_ok(
      R"({"defaultAction": "SCMP_ACT_KILL_PROCESS",
          "syscalls": [{"names": ["sendmsg", "close", "exit_group", "exit", "getuid",
                                  "sigaltstack", "mmap", "munmap", "madvise", "rt_sigprocmask",
                                  "rt_sigaction", "write", "futex", "sched_yield", "getpid",
                                  "gettid", "prctl"],
                        "action": "SCMP_ACT_ALLOW"}]})");
  CHECK(program.notifies);
  CHECK(run_filtered(program, [] { return errno_of(syscall(SYS_getuid)); }).outcome == "exit 0");
  CHECK(run_filtered(program, [] { return errno_of(syscall(SYS_getppid)); }).outcome ==
        "denied: getppid");
}

#if defined(__x86_64__)
// getpid through the 32-bit entry point (int $0x80, i386 number 20).
long getpid_i386() {
  long result = 20;
  asm volatile("int $0x80" : "+a"(result) : : "memory");
  return result;
}

TEST_CASE("calls from other architectures are refused unless the profile lists them") {
  // Some kernels run without IA-32 emulation; then there is nothing to refuse.
  const pid_t probe = fork();
  if (probe == 0) _exit(getpid_i386() > 0 ? 0 : 1);
  int status = 0;
  waitpid(probe, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    WARN("no IA-32 emulation in this kernel; skipped");
    return;
  }
  CHECK(run_filtered(default_program(), [] { return getpid_i386() > 0 ? 0 : 1; }).outcome ==
        "signal " + std::to_string(SIGSYS));
  // From any thread, the whole process ends, not just the calling thread.
  CHECK(run_filtered(default_program(), [] {
          pthread_t thread;
          pthread_create(
              &thread, nullptr,
              [](void*) -> void* { return reinterpret_cast<void*>(getpid_i386()); }, nullptr);
          pthread_join(thread, nullptr);
          return 5;
        }).outcome == "signal " + std::to_string(SIGSYS));
  const SeccompProgram with_x86 = compile_ok(
      R"({"defaultAction": "SCMP_ACT_ALLOW",
          "architectures": ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86"],
          "syscalls": [{"names": ["getppid"], "action": "SCMP_ACT_ERRNO"}]})");
  CHECK(run_filtered(with_x86, [] { return getpid_i386() > 0 ? 0 : 1; }).outcome == "exit 0");
}
#endif

}  // namespace
