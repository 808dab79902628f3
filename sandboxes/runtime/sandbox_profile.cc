#include "sandboxes/runtime/sandbox_profile.h"

#include <yaml-cpp/yaml.h>

#include <charconv>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "sandboxes/runtime/embedded_policies.h"

namespace assay::sandbox {
namespace {

constexpr std::string_view kSeccompSuffix = ".seccomp.json";
constexpr std::string_view kLimitsSuffix = ".limits.yaml";
// Policy files are small; a bigger one is a mistake (a data file dropped in the directory).
constexpr uintmax_t kMaxPolicyFileBytes = 1 << 20;
constexpr size_t kMaxProfileNameLength = 64;
constexpr size_t kMaxPathLength = 4095;  // PATH_MAX less the terminating NUL

// One field of ResourceLimits as a limits file spells it, with the values that make sense.
struct LimitField {
  std::string_view name;
  uint64_t min;
  uint64_t max;
  bool zero_means_none;  // 0 is allowed besides min..max
  void (*set)(ResourceLimits&, uint64_t);
};

constexpr LimitField kLimitFields[] = {
    {"wall_timeout_ms", 1, 600000, false,
     [](ResourceLimits& l, uint64_t v) { l.wall_timeout_ms = static_cast<int>(v); }},
    {"cpu_seconds", 1, 3600, false,
     [](ResourceLimits& l, uint64_t v) { l.cpu_seconds = static_cast<int>(v); }},
    {"memory_mb", 16, 65536, false,
     [](ResourceLimits& l, uint64_t v) { l.memory_mb = static_cast<int>(v); }},
    {"address_space_mb", 16, 1048576, true,
     [](ResourceLimits& l, uint64_t v) { l.address_space_mb = static_cast<int>(v); }},
    {"max_processes", 1, 4096, false,
     [](ResourceLimits& l, uint64_t v) { l.max_processes = static_cast<int>(v); }},
    {"max_open_files", 16, 65536, false,
     [](ResourceLimits& l, uint64_t v) { l.max_open_files = static_cast<int>(v); }},
    {"max_file_size_mb", 1, 65536, false,
     [](ResourceLimits& l, uint64_t v) { l.max_file_size_mb = static_cast<int>(v); }},
    {"workspace_mb", 1, 65536, false,
     [](ResourceLimits& l, uint64_t v) { l.workspace_mb = static_cast<int>(v); }},
    {"tmp_mb", 1, 65536, false,
     [](ResourceLimits& l, uint64_t v) { l.tmp_mb = static_cast<int>(v); }},
    {"output_bytes", 1024, 1073741824, false,
     [](ResourceLimits& l, uint64_t v) { l.output_bytes = static_cast<size_t>(v); }},
};

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

bool is_letter_or_digit(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// Profile names become file names and appear in requests: keep them plain.
bool is_valid_profile_name(std::string_view name) {
  if (name.empty() || name.size() > kMaxProfileNameLength || !is_letter_or_digit(name[0])) {
    return false;
  }
  for (char c : name) {
    if (!is_letter_or_digit(c) && c != '_' && c != '-') return false;
  }
  return true;
}

bool is_valid_env_name(std::string_view name) {
  if (name.empty() || (name[0] >= '0' && name[0] <= '9')) return false;
  for (char c : name) {
    if (!is_letter_or_digit(c) && c != '_') return false;
  }
  return true;
}

// Why `path` is not an absolute, canonical path other than "/"; empty when it is one.
std::string bind_path_problem(std::string_view path) {
  if (path.empty() || path[0] != '/') return "must be an absolute path";
  if (path == "/") return "must not be / itself: that would expose the whole host";
  if (path.size() > kMaxPathLength) return "is longer than PATH_MAX";
  for (char c : path) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      return "contains a control character";
    }
  }
  if (path.back() == '/') return "must not end with /";
  size_t start = 1;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    const std::string_view component = path.substr(start, end - start);
    if (component.empty()) return "must not contain //";
    if (component == "..") return "must not contain .. components";
    if (component == ".") return "must not contain . components";
    start = end + 1;
  }
  return {};
}

std::string yaml_position(const YAML::Mark& mark) {
  if (mark.is_null()) return "";
  return ":" + std::to_string(mark.line + 1) + ":" + std::to_string(mark.column + 1);
}

std::string known_limit_fields() {
  std::string names;
  for (const LimitField& field : kLimitFields) {
    names += (names.empty() ? "" : ", ") + std::string(field.name);
  }
  return names;
}

// What a <name>.limits.yaml says, before the seccomp file is attached.
struct LimitsFile {
  std::string seccomp_name;       // empty: the profile's own seccomp file
  std::string seccomp_key_where;  // "<file>:<line>:<col>: seccomp" when seccomp_name is set
  ResourceLimits limits;
  std::vector<std::string> bind_ro = default_bind_ro();
  std::map<std::string, std::string> env = default_env();
};

// Reads one limits file, naming the file, line, column and field in every message.
class LimitsReader {
 public:
  explicit LimitsReader(std::string file_name) : file_name_(std::move(file_name)) {}

  Result<LimitsFile> read(std::string_view text) {
    try {
      std::vector<YAML::Node> documents = YAML::LoadAll(std::string(text));
      LimitsFile file;
      if (documents.empty() || documents[0].IsNull()) {
        if (documents.size() > 1) return invalid(documents[1], "", "more than one YAML document");
        return file;  // an empty file: every default
      }
      if (documents.size() > 1) return invalid(documents[1], "", "more than one YAML document");
      const YAML::Node& root = documents[0];
      if (!root.IsMap())
        return invalid(root, "", "expected a mapping of seccomp, limits, bind_ro, env");
      std::set<std::string> seen;
      for (const auto& entry : root) {
        auto key = read_key(entry.first, "", seen);
        if (!key) return key.status();
        Status status = Status::ok();
        if (*key == "seccomp") {
          status = entry.second.IsNull() ? invalid(entry.first, "seccomp", "has no value")
                                         : read_seccomp(entry.second, file);
        } else if (*key == "limits") {
          status = read_limits(entry.second, file.limits);
        } else if (*key == "bind_ro") {
          status = read_bind_ro(entry.second, file.bind_ro);
        } else if (*key == "env") {
          status = read_env(entry.second, file.env);
        } else {
          status = invalid(entry.first, *key, "unknown key (known: seccomp, limits, bind_ro, env)");
        }
        if (!status) return status;
      }
      return file;
    } catch (const YAML::Exception& e) {
      return Status::error("policy_invalid", file_name_ + yaml_position(e.mark) + ": " + e.msg);
    } catch (const std::exception& e) {
      return Status::error("policy_invalid", file_name_ + ": " + e.what());
    }
  }

 private:
  Status invalid(const YAML::Node& at, const std::string& path, const std::string& what) const {
    return Status::error("policy_invalid", file_name_ + yaml_position(at.Mark()) + ": " +
                                               (path.empty() ? "" : path + ": ") + what);
  }

  std::string where(const YAML::Node& at, const std::string& path) const {
    return file_name_ + yaml_position(at.Mark()) + ": " + path;
  }

  // A mapping key: a plain string that has not appeared before in the same mapping.
  Result<std::string> read_key(const YAML::Node& key, const std::string& parent,
                               std::set<std::string>& seen) const {
    if (!key.IsScalar()) return invalid(key, parent, "a key must be a plain string");
    const std::string name = key.Scalar();
    const std::string path = parent.empty() ? name : parent + "." + name;
    if (!seen.insert(name).second) return invalid(key, path, "appears twice");
    return name;
  }

  Result<std::string> read_string(const YAML::Node& node, const std::string& path) const {
    if (node.IsNull()) return invalid(node, path, "has no value");
    if (!node.IsScalar()) return invalid(node, path, "expected a string");
    return node.Scalar();
  }

  Status read_seccomp(const YAML::Node& node, LimitsFile& file) const {
    auto name = read_string(node, "seccomp");
    if (!name) return name.status();
    if (!is_valid_profile_name(*name)) {
      return invalid(node, "seccomp", "'" + *name + "' is not a profile name");
    }
    file.seccomp_name = *name;
    file.seccomp_key_where = where(node, "seccomp");
    return Status::ok();
  }

  Status read_limits(const YAML::Node& node, ResourceLimits& limits) const {
    if (node.IsNull()) return Status::ok();  // "limits:" with nothing under it: all defaults
    if (!node.IsMap())
      return invalid(node, "limits", "expected a mapping of limit names to numbers");
    std::set<std::string> seen;
    for (const auto& entry : node) {
      auto key = read_key(entry.first, "limits", seen);
      if (!key) return key.status();
      const std::string path = "limits." + *key;
      const LimitField* field = nullptr;
      for (const LimitField& candidate : kLimitFields) {
        if (candidate.name == *key) field = &candidate;
      }
      if (field == nullptr) {
        return invalid(entry.first, path, "unknown limit (known: " + known_limit_fields() + ")");
      }
      auto value = read_limit_value(entry.second, path, *field);
      if (!value) return value.status();
      field->set(limits, *value);
    }
    return Status::ok();
  }

  Result<uint64_t> read_limit_value(const YAML::Node& node, const std::string& path,
                                    const LimitField& field) const {
    const std::string range = std::to_string(field.min) + ".." + std::to_string(field.max) +
                              (field.zero_means_none ? " (or 0 for none)" : "");
    // A quoted scalar ("512") is a string in YAML; plain scalars carry the tag "?".
    if (!node.IsScalar() || node.Tag() != "?") {
      return invalid(node, path, "expected an integer in " + range);
    }
    const std::string& text = node.Scalar();
    uint64_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || end != text.data() + text.size() ||
        (error != std::errc() && error != std::errc::result_out_of_range)) {
      return invalid(node, path, "expected an integer in " + range + ", found '" + text + "'");
    }
    const bool in_range = error == std::errc() && value >= field.min && value <= field.max;
    if (!in_range && !(field.zero_means_none && error == std::errc() && value == 0)) {
      return invalid(node, path, text + " is out of range " + range);
    }
    return value;
  }

  Status read_bind_ro(const YAML::Node& node, std::vector<std::string>& paths) const {
    if (!node.IsSequence()) return invalid(node, "bind_ro", "expected a list of absolute paths");
    paths.clear();
    std::set<std::string> seen;
    for (size_t i = 0; i < node.size(); ++i) {
      const std::string path = "bind_ro[" + std::to_string(i) + "]";
      auto host_path = read_string(node[i], path);
      if (!host_path) return host_path.status();
      if (const std::string problem = bind_path_problem(*host_path); !problem.empty()) {
        return invalid(node[i], path, "'" + *host_path + "' " + problem);
      }
      if (!seen.insert(*host_path).second) {
        return invalid(node[i], path, "'" + *host_path + "' is listed twice");
      }
      paths.push_back(*host_path);
    }
    return Status::ok();
  }

  Status read_env(const YAML::Node& node, std::map<std::string, std::string>& env) const {
    if (!node.IsMap()) return invalid(node, "env", "expected a mapping of names to values");
    env.clear();
    std::set<std::string> seen;
    for (const auto& entry : node) {
      auto name = read_key(entry.first, "env", seen);
      if (!name) return name.status();
      const std::string path = "env." + *name;
      if (!is_valid_env_name(*name)) {
        return invalid(entry.first, path, "not a variable name ([A-Za-z_][A-Za-z0-9_]*)");
      }
      if (entry.second.IsNull()) {
        // A missing value's mark is wherever the next token starts; point at the name instead.
        return invalid(entry.first, path, "has no value; write '' for an empty one");
      }
      auto value = read_string(entry.second, path);
      if (!value) return value.status();
      if (value->find('\0') != std::string::npos)
        return invalid(entry.second, path, "contains NUL");
      env[*name] = *value;
    }
    return Status::ok();
  }

  std::string file_name_;
};

Status invalid_file(const std::string& file, const std::string& what) {
  return Status::error("policy_invalid", file + ": " + what);
}

// A file that is not a policy file, and not hidden, is a mistake worth stopping for.
Status not_a_policy_file(const std::string& file) {
  return invalid_file(file,
                      "not a sandbox policy file: expected <name>.seccomp.json or "
                      "<name>.limits.yaml, where <name> is letters, digits, '-' and '_'");
}

}  // namespace

// The interpreters and their libraries, and what the dynamic loader and libc read in /etc.
std::vector<std::string> default_bind_ro() {
  return {
      "/usr",          "/lib", "/lib64", "/bin", "/sbin", "/etc/alternatives", "/etc/ld.so.cache",
      "/etc/localtime"};
}

std::map<std::string, std::string> default_env() {
  return {{"PATH", "/usr/local/bin:/usr/bin:/bin"},
          {"LANG", "C.UTF-8"},
          {"HOME", "/workspace"},
          {"TMPDIR", "/tmp"}};
}

Result<PolicySet> PolicySet::load_directory(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code error;
  fs::directory_iterator entries(dir, error);
  if (error) {
    return Status::error("file_unreadable",
                         dir + ": cannot list the policy directory: " + error.message());
  }
  std::vector<std::pair<std::string, std::string>> contents;
  for (; entries != fs::directory_iterator(); entries.increment(error)) {
    if (error) break;
    const std::string name = entries->path().filename().string();
    if (name.empty() || name[0] == '.') continue;
    const std::string path = dir + "/" + name;
    if (!entries->is_regular_file(error)) return not_a_policy_file(path);
    const uintmax_t size = entries->file_size(error);
    if (error) break;
    if (size > kMaxPolicyFileBytes) {
      return invalid_file(
          path, "larger than " + std::to_string(kMaxPolicyFileBytes) + " bytes; not a policy file");
    }
    std::ifstream in(entries->path(), std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    if (!in) return Status::error("file_unreadable", path + ": cannot read it");
    contents.emplace_back(name, text.str());
  }
  if (error) {
    return Status::error("file_unreadable",
                         dir + ": cannot list the policy directory: " + error.message());
  }
  PolicyFiles files;
  for (const auto& [name, text] : contents) files.emplace_back(name, text);
  return load(files, dir + "/");
}

Result<PolicySet> PolicySet::load_embedded() { return load(embedded_policy_files(), ""); }

Result<PolicySet> PolicySet::load_files(const PolicyFiles& files) { return load(files, ""); }

Result<PolicySet> PolicySet::load(const PolicyFiles& files, const std::string& path_prefix) {
  auto shown = [&](std::string_view file_name) { return path_prefix + std::string(file_name); };

  // Sort the files into the two kinds, by profile name.
  std::map<std::string, std::string_view> seccomp_texts;
  std::map<std::string, std::string_view> limits_texts;
  for (const auto& [file_name, text] : files) {
    if (!file_name.empty() && file_name[0] == '.') continue;
    std::map<std::string, std::string_view>* kind = nullptr;
    std::string_view profile_name;
    if (ends_with(file_name, kSeccompSuffix)) {
      kind = &seccomp_texts;
      profile_name = file_name.substr(0, file_name.size() - kSeccompSuffix.size());
    } else if (ends_with(file_name, kLimitsSuffix)) {
      kind = &limits_texts;
      profile_name = file_name.substr(0, file_name.size() - kLimitsSuffix.size());
    }
    if (kind == nullptr || !is_valid_profile_name(profile_name)) {
      return not_a_policy_file(shown(file_name));
    }
    if (!kind->emplace(std::string(profile_name), text).second) {
      return invalid_file(shown(file_name), "given twice");
    }
  }
  if (limits_texts.empty() && seccomp_texts.empty()) {
    return invalid_file(path_prefix.empty() ? "policy files" : path_prefix, "no sandbox profiles");
  }

  // Read every limits file and work out which seccomp file each profile uses.
  std::map<std::string, LimitsFile> limits_files;
  std::set<std::string> used_seccomp;
  for (const auto& [name, text] : limits_texts) {
    const std::string limits_file = shown(name + std::string(kLimitsSuffix));
    auto parsed = LimitsReader(limits_file).read(text);
    if (!parsed) return parsed.status();
    LimitsFile& file = limits_files[name] = std::move(*parsed);
    const std::string own_seccomp_file = shown(name + std::string(kSeccompSuffix));
    if (file.seccomp_name.empty() || file.seccomp_name == name) {
      if (seccomp_texts.count(name) == 0) {
        return invalid_file(
            own_seccomp_file,
            "missing: " + limits_file + " needs it (or a 'seccomp:' key naming another profile's)");
      }
      file.seccomp_name = name;
    } else {
      if (seccomp_texts.count(file.seccomp_name) == 0) {
        return Status::error("policy_invalid",
                             file.seccomp_key_where + ": no seccomp file " +
                                 shown(file.seccomp_name + std::string(kSeccompSuffix)));
      }
      if (seccomp_texts.count(name) > 0) {
        return invalid_file(own_seccomp_file, "unused, because " + limits_file + " says seccomp: " +
                                                  file.seccomp_name + "; remove one of the two");
      }
    }
    used_seccomp.insert(file.seccomp_name);
  }
  for (const auto& [name, text] : seccomp_texts) {
    if (used_seccomp.count(name) == 0) {
      return invalid_file(shown(name + std::string(kLimitsSuffix)),
                          "missing: " + shown(name + std::string(kSeccompSuffix)) +
                              " has no limits file, and no profile uses it with 'seccomp:'");
    }
  }

  // Compile each seccomp file once, then put the profiles together.
  std::map<std::string, SeccompProgram> programs;
  for (const auto& [name, text] : seccomp_texts) {
    auto profile = parse_seccomp_profile(shown(name + std::string(kSeccompSuffix)), text);
    if (!profile) return profile.status();
    auto program = compile_seccomp(*profile);
    if (!program) return program.status();
    programs.emplace(name, std::move(*program));
  }
  PolicySet set;
  for (auto& [name, file] : limits_files) {
    SandboxProfile profile;
    profile.name = name;
    profile.seccomp_name = file.seccomp_name;
    profile.seccomp = programs.at(file.seccomp_name);
    profile.limits = file.limits;
    profile.bind_ro = std::move(file.bind_ro);
    profile.env = std::move(file.env);
    set.profiles_.emplace(name, std::move(profile));
  }
  return set;
}

const SandboxProfile* PolicySet::find(std::string_view name) const {
  const auto found = profiles_.find(name);
  return found == profiles_.end() ? nullptr : &found->second;
}

std::vector<std::string> PolicySet::names() const {
  std::vector<std::string> names;
  for (const auto& [name, profile] : profiles_) names.push_back(name);
  return names;
}

}  // namespace assay::sandbox
