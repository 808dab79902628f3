// Sandbox: runs one untrusted command in a fresh, isolated child and reports how it ended.
//
// Each run gets new user, pid, net, mount, ipc, uts and cgroup namespaces; the filesystem of
// filesystem_plan.h; an environment holding only the profile's variables and the run's own;
// fds 0, 1, 2 only; rlimits; a per-run cgroup for memory and processes when the host has one;
// no_new_privs, a new session, the parent-death signal; and the profile's seccomp filter,
// installed last, just before exec. The parent enforces the wall-clock timeout and the output
// cap, and kills the whole pid namespace when the run ends, so nothing outlives it.
//
// Warm children: with `warm` > 0, a background thread keeps that many children prepared (cloned,
// in their cgroup, filesystem built) for the profile, so a run only sends its job and waits for
// the command. Every child serves exactly one run; nothing is shared between runs.
//
// Thread-safe: run() may be called from several threads at once. A child's parent-death signal
// follows the thread that cloned it (the caller's, or the warm pool's), so call run() from
// long-lived threads.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "sandboxes/runtime/cgroup.h"
#include "sandboxes/runtime/filesystem_plan.h"
#include "sandboxes/runtime/resource_limits.h"
#include "sandboxes/runtime/run_result.h"
#include "sandboxes/runtime/sandbox_profile.h"
#include "src/core/status.h"

namespace assay::sandbox {

struct RunSpec {
  std::vector<std::string> argv;     // argv[0] is looked up in the sandbox's PATH
  std::vector<WorkspaceFile> files;  // start contents of /workspace
  std::string stdin_data;
  std::vector<std::pair<std::string, std::string>> env;  // added to the profile's
  std::optional<ResourceLimits> limits;                  // instead of the profile's
};

class WarmPool;

class Sandbox {
 public:
  // `cgroups` may have nothing available; then runs rely on rlimits (said once in the log).
  // Both must outlive the Sandbox.
  Sandbox(const SandboxProfile& profile, const CgroupHost& cgroups, int warm = 0);
  ~Sandbox();
  Sandbox(const Sandbox&) = delete;
  Sandbox& operator=(const Sandbox&) = delete;

  // The result of the run, whatever the command did. Errors: request_invalid (no argv, a bad
  // workspace path or environment name), request_too_large (files beyond the workspace size),
  // sandbox_setup_error (the host refused a step of the isolation; nothing of the command ran),
  // sandbox_exec_error (the command could not be executed inside the sandbox, e.g. not found).
  Result<RunResult> run(const RunSpec& spec) const;

  // Blocks until the warm pool is full (for benchmarks and tests); no-op without one.
  void wait_until_warm() const;

  const SandboxProfile& profile() const { return profile_; }

 private:
  const SandboxProfile& profile_;
  const CgroupHost& cgroups_;
  std::unique_ptr<WarmPool> pool_;
};

}  // namespace assay::sandbox
