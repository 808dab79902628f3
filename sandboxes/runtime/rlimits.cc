#include "sandboxes/runtime/rlimits.h"

namespace assay::sandbox {
namespace {

rlimit both(rlim_t value) { return rlimit{value, value}; }

constexpr rlim_t kMiB = 1024 * 1024;

}  // namespace

std::vector<RlimitSetting> plan_rlimits(const ResourceLimits& limits, bool memory_cgroup) {
  std::vector<RlimitSetting> settings = {
      {RLIMIT_CORE, both(0)},
      {RLIMIT_CPU, rlimit{static_cast<rlim_t>(limits.cpu_seconds),
                          static_cast<rlim_t>(limits.cpu_seconds) + 1}},
      {RLIMIT_NOFILE, both(static_cast<rlim_t>(limits.max_open_files))},
      {RLIMIT_NPROC, both(static_cast<rlim_t>(limits.max_processes))},
      {RLIMIT_FSIZE, both(static_cast<rlim_t>(limits.max_file_size_mb) * kMiB)},
      {RLIMIT_MEMLOCK, both(0)},
      {RLIMIT_MSGQUEUE, both(0)},
  };
  const int address_space_mb = limits.address_space_mb > 0 ? limits.address_space_mb
                               : memory_cgroup              ? 0
                                                            : limits.memory_mb;
  if (address_space_mb > 0) {
    settings.push_back({RLIMIT_AS, both(static_cast<rlim_t>(address_space_mb) * kMiB)});
  }
  return settings;
}

int apply_rlimits(const RlimitSetting* settings, size_t count) {
  for (size_t i = 0; i < count; ++i) {
    if (setrlimit(static_cast<__rlimit_resource>(settings[i].resource), &settings[i].value) != 0) {
      return -1;
    }
  }
  return 0;
}

}  // namespace assay::sandbox
