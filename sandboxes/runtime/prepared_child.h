// PreparedChild: one sandbox child, cloned into its namespaces and cgroup, its filesystem built
// (or being built), waiting for its job; and the parent's handles on it.
//
// prepare_child() does the work that does not depend on the run, so it can happen ahead of time
// (a warm pool, sandbox.h) or just before the run. run_prepared() sends the job and supervises
// the run to its end. A PreparedChild that is dropped without running kills its child and
// removes its cgroup. Move-only; used by one thread at a time.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "sandboxes/runtime/cgroup.h"
#include "sandboxes/runtime/child_entry.h"
#include "sandboxes/runtime/job_area.h"
#include "sandboxes/runtime/resource_limits.h"
#include "sandboxes/runtime/run_result.h"
#include "sandboxes/runtime/sandbox_profile.h"
#include "src/core/status.h"

namespace assay::sandbox {

// The parent's end of one fd.
class OwnedFd {
 public:
  OwnedFd() = default;
  explicit OwnedFd(int fd) : fd_(fd) {}
  OwnedFd(OwnedFd&& other) noexcept;
  OwnedFd& operator=(OwnedFd&& other) noexcept;
  OwnedFd(const OwnedFd&) = delete;
  OwnedFd& operator=(const OwnedFd&) = delete;
  ~OwnedFd() { reset(); }
  int get() const { return fd_; }
  int release();
  void reset();

 private:
  int fd_ = -1;
};

struct PreparedChild {
  PreparedChild() = default;
  PreparedChild(PreparedChild&& other) noexcept;
  PreparedChild& operator=(PreparedChild&& other) = delete;
  ~PreparedChild();

  pid_t pid = -1;  // killed and reaped with the PreparedChild unless set to -1
  OwnedFd pidfd, sync, report, stdout_read, stderr_read, notify, stdin_file;
  std::optional<JobArea> area;
  std::optional<RunCgroup> cgroup;
  std::unique_ptr<ChildPlan> plan;  // for describing a failure
  ResourceLimits prepared_limits;   // the tmpfs sizes it was built with
};

// Clones a child for `profile` with `limits` and lets it prepare. `job_capacity` bounds the
// job (files + arguments) it can take. Errors: sandbox_setup_error.
Result<PreparedChild> prepare_child(const SandboxProfile& profile, const CgroupHost& cgroups,
                                    const ResourceLimits& limits, size_t job_capacity);

// Sends `job` to the child, with `limits`, and supervises the run. Errors: request_too_large
// (the job does not fit the child's area), request_invalid (bad workspace paths),
// sandbox_setup_error, sandbox_exec_error; the child is used up either way.
Result<RunResult> run_prepared(PreparedChild child, const JobSpec& job,
                               const ResourceLimits& limits);

}  // namespace assay::sandbox
