// SeccompProfile: a seccomp policy in the OCI / Docker seccomp JSON format
// (policies/sandbox/<name>.seccomp.json), and its compilation with libseccomp to a classic BPF
// program that a forked child installs with a raw seccomp(2) call.
//
// Every kill action (SCMP_ACT_KILL, SCMP_ACT_KILL_PROCESS, SCMP_ACT_KILL_THREAD) is compiled as
// SCMP_ACT_NOTIFY: the sandbox's parent listens on the notification fd, records which system
// call was denied and kills the whole run itself, so the result can name the call. Hence:
//   - a program with `notifies` set must be installed with SECCOMP_FILTER_FLAG_NEW_LISTENER and
//     the parent must hold the listener fd for as long as the child runs; if no listener is
//     open, the kernel fails a notifying call with ENOSYS instead of stopping it;
//   - with a deny-by-default profile, whatever the child does between installing the filter
//     and exec (such as handing the listener fd to the parent) must itself be allowed.
// A call from a foreign architecture (not the native one nor one listed in `architectures`,
// including x32 calls from an x86_64 process) kills the process with SIGSYS directly: the
// kernel reports such a call with an architecture the parent could not name reliably.
//
// Thread-safety: parse_seccomp_profile and syscall_name are pure functions, safe from any
// thread. compile_seccomp builds a libseccomp context of its own, so concurrent calls are safe
// (libseccomp shares only its idempotent cache of the kernel's features); it allocates, so call
// it before fork(), never in the child. The structs are plain values (thread-compatible).
#pragma once

#include <linux/filter.h>

#include <cerrno>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "src/core/status.h"

namespace assay::sandbox {

// The OCI actions, named after their SCMP_ACT_* spellings.
enum class SeccompAction {
  kAllow,        // SCMP_ACT_ALLOW
  kErrno,        // SCMP_ACT_ERRNO: the call fails with the rule's errno, nothing happens
  kKill,         // SCMP_ACT_KILL (a thread in libseccomp; here: the run, via notification)
  kKillProcess,  // SCMP_ACT_KILL_PROCESS (the run, via notification)
  kKillThread,   // SCMP_ACT_KILL_THREAD (the run, via notification)
  kTrap,         // SCMP_ACT_TRAP: SIGSYS to the calling thread, which may handle it
  kLog,          // SCMP_ACT_LOG: allowed and logged by the kernel's audit
};

// The OCI comparison operators (SCMP_CMP_*).
enum class SeccompCompare {
  kNotEqual,        // SCMP_CMP_NE
  kLess,            // SCMP_CMP_LT
  kLessOrEqual,     // SCMP_CMP_LE
  kEqual,           // SCMP_CMP_EQ
  kGreaterOrEqual,  // SCMP_CMP_GE
  kGreater,         // SCMP_CMP_GT
  kMaskedEqual,     // SCMP_CMP_MASKED_EQ: (argument & value) == value_two
};

// The architectures a profile may list (SCMP_ARCH_*).
enum class SeccompArch { kX86_64, kX86, kX32, kAarch64 };

// One comparison of a system call argument (an entry of a rule's `args`).
struct SeccompArgCondition {
  int index = 0;  // which argument, 0..5
  SeccompCompare op = SeccompCompare::kEqual;
  uint64_t value = 0;      // the operand; for kMaskedEqual, the mask
  uint64_t value_two = 0;  // kMaskedEqual only: what (argument & mask) must equal
};

// One entry of `syscalls`: an action for the named calls when every condition holds.
struct SeccompRule {
  std::vector<std::string> syscalls;
  SeccompAction action = SeccompAction::kAllow;
  int errno_ret = EPERM;  // kErrno only; OCI's default when `errnoRet` is absent
  std::vector<SeccompArgCondition> args;
  std::string json_path;  // e.g. "syscalls[3]": where the rule came from, for messages
};

struct SeccompProfile {
  std::string file_name;  // as given to parse_seccomp_profile; prefixes every message
  SeccompAction default_action = SeccompAction::kAllow;
  int default_errno_ret = EPERM;  // when default_action is kErrno
  // Empty when the profile lists none: the filter then covers the native architecture only.
  std::vector<SeccompArch> architectures;
  std::vector<SeccompRule> rules;
};

// Reads a profile from JSON text. `file_name` only names the source in messages.
// On success, the profile is one libseccomp accepts: every syscall name is known on the native
// architecture, and no rule is one libseccomp would refuse or silently ignore (an action equal
// to the default action, two comparisons of one argument in a rule, a second rule for a call
// that already has a rule without conditions, or conditional rules with different actions for
// one call, whose precedence when both match OCI leaves undefined).
// On failure: policy_invalid, "<file_name>: <json path>: <what is wrong>", such as
// "default.seccomp.json: syscalls[3].args[0].op: unknown operator 'SCMP_CMP_XX'"; malformed
// JSON names the byte offset. Keys OCI or Docker define that we do not use are ignored: at the
// top level archMap, flags, listenerPath, listenerMetadata, comment, includes and excludes; in a
// rule comment, and includes/excludes when empty (Docker's conditional rules are refused, since
// ignoring them would apply a rule where its author meant it not to). Any other key is an
// error, so a misspelt key cannot silently weaken a profile.
Result<SeccompProfile> parse_seccomp_profile(std::string_view file_name,
                                             std::string_view json_text);

// A classic BPF seccomp program, self-contained (it checks the architecture itself).
struct SeccompProgram {
  std::vector<sock_filter> instructions;
  bool notifies = false;  // some rule (or the default) is a kill action, compiled as notify
};

// Compiles `profile` with libseccomp and exports the BPF. Every kill action becomes
// SCMP_ACT_NOTIFY (see above); foreign architectures kill the process.
// On failure: policy_invalid naming the file and the rule when the profile breaks a rule
// parse_seccomp_profile enforces (checked again here, for profiles built in code) or libseccomp
// refuses a rule; internal_error when exporting the program fails.
Result<SeccompProgram> compile_seccomp(const SeccompProfile& profile);

// The native-architecture name of system call `number` (as in seccomp_notif.data.nr), such as
// "socket"; "syscall <number>" when libseccomp does not know it.
std::string syscall_name(int number);

// The JSON spelling of an action, such as "SCMP_ACT_KILL_PROCESS".
std::string_view seccomp_action_name(SeccompAction action);

}  // namespace assay::sandbox
