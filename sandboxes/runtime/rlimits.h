// The rlimits of a run, computed in the parent and applied by the child just before exec.
// RLIMIT_CORE is always 0. CPU time has a soft limit (SIGXCPU) one second below the hard one
// (SIGKILL). RLIMIT_AS is set when the profile asks for it, or to the memory limit when no
// cgroup can limit memory.
#pragma once

#include <sys/resource.h>

#include <vector>

#include "sandboxes/runtime/resource_limits.h"

namespace assay::sandbox {

struct RlimitSetting {
  int resource;
  rlimit value;
};

std::vector<RlimitSetting> plan_rlimits(const ResourceLimits& limits, bool memory_cgroup);

// Async-signal-safe. Returns 0, or -1 with errno set.
int apply_rlimits(const RlimitSetting* settings, size_t count);

}  // namespace assay::sandbox
