// SandboxProfile and PolicySet: what one sandboxed run may do, by profile name.
//
// A profile is the pair of files `<name>.seccomp.json` (OCI seccomp JSON, see
// seccomp_profile.h) and `<name>.limits.yaml` in policies/sandbox/. The limits file holds
//   seccomp: other_name   # optional: use other_name.seccomp.json instead of <name>'s own
//   limits:  {...}        # optional: any field of ResourceLimits; the rest keep their defaults
//   bind_ro: [...]        # optional: absolute host paths bound read-only; replaces the default
//   env:     {...}        # optional: the whole environment of the program; replaces the default
// Every file is checked strictly, so that a typo cannot loosen a sandbox: unknown keys,
// duplicate keys, numbers outside sane ranges (memory_mb 16..65536, wall_timeout_ms
// 1..600000, ...), relative or non-canonical bind paths, "/" itself, paths with "." or ".."
// components, malformed environment names and values with NUL are errors, as are a limits file
// without its seccomp file, a seccomp file no profile uses, and a file that is neither.
// Files whose names start with '.' are skipped.
//
// Thread-safety: PolicySet is immutable once loaded; its const methods may be called from any
// number of threads at once. The loaders are thread-safe (they share no state).
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sandboxes/runtime/resource_limits.h"
#include "sandboxes/runtime/seccomp_profile.h"
#include "src/core/status.h"

namespace assay::sandbox {

struct SandboxProfile {
  std::string name;          // from the file names, e.g. "default"
  std::string seccomp_name;  // the profile whose .seccomp.json was compiled (often `name`)
  SeccompProgram seccomp;    // compiled, ready to install in the child
  ResourceLimits limits;
  std::vector<std::string> bind_ro;        // absolute, canonical; may not exist on this host
  // Set by programs, not by profile files: host paths bound read-only at another path inside
  // (a program's own helper binary, wherever the build put it, at a fixed place).
  std::vector<std::pair<std::string, std::string>> bind_ro_at;  // (host path, inside path)
  std::map<std::string, std::string> env;  // the program's whole environment
};

// What a limits file without `bind_ro` gets: the interpreters' files (/usr, /lib, /lib64, /bin,
// /sbin, /etc/alternatives, /etc/ld.so.cache, /etc/localtime).
std::vector<std::string> default_bind_ro();
// What a limits file without `env` gets: PATH=/usr/local/bin:/usr/bin:/bin, LANG=C.UTF-8,
// HOME=/workspace, TMPDIR=/tmp.
std::map<std::string, std::string> default_env();

// (file name, file content), as embedded_policy_files() lists them.
using PolicyFiles = std::vector<std::pair<std::string_view, std::string_view>>;

class PolicySet {
 public:
  // Reads every file in `dir` (not its subdirectories, which are errors) and compiles every
  // profile. On failure: policy_invalid naming "<dir>/<file>" and the field, such as
  // "policies/sandbox/default.limits.yaml:7:14: limits.memory_mb: 8 is out of range
  // 16..65536", or naming the missing partner file; file_unreadable when the directory or a
  // file cannot be read. An empty directory is an error too (no profile to run with).
  static Result<PolicySet> load_directory(const std::string& dir);

  // The same from the copy of policies/sandbox/ compiled into the program
  // (embedded_policies.h); messages name the bare file names.
  static Result<PolicySet> load_embedded();

  // The same from (file name, content) pairs; messages name the files as given. Used by both
  // loaders above, and by tests.
  static Result<PolicySet> load_files(const PolicyFiles& files);

  // The profile called `name`, or nullptr when there is none. The pointer lives as long as
  // this PolicySet.
  const SandboxProfile* find(std::string_view name) const;

  // Every profile name, sorted.
  std::vector<std::string> names() const;

 private:
  static Result<PolicySet> load(const PolicyFiles& files, const std::string& path_prefix);

  std::map<std::string, SandboxProfile, std::less<>> profiles_;
};

}  // namespace assay::sandbox
