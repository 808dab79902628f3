#include "sandboxes/runtime/reaper.h"

#include <poll.h>
#include <signal.h>
#include <sys/eventfd.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <list>
#include <mutex>
#include <thread>
#include <vector>

namespace assay::sandbox {
namespace {

class Reaper {
 public:
  Reaper() : wake_(eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)), thread_([this] { loop(); }) {}

  ~Reaper() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    signal_wake();
    thread_.join();
    close(wake_);
    // Children still here are killed and reaped by their destructors.
  }

  void adopt(PreparedChild child) {
    kill(child.pid, SIGKILL);  // init is exiting already; this only makes sure
    {
      std::lock_guard lock(mutex_);
      waiting_.push_back(std::move(child));
    }
    signal_wake();
  }

 private:
  void signal_wake() {
    const uint64_t one = 1;
    ssize_t ignored = write(wake_, &one, sizeof one);
    (void)ignored;
  }

  void loop() {
    while (true) {
      std::vector<pollfd> fds = {{wake_, POLLIN, 0}};
      {
        std::lock_guard lock(mutex_);
        if (stopping_) return;
        for (const PreparedChild& child : waiting_) fds.push_back({child.pidfd.get(), POLLIN, 0});
      }
      if (poll(fds.data(), fds.size(), -1) < 0 && errno != EINTR) return;
      uint64_t count = 0;
      ssize_t ignored = read(wake_, &count, sizeof count);
      (void)ignored;
      std::list<PreparedChild> done;  // released outside the lock: cgroup removal takes time
      {
        std::lock_guard lock(mutex_);
        for (auto it = waiting_.begin(); it != waiting_.end();) {
          int status = 0;
          if (waitpid(it->pid, &status, __WALL | WNOHANG) == it->pid) {
            it->pid = -1;
            done.splice(done.end(), waiting_, it++);
          } else {
            ++it;
          }
        }
      }
    }
  }

  const int wake_;
  std::mutex mutex_;
  std::list<PreparedChild> waiting_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace

void reap_in_background(PreparedChild child) {
  static Reaper reaper;
  reaper.adopt(std::move(child));
}

}  // namespace assay::sandbox
