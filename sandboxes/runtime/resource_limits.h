// ResourceLimits: what one sandboxed run may use. Every field has a safe default; a profile's
// limits file (policies/sandbox/<name>.limits.yaml) and a request may lower or change them.
// Plain values.
#pragma once

#include <cstddef>

namespace assay::sandbox {

struct ResourceLimits {
  int wall_timeout_ms = 5000;  // enforced by the parent; kills the whole run
  int cpu_seconds = 5;         // RLIMIT_CPU (soft; the hard limit is one second more)
  int memory_mb = 512;         // cgroup memory limit (and RLIMIT_AS when there is no cgroup)
  int address_space_mb = 0;    // RLIMIT_AS; 0: none when a cgroup limits memory
  int max_processes = 64;      // cgroup pids.max and RLIMIT_NPROC
  int max_open_files = 256;    // RLIMIT_NOFILE
  int max_file_size_mb = 64;   // RLIMIT_FSIZE
  int workspace_mb = 64;       // size of the tmpfs at /workspace
  int tmp_mb = 16;             // size of the tmpfs at /tmp
  size_t output_bytes = 1 << 20;  // stdout + stderr captured; past it the run is killed
};

}  // namespace assay::sandbox
