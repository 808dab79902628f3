// Per-run control groups: a memory limit and a process limit that cover every process of a
// sandboxed run, however many it forks, plus what the run used (peak memory, OOM kills, CPU).
//
// CgroupHost is found once at start-up. It prefers cgroup v2 (one directory per run), then
// cgroup v1 with the memory and pids controllers each mounted (one directory per run in each
// hierarchy, plus cpuacct when mounted, for CPU time), else nothing: then available() is false,
// description() says why, and the runtime falls back to rlimits alone.
//
// Layout. Runs live in an `assay` parent beneath our own cgroup: under v1 that is
// <hierarchy mount>/<our path from /proc/self/cgroup>/assay/<run id> in each hierarchy; under v2
// <our cgroup>/assay/<run id>. cgroup v2 forbids enabling controllers for the children of a
// non-root cgroup that holds processes ("no internal processes"), so when our own cgroup holds
// assayd, detection moves assayd into a leaf beside the parent, <our cgroup>/assay-supervisor,
// and enables memory and pids for the children of our cgroup and of `assay`. If other processes
// share our cgroup, detection moves assayd back and reports v2 unusable: run assayd in a cgroup
// of its own (systemd: Delegate=yes). Detection creates the `assay` parents and leaves them in
// place, empty, for every run and the next start.
//
// Thread-safety: detect() writes to the cgroup file system and may move this process: call it
// once at start-up, before other threads exist. Afterwards a CgroupHost is read-only and
// create() may be called from any thread. A RunCgroup belongs to one run: it is
// thread-compatible (one thread at a time).
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

#include "sandboxes/runtime/resource_limits.h"
#include "src/core/status.h"

namespace assay::sandbox {

enum class CgroupVersion { kNone, kV1, kV2 };

// What a run used, read from its cgroup. -1 means the host does not report that figure.
struct CgroupUsage {
  long peak_memory_kb = -1;     // v1 memory.max_usage_in_bytes; v2 memory.peak, else current
  bool oom_killed = false;      // the kernel OOM-killed a process of the run (oom_kill_count > 0)
  long oom_kill_count = -1;     // v1 memory.oom_control oom_kill; v2 memory.events oom_kill
  long memory_limit_hits = -1;  // v1 memory.failcnt (stays 0 on recent kernels, e.g. 6.18,
                                // even after an OOM kill); v2 memory.events max
  long pids_peak = -1;          // pids.peak (v2, and v1 on recent kernels)
  long pids_limit_hits = -1;    // pids.events max: forks refused by pids.max
  double cpu_ms = -1;           // v2 cpu.stat usage_usec; v1 cpuacct.usage when mounted
};

class RunCgroup;

class CgroupHost {
 public:
  // Detects the host's cgroups from /proc/self/mountinfo and /proc/self/cgroup. Never fails:
  // a host with no usable cgroup gives available() == false and the reason in description().
  static CgroupHost detect();

  // The same, reading `mountinfo` and `cgroup` from proc_self_dir and prefixing every mount
  // point with fs_root, so tests can point it at a fake tree. detect() is
  // detect_at("/proc/self", "").
  static CgroupHost detect_at(const std::string& proc_self_dir, const std::string& fs_root);

  bool available() const { return version_ != CgroupVersion::kNone; }
  CgroupVersion version() const { return version_; }

  // One line for the log: which layout and where, e.g. "cgroup v1 (memory, pids, cpuacct) under
  // /sys/fs/cgroup/memory/x/assay, /sys/fs/cgroup/pids/assay, ...", or why none is usable.
  std::string description() const { return description_; }

  // Makes the run's cgroup (v1: in every hierarchy used) and sets memory_mb (v1
  // memory.limit_in_bytes and, when present, memory.memsw.limit_in_bytes so swap cannot bypass
  // it; v2 memory.max, memory.swap.max = 0 and memory.oom.group = 1 when present) and
  // max_processes (pids.max, which counts threads too). The run id must match
  // [A-Za-z0-9_-]{1,64} and be unique among live runs.
  // Errors: sandbox_setup_error naming the path and the errno text, for an invalid run id or
  // limit, an unavailable host, an existing directory or a failed write; nothing is left behind.
  Result<RunCgroup> create(const std::string& run_id, const ResourceLimits& limits) const;

 private:
  CgroupVersion version_ = CgroupVersion::kNone;
  std::string description_;
  // The `assay` parent in each hierarchy; under v2 all three are the same directory. cpu_parent_
  // is empty when no CPU accounting is available.
  std::string memory_parent_;
  std::string pids_parent_;
  std::string cpu_parent_;
};

// One run's cgroup. Movable, not copyable. Destroying it removes it (as remove() does, ignoring
// failures), so a run that ends by an exception or an early return leaves no directory.
class RunCgroup {
 public:
  RunCgroup(RunCgroup&& other) noexcept;
  RunCgroup& operator=(RunCgroup&& other) noexcept;
  RunCgroup(const RunCgroup&) = delete;
  RunCgroup& operator=(const RunCgroup&) = delete;
  ~RunCgroup();

  // Moves process `pid` (all its threads) into the run's cgroup, in every hierarchy. Call it
  // before the process runs untrusted code; its later children inherit the cgroup.
  // Errors: sandbox_setup_error naming the cgroup.procs file and the errno text.
  // Sets the memory limit and pids.max (again: a prepared run gets its request's limits).
  // Errors: sandbox_setup_error with the path and errno text.
  Status set_limits(const ResourceLimits& limits);

  Status add_process(pid_t pid);

  // Reads the run's accounting; figures the host does not provide stay -1. Works after the
  // processes have exited, until remove().
  CgroupUsage usage() const;

  // SIGKILLs every process in the run's cgroup and waits up to one second for it to empty.
  // v2 writes cgroup.kill when the kernel has it, which also catches concurrent forks; else it
  // repeatedly lists cgroup.procs and signals each process through a pidfd after confirming it
  // is still listed, so a recycled pid never gets the signal. Best effort: never fails.
  void kill_all();

  // kill_all(), then removes the run's directories, retrying briefly while dying processes
  // leave. Idempotent. Errors: sandbox_setup_error naming a directory that could not be removed
  // (it is retried by the next remove() or the destructor).
  Status remove();

  // The run's directories, one per hierarchy (one under v2); empty after remove().
  const std::vector<std::string>& directories() const { return dirs_; }

 private:
  friend class CgroupHost;
  RunCgroup(bool v2, std::string memory_dir, std::string pids_dir, std::string cpu_dir);

  bool v2_ = false;
  std::string memory_dir_;
  std::string pids_dir_;
  std::string cpu_dir_;            // empty: no CPU accounting
  std::vector<std::string> dirs_;  // created and not yet removed, in creation order
};

}  // namespace assay::sandbox
