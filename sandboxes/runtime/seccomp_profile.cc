#include "sandboxes/runtime/seccomp_profile.h"

#include <seccomp.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <utility>

#include "src/core/json_body.h"

namespace assay::sandbox {
namespace {

using nlohmann::json;

// Deep enough for any profile (four levels are used), shallow enough to refuse junk early.
constexpr size_t kMaxJsonDepth = 16;
// Errno values the kernel passes through from SECCOMP_RET_ERRNO (it clamps to MAX_ERRNO).
constexpr int64_t kMaxErrno = 4095;
// The kernel refuses longer classic BPF programs (BPF_MAXINSNS).
constexpr size_t kMaxInstructions = 4096;

constexpr std::pair<std::string_view, SeccompAction> kActionNames[] = {
    {"SCMP_ACT_ALLOW", SeccompAction::kAllow},
    {"SCMP_ACT_ERRNO", SeccompAction::kErrno},
    {"SCMP_ACT_KILL", SeccompAction::kKill},
    {"SCMP_ACT_KILL_PROCESS", SeccompAction::kKillProcess},
    {"SCMP_ACT_KILL_THREAD", SeccompAction::kKillThread},
    {"SCMP_ACT_TRAP", SeccompAction::kTrap},
    {"SCMP_ACT_LOG", SeccompAction::kLog},
};

constexpr std::pair<std::string_view, SeccompCompare> kOperatorNames[] = {
    {"SCMP_CMP_NE", SeccompCompare::kNotEqual},           {"SCMP_CMP_LT", SeccompCompare::kLess},
    {"SCMP_CMP_LE", SeccompCompare::kLessOrEqual},        {"SCMP_CMP_EQ", SeccompCompare::kEqual},
    {"SCMP_CMP_GE", SeccompCompare::kGreaterOrEqual},     {"SCMP_CMP_GT", SeccompCompare::kGreater},
    {"SCMP_CMP_MASKED_EQ", SeccompCompare::kMaskedEqual},
};

struct ArchInfo {
  std::string_view name;
  SeccompArch arch;
  uint32_t token;
};

constexpr ArchInfo kArches[] = {
    {"SCMP_ARCH_X86_64", SeccompArch::kX86_64, SCMP_ARCH_X86_64},
    {"SCMP_ARCH_X86", SeccompArch::kX86, SCMP_ARCH_X86},
    {"SCMP_ARCH_X32", SeccompArch::kX32, SCMP_ARCH_X32},
    {"SCMP_ARCH_AARCH64", SeccompArch::kAarch64, SCMP_ARCH_AARCH64},
};

// Keys we do not use but accept, because OCI or Docker define them: the runtime chooses its
// own flags and listener, and archMap only matters to a runtime that adds architectures.
constexpr std::string_view kIgnoredTopLevelKeys[] = {
    "archMap", "flags", "listenerPath", "listenerMetadata", "comment", "includes", "excludes"};

bool is_ignored_top_level_key(std::string_view key) {
  for (std::string_view ignored : kIgnoredTopLevelKeys) {
    if (key == ignored) return true;
  }
  return false;
}

template <typename Enum, size_t N>
std::optional<Enum> lookup(const std::pair<std::string_view, Enum> (&table)[N],
                           std::string_view name) {
  for (const auto& [spelling, value] : table) {
    if (spelling == name) return value;
  }
  return std::nullopt;
}

std::string hex(uint64_t value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "0x%llx", static_cast<unsigned long long>(value));
  return buffer;
}

std::string native_arch_name() {
  const uint32_t native = seccomp_arch_native();
  for (const ArchInfo& info : kArches) {
    if (info.token == native) return std::string(info.name);
  }
  return "architecture " + hex(native);
}

bool has_conditions(const SeccompRule& rule) { return !rule.args.empty(); }

// The libseccomp action a rule compiles to; kills become notifications (see the header).
uint32_t compiled_action(SeccompAction action, int errno_ret) {
  switch (action) {
    case SeccompAction::kAllow:
      return SCMP_ACT_ALLOW;
    case SeccompAction::kErrno:
      return SCMP_ACT_ERRNO(static_cast<uint32_t>(errno_ret));
    case SeccompAction::kKill:
    case SeccompAction::kKillProcess:
    case SeccompAction::kKillThread:
      return SCMP_ACT_NOTIFY;
    case SeccompAction::kTrap:
      return SCMP_ACT_TRAP;
    case SeccompAction::kLog:
      return SCMP_ACT_LOG;
  }
  return SCMP_ACT_KILL_PROCESS;  // unreachable: every enumerator is handled above
}

scmp_compare compiled_operator(SeccompCompare op) {
  switch (op) {
    case SeccompCompare::kNotEqual:
      return SCMP_CMP_NE;
    case SeccompCompare::kLess:
      return SCMP_CMP_LT;
    case SeccompCompare::kLessOrEqual:
      return SCMP_CMP_LE;
    case SeccompCompare::kEqual:
      return SCMP_CMP_EQ;
    case SeccompCompare::kGreaterOrEqual:
      return SCMP_CMP_GE;
    case SeccompCompare::kGreater:
      return SCMP_CMP_GT;
    case SeccompCompare::kMaskedEqual:
      return SCMP_CMP_MASKED_EQ;
  }
  return _SCMP_CMP_MIN;  // unreachable; libseccomp refuses it
}

// Refuses, by JSON path, what libseccomp would refuse or silently drop: an action equal to the
// default, two comparisons of one argument in a rule, a call with a rule without conditions and
// another rule, and conditional rules with different actions for one call (whose precedence
// when both match OCI leaves undefined). Also checks the ranges the JSON reader checks, for
// profiles built in code.
Status check_profile_compiles_faithfully(const SeccompProfile& profile) {
  auto invalid = [&](const std::string& path, const std::string& what) {
    return Status::error("policy_invalid", profile.file_name + ": " + path + ": " + what);
  };
  if (profile.default_errno_ret < 0 || profile.default_errno_ret > kMaxErrno) {
    return invalid("defaultErrnoRet", "not an errno value (0.." + std::to_string(kMaxErrno) + ")");
  }
  const uint32_t default_action =
      compiled_action(profile.default_action, profile.default_errno_ret);
  struct Seen {
    const SeccompRule* rule;
    uint32_t action;
  };
  std::map<std::string, std::vector<Seen>, std::less<>> rules_by_syscall;

  for (const SeccompRule& rule : profile.rules) {
    if (rule.errno_ret < 0 || rule.errno_ret > kMaxErrno) {
      return invalid(rule.json_path + ".errnoRet",
                     "not an errno value (0.." + std::to_string(kMaxErrno) + ")");
    }
    const uint32_t action = compiled_action(rule.action, rule.errno_ret);
    if (action == default_action) {
      return invalid(rule.json_path + ".action",
                     std::string(seccomp_action_name(rule.action)) +
                         " is what the default action already does, so the rule has no "
                         "effect (libseccomp refuses it)");
    }
    for (size_t i = 0; i < rule.args.size(); ++i) {
      const std::string path = rule.json_path + ".args[" + std::to_string(i) + "].index";
      if (rule.args[i].index < 0 || rule.args[i].index > 5) {
        return invalid(path,
                       std::to_string(rule.args[i].index) + " is not an argument index (0..5)");
      }
      for (size_t j = 0; j < i; ++j) {
        if (rule.args[i].index == rule.args[j].index) {
          return invalid(path, "argument " + std::to_string(rule.args[i].index) +
                                   " is already compared by args[" + std::to_string(j) +
                                   "]; libseccomp takes one comparison per argument in a rule, "
                                   "so write a second rule");
        }
      }
    }
    for (size_t n = 0; n < rule.syscalls.size(); ++n) {
      const std::string& name = rule.syscalls[n];
      const std::string where = rule.json_path + ".names[" + std::to_string(n) + "]";
      std::vector<Seen>& earlier = rules_by_syscall[name];
      for (const Seen& seen : earlier) {
        if (seen.rule == &rule) return invalid(where, "'" + name + "' is listed twice");
        if (!has_conditions(*seen.rule) || !has_conditions(rule)) {
          return invalid(where, "'" + name + "' also has a rule at " + seen.rule->json_path +
                                    ", and one of the two has no conditions, so libseccomp "
                                    "would silently ignore one of them");
        }
        if (seen.action != action) {
          return invalid(where, "'" + name + "' also has a rule with a different action at " +
                                    seen.rule->json_path +
                                    "; which one applies when both match is undefined");
        }
      }
      earlier.push_back({&rule, action});
    }
  }
  return Status::ok();
}

// Reads one profile document, remembering the file name for every message.
class ProfileReader {
 public:
  explicit ProfileReader(std::string_view file_name) : file_name_(file_name) {}

  Result<SeccompProfile> read(const json& document) {
    SeccompProfile profile;
    profile.file_name = file_name_;
    if (!document.is_object()) return wrong_type("top level", "an object", document);
    for (const auto& [key, value] : document.items()) {
      if (key == "defaultAction" || key == "defaultErrnoRet" || key == "architectures" ||
          key == "syscalls" || is_ignored_top_level_key(key)) {
        continue;
      }
      return invalid(key, "unknown key");
    }

    const auto default_action = document.find("defaultAction");
    if (default_action == document.end()) return invalid("defaultAction", "missing");
    auto action = read_action("defaultAction", *default_action);
    if (!action) return action.status();
    profile.default_action = *action;

    if (const auto errno_ret = document.find("defaultErrnoRet"); errno_ret != document.end()) {
      if (profile.default_action != SeccompAction::kErrno) {
        return invalid("defaultErrnoRet", "only used with defaultAction SCMP_ACT_ERRNO");
      }
      auto value = read_errno("defaultErrnoRet", *errno_ret);
      if (!value) return value.status();
      profile.default_errno_ret = *value;
    }

    if (const auto arches = document.find("architectures"); arches != document.end()) {
      Status status = read_architectures(*arches, profile.architectures);
      if (!status) return status;
    }

    if (const auto syscalls = document.find("syscalls"); syscalls != document.end()) {
      if (!syscalls->is_array()) return wrong_type("syscalls", "an array", *syscalls);
      for (size_t i = 0; i < syscalls->size(); ++i) {
        auto rule = read_rule("syscalls[" + std::to_string(i) + "]", (*syscalls)[i]);
        if (!rule) return rule.status();
        profile.rules.push_back(std::move(*rule));
      }
    }

    Status status = check_profile_compiles_faithfully(profile);
    if (!status) return status;
    return profile;
  }

 private:
  Status invalid(const std::string& path, const std::string& what) const {
    return Status::error("policy_invalid", file_name_ + ": " + path + ": " + what);
  }

  Status wrong_type(const std::string& path, const std::string& expected, const json& found) const {
    return invalid(path, "expected " + expected + ", found " + found.type_name());
  }

  Result<std::string> read_string(const std::string& path, const json& value) const {
    if (!value.is_string()) return wrong_type(path, "a string", value);
    return value.get<std::string>();
  }

  Result<uint64_t> read_unsigned(const std::string& path, const json& value) const {
    if (value.is_number_unsigned()) return value.get<uint64_t>();
    if (value.is_number_integer()) return invalid(path, "must not be negative");
    if (value.is_number_float()) return invalid(path, "must be an integer");
    return wrong_type(path, "a number", value);
  }

  Result<int> read_errno(const std::string& path, const json& value) const {
    auto number = read_unsigned(path, value);
    if (!number) return number.status();
    if (*number > static_cast<uint64_t>(kMaxErrno)) {
      return invalid(path, std::to_string(*number) + " is not an errno value (0.." +
                               std::to_string(kMaxErrno) + ")");
    }
    return static_cast<int>(*number);
  }

  Result<SeccompAction> read_action(const std::string& path, const json& value) const {
    auto name = read_string(path, value);
    if (!name) return name.status();
    if (auto action = lookup(kActionNames, *name)) return *action;
    return invalid(path, "unknown action '" + *name + "'");
  }

  Status read_architectures(const json& value, std::vector<SeccompArch>& out) const {
    if (!value.is_array()) return wrong_type("architectures", "an array", value);
    bool has_native = false;
    for (size_t i = 0; i < value.size(); ++i) {
      const std::string path = "architectures[" + std::to_string(i) + "]";
      auto name = read_string(path, value[i]);
      if (!name) return name.status();
      const ArchInfo* found = nullptr;
      for (const ArchInfo& info : kArches) {
        if (info.name == *name) found = &info;
      }
      if (found == nullptr)
        return invalid(path, "unknown or unsupported architecture '" + *name + "'");
      if (found->token == seccomp_arch_native()) has_native = true;
      out.push_back(found->arch);
    }
    if (!has_native) {
      return invalid("architectures", "must include " + native_arch_name() +
                                          ", the native architecture, or every call would be "
                                          "refused");
    }
    return Status::ok();
  }

  Result<SeccompRule> read_rule(const std::string& path, const json& value) const {
    SeccompRule rule;
    rule.json_path = path;
    if (!value.is_object()) return wrong_type(path, "an object", value);
    for (const auto& [key, field] : value.items()) {
      if (key == "names" || key == "name" || key == "action" || key == "args" ||
          key == "errnoRet" || key == "comment") {
        continue;
      }
      if (key == "includes" || key == "excludes") {
        // Docker's per-capability and per-architecture conditions: ignoring a non-empty one
        // would apply the rule where its author meant it not to.
        if (field.is_object() && field.empty()) continue;
        return invalid(path + "." + key,
                       "Docker's conditional rules are not supported; write the rule as it "
                       "applies to this sandbox");
      }
      return invalid(path + "." + key, "unknown key");
    }

    const auto names = value.find("names");
    const auto name = value.find("name");
    if (names != value.end() && name != value.end()) {
      return invalid(path, "has both 'names' and 'name'; use 'names'");
    }
    if (names != value.end()) {
      if (!names->is_array()) return wrong_type(path + ".names", "an array", *names);
      if (names->empty()) return invalid(path + ".names", "names no system call");
      for (size_t i = 0; i < names->size(); ++i) {
        auto syscall = read_syscall_name(path + ".names[" + std::to_string(i) + "]", (*names)[i]);
        if (!syscall) return syscall.status();
        rule.syscalls.push_back(std::move(*syscall));
      }
    } else if (name != value.end()) {
      auto syscall = read_syscall_name(path + ".name", *name);
      if (!syscall) return syscall.status();
      rule.syscalls.push_back(std::move(*syscall));
    } else {
      return invalid(path + ".names", "missing");
    }

    const auto action = value.find("action");
    if (action == value.end()) return invalid(path + ".action", "missing");
    auto parsed_action = read_action(path + ".action", *action);
    if (!parsed_action) return parsed_action.status();
    rule.action = *parsed_action;

    if (const auto errno_ret = value.find("errnoRet"); errno_ret != value.end()) {
      if (rule.action != SeccompAction::kErrno) {
        return invalid(path + ".errnoRet", "only used with action SCMP_ACT_ERRNO");
      }
      auto parsed = read_errno(path + ".errnoRet", *errno_ret);
      if (!parsed) return parsed.status();
      rule.errno_ret = *parsed;
    }

    if (const auto args = value.find("args"); args != value.end() && !args->is_null()) {
      if (!args->is_array()) return wrong_type(path + ".args", "an array", *args);
      for (size_t i = 0; i < args->size(); ++i) {
        auto condition = read_condition(path + ".args[" + std::to_string(i) + "]", (*args)[i]);
        if (!condition) return condition.status();
        rule.args.push_back(*condition);
      }
    }
    return rule;
  }

  Result<std::string> read_syscall_name(const std::string& path, const json& value) const {
    auto name = read_string(path, value);
    if (!name) return name.status();
    // Negative numbers other than __NR_SCMP_ERROR are libseccomp's pseudo-calls for names
    // that exist on other architectures only (socketcall on x86_64); rules on them are fine.
    if (name->empty() || seccomp_syscall_resolve_name(name->c_str()) == __NR_SCMP_ERROR) {
      return invalid(path,
                     "libseccomp knows no system call '" + *name + "' on " + native_arch_name());
    }
    return name;
  }

  Result<SeccompArgCondition> read_condition(const std::string& path, const json& value) const {
    SeccompArgCondition condition;
    if (!value.is_object()) return wrong_type(path, "an object", value);
    for (const auto& [key, field] : value.items()) {
      if (key != "index" && key != "value" && key != "valueTwo" && key != "op") {
        return invalid(path + "." + key, "unknown key");
      }
    }
    for (const char* required : {"index", "value", "op"}) {
      if (!value.contains(required)) return invalid(path + "." + required, "missing");
    }

    auto index = read_unsigned(path + ".index", value["index"]);
    if (!index) return index.status();
    if (*index > 5) {
      return invalid(path + ".index", std::to_string(*index) + " is not an argument index (0..5)");
    }
    condition.index = static_cast<int>(*index);

    auto operand = read_unsigned(path + ".value", value["value"]);
    if (!operand) return operand.status();
    condition.value = *operand;

    if (value.contains("valueTwo")) {
      auto second = read_unsigned(path + ".valueTwo", value["valueTwo"]);
      if (!second) return second.status();
      condition.value_two = *second;
    }

    auto op_name = read_string(path + ".op", value["op"]);
    if (!op_name) return op_name.status();
    auto op = lookup(kOperatorNames, *op_name);
    if (!op) return invalid(path + ".op", "unknown operator '" + *op_name + "'");
    condition.op = *op;

    if (condition.op == SeccompCompare::kMaskedEqual) {
      if ((condition.value_two & ~condition.value) != 0) {
        return invalid(path + ".valueTwo",
                       hex(condition.value_two) + " has bits outside the mask " +
                           hex(condition.value) + " (value), so the comparison can never hold");
      }
    } else if (condition.value_two != 0) {
      // Docker's profiles write "valueTwo": 0 everywhere; any other value is a mistake.
      return invalid(path + ".valueTwo", "only used by SCMP_CMP_MASKED_EQ");
    }
    return condition;
  }

  std::string file_name_;
};

struct ContextDeleter {
  void operator()(void* context) const { seccomp_release(context); }
};
using FilterContext = std::unique_ptr<void, ContextDeleter>;

// Closes a file descriptor when it goes out of scope.
class ScopedFd {
 public:
  explicit ScopedFd(int fd) : fd_(fd) {}
  ~ScopedFd() {
    if (fd_ >= 0) close(fd_);
  }
  ScopedFd(const ScopedFd&) = delete;
  ScopedFd& operator=(const ScopedFd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

Status errno_failure(const std::string& what, int error) {
  return Status::error("internal_error", what + ": " + std::strerror(error));
}

// libseccomp 2.5 exports only to a file descriptor: write to a memfd, then read it back.
Result<std::vector<sock_filter>> export_bpf(const FilterContext& context) {
  ScopedFd memory(memfd_create("assay-seccomp-bpf", MFD_CLOEXEC));
  if (memory.get() < 0) return errno_failure("memfd_create for the seccomp export", errno);
  if (const int rc = seccomp_export_bpf(context.get(), memory.get()); rc < 0) {
    return errno_failure("seccomp_export_bpf", -rc);
  }
  const off_t size = lseek(memory.get(), 0, SEEK_END);
  if (size < 0) return errno_failure("lseek on the seccomp export", errno);
  if (size == 0 || size % sizeof(sock_filter) != 0) {
    return Status::error("internal_error", "seccomp_export_bpf wrote " + std::to_string(size) +
                                               " bytes, not a whole BPF program");
  }
  std::vector<sock_filter> instructions(static_cast<size_t>(size) / sizeof(sock_filter));
  char* out = reinterpret_cast<char*>(instructions.data());
  for (off_t done = 0; done < size;) {
    const ssize_t got = pread(memory.get(), out + done, static_cast<size_t>(size - done), done);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) return errno_failure("reading the seccomp export back", got < 0 ? errno : EIO);
    done += got;
  }
  return instructions;
}

}  // namespace

std::string_view seccomp_action_name(SeccompAction action) {
  for (const auto& [name, value] : kActionNames) {
    if (value == action) return name;
  }
  return "SCMP_ACT_?";
}

Result<SeccompProfile> parse_seccomp_profile(std::string_view file_name,
                                             std::string_view json_text) {
  auto document = parse_json_body(json_text, kMaxJsonDepth);
  if (!document) {
    return Status::error("policy_invalid",
                         std::string(file_name) + ": " + document.status().message());
  }
  try {
    return ProfileReader(file_name).read(*document);
  } catch (const json::exception& e) {
    // Not expected (every access is type-checked first); kept so none escapes the API.
    return Status::error("policy_invalid", std::string(file_name) + ": " + e.what());
  }
}

Result<SeccompProgram> compile_seccomp(const SeccompProfile& profile) {
  auto invalid = [&](const std::string& path, const std::string& what) {
    return Status::error("policy_invalid", profile.file_name + ": " + path + ": " + what);
  };
  if (Status status = check_profile_compiles_faithfully(profile); !status) return status;
  SeccompProgram program;
  const uint32_t default_action =
      compiled_action(profile.default_action, profile.default_errno_ret);
  program.notifies = default_action == SCMP_ACT_NOTIFY;

  FilterContext context(seccomp_init(default_action));
  if (!context) return invalid("defaultAction", "libseccomp refused it");
  // A call from another architecture cannot be named reliably by the parent; end it outright.
  if (const int rc =
          seccomp_attr_set(context.get(), SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_KILL_PROCESS);
      rc < 0) {
    return errno_failure("seccomp_attr_set(SCMP_FLTATR_ACT_BADARCH)", -rc);
  }
  for (size_t i = 0; i < profile.architectures.size(); ++i) {
    for (const ArchInfo& info : kArches) {
      if (info.arch != profile.architectures[i] || info.token == seccomp_arch_native()) continue;
      const int rc = seccomp_arch_add(context.get(), info.token);
      if (rc < 0 && rc != -EEXIST) {
        return invalid("architectures[" + std::to_string(i) + "]",
                       "libseccomp refused it: " + std::string(std::strerror(-rc)));
      }
    }
  }

  for (const SeccompRule& rule : profile.rules) {
    const uint32_t action = compiled_action(rule.action, rule.errno_ret);
    std::vector<scmp_arg_cmp> comparisons;
    for (const SeccompArgCondition& condition : rule.args) {
      // For SCMP_CMP_MASKED_EQ, libseccomp's datum_a is the mask and datum_b the value, which
      // is OCI's value and valueTwo; the other operators read datum_a only.
      comparisons.push_back({static_cast<unsigned int>(condition.index),
                             compiled_operator(condition.op), condition.value,
                             condition.value_two});
    }
    for (size_t n = 0; n < rule.syscalls.size(); ++n) {
      const std::string& name = rule.syscalls[n];
      const std::string path = rule.json_path + ".names[" + std::to_string(n) + "]";
      const int number = seccomp_syscall_resolve_name(name.c_str());
      if (number == __NR_SCMP_ERROR) {
        return invalid(path,
                       "libseccomp knows no system call '" + name + "' on " + native_arch_name());
      }
      const int rc =
          seccomp_rule_add_array(context.get(), action, number,
                                 static_cast<unsigned int>(comparisons.size()), comparisons.data());
      if (rc < 0) {
        return invalid(path, "libseccomp refused the rule for '" + name +
                                 "': " + std::string(std::strerror(-rc)));
      }
      if (action == SCMP_ACT_NOTIFY) program.notifies = true;
    }
  }

  auto instructions = export_bpf(context);
  if (!instructions) return instructions.status();
  if (instructions->size() > kMaxInstructions) {
    return Status::error("policy_invalid",
                         profile.file_name + ": compiles to " +
                             std::to_string(instructions->size()) +
                             " BPF instructions, more than the kernel's limit of " +
                             std::to_string(kMaxInstructions));
  }
  program.instructions = std::move(*instructions);
  return program;
}

std::string syscall_name(int number) {
  char* name = seccomp_syscall_resolve_num_arch(seccomp_arch_native(), number);
  if (name == nullptr) return "syscall " + std::to_string(number);
  std::string result(name);
  std::free(name);
  return result;
}

}  // namespace assay::sandbox
