// WarmPool: keeps a few sandbox children prepared ahead of their runs, so a run skips the
// namespace, cgroup and filesystem set-up and starts its command at once.
//
// A background thread refills the pool once a run that took a child has finished (refill()),
// so preparing the next child does not compete with the run for the CPUs. Children are prepared with the
// profile's own limits; a run may still change them (tmpfs sizes are remounted, cgroup limits
// rewritten). A taken child serves one run only. Thread-safe. The destructor stops the thread
// and kills the children still waiting.
#pragma once

#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>

#include "sandboxes/runtime/prepared_child.h"

namespace assay::sandbox {

class WarmPool {
 public:
  WarmPool(const SandboxProfile& profile, const CgroupHost& cgroups, int size, size_t job_capacity);
  ~WarmPool();
  WarmPool(const WarmPool&) = delete;
  WarmPool& operator=(const WarmPool&) = delete;

  // A prepared child, or nullopt when none is waiting (the caller prepares one itself).
  std::optional<PreparedChild> take();
  // Lets the background thread prepare children up to the pool's size again.
  void refill();
  void wait_until_full();
  size_t job_capacity() const { return job_capacity_; }

 private:
  void fill();

  const SandboxProfile& profile_;
  const CgroupHost& cgroups_;
  const size_t size_;
  const size_t job_capacity_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<PreparedChild> ready_;
  bool stopping_ = false;
  size_t wanted_ = 0;  // how many children the filler should keep ready now
  std::thread filler_;
};

}  // namespace assay::sandbox
