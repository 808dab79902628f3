#include "sandboxes/runtime/warm_pool.h"

#include <spdlog/spdlog.h>

#include <chrono>

namespace assay::sandbox {

WarmPool::WarmPool(const SandboxProfile& profile, const CgroupHost& cgroups, int size,
                   size_t job_capacity)
    : profile_(profile),
      cgroups_(cgroups),
      size_(static_cast<size_t>(size)),
      job_capacity_(job_capacity),
      wanted_(size_),
      filler_([this] { fill(); }) {}

WarmPool::~WarmPool() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  filler_.join();
  // ready_'s children are killed and their cgroups removed as the deque is destroyed.
}

std::optional<PreparedChild> WarmPool::take() {
  std::optional<PreparedChild> child;
  {
    std::lock_guard lock(mutex_);
    if (ready_.empty()) return std::nullopt;
    child.emplace(std::move(ready_.front()));
    ready_.pop_front();
    wanted_ = ready_.size();  // until refill(): do not compete with the run just starting
  }
  return child;
}

void WarmPool::refill() {
  {
    std::lock_guard lock(mutex_);
    wanted_ = size_;
  }
  changed_.notify_all();
}

void WarmPool::wait_until_full() {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [&] { return stopping_ || ready_.size() >= size_; });
  // (wanted_ is size_ again once the last run called refill())
}

void WarmPool::fill() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    if (ready_.size() >= wanted_) {
      changed_.wait(lock);
      continue;
    }
    lock.unlock();
    Result<PreparedChild> child = prepare_child(profile_, cgroups_, profile_.limits, job_capacity_);
    lock.lock();
    if (child) {
      ready_.push_back(std::move(child).value());
      changed_.notify_all();
    } else {
      // Runs will prepare their own children (and report the error); retry later.
      spdlog::warn("sandbox: cannot prepare a warm child: {}", child.status().message());
      changed_.wait_for(lock, std::chrono::seconds(1));
    }
  }
}

}  // namespace assay::sandbox
