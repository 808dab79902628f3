// make bench, part 3: the cost of isolation. Median wall time to run /bin/true
//   (a) bare: fork + execv + waitpid, the baseline (posix_spawn's vfork is shown too);
//   (b) in the assay sandbox (default profile, its cgroup when the host has one), cold: every
//       run clones and prepares its own child;
//   (b') warm: from a pool of two prepared children, refilled between runs (the latency a
//       request sees when the service is not saturated), and back to back (refill included);
//   (c) in `bwrap --unshare-all --die-with-parent --ro-bind / / /bin/true`, when installed;
// all measured here, in the same run, and the ratios (b)/(a) and (b)/(c).
//
// usage: sandbox_bench [RUNS]
#include <spawn.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "sandboxes/runtime/cgroup.h"
#include "sandboxes/runtime/sandbox.h"
#include "sandboxes/runtime/sandbox_profile.h"

extern char** environ;

namespace {

using Clock = std::chrono::steady_clock;

double median(std::vector<double> samples) {
  std::sort(samples.begin(), samples.end());
  return samples[samples.size() / 2];
}

double since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// Wall ms of one posix_spawn + waitpid of argv; negative when it cannot run or fails.
double spawn_once(const std::vector<std::string>& argv) {
  std::vector<char*> args;
  for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  const auto start = Clock::now();
  pid_t pid = 0;
  if (posix_spawn(&pid, args[0], nullptr, nullptr, args.data(), environ) != 0) return -1;
  int status = 0;
  waitpid(pid, &status, 0);
  const double ms = since(start);
  return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? ms : -1;
}

// Wall ms of one fork + execv + waitpid of /bin/true.
double fork_exec_once() {
  const auto start = Clock::now();
  const pid_t pid = fork();
  if (pid == 0) {
    char* const args[] = {const_cast<char*>("/bin/true"), nullptr};
    execv(args[0], args);
    _exit(127);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  return since(start);
}

}  // namespace

int main(int argc, char** argv) {
  spdlog::set_default_logger(spdlog::stderr_logger_mt("bench"));
  const int runs = argc > 1 ? std::atoi(argv[1]) : 200;
  auto policies = assay::sandbox::PolicySet::load_embedded();
  if (!policies) {
    std::fprintf(stderr, "%s\n", policies.status().message().c_str());
    return 2;
  }
  const auto cgroups = assay::sandbox::CgroupHost::detect();
  const assay::sandbox::Sandbox sandbox(*policies->find("default"), cgroups);
  assay::sandbox::RunSpec spec;
  spec.argv = {"/bin/true"};

  std::vector<double> bare, spawned, sandboxed, warm, back_to_back, bwrap;
  for (int i = 0; i < runs; ++i) bare.push_back(fork_exec_once());
  for (int i = 0; i < runs; ++i) spawned.push_back(spawn_once({"/bin/true"}));
  for (int i = 0; i < runs; ++i) {
    const auto start = Clock::now();
    auto result = sandbox.run(spec);
    if (!result || result->exit_code != 0) {
      std::fprintf(stderr, "the sandboxed /bin/true failed\n");
      return 2;
    }
    sandboxed.push_back(since(start));
  }
  {
    const assay::sandbox::Sandbox pooled(*policies->find("default"), cgroups, 2);
    for (int i = 0; i < runs; ++i) {
      pooled.wait_until_warm();
      const auto start = Clock::now();
      auto result = pooled.run(spec);
      if (!result || result->exit_code != 0) return 2;
      warm.push_back(since(start));
    }
    const auto start = Clock::now();
    for (int i = 0; i < runs; ++i) {
      auto result = pooled.run(spec);
      if (!result || result->exit_code != 0) return 2;
    }
    back_to_back.push_back(since(start) / runs);
  }
  const std::string bwrap_path = "/usr/bin/bwrap";
  if (access(bwrap_path.c_str(), X_OK) == 0) {
    for (int i = 0; i < runs; ++i) {
      const double ms = spawn_once({bwrap_path, "--unshare-all", "--die-with-parent", "--ro-bind",
                                    "/", "/", "/bin/true"});
      if (ms < 0) break;
      bwrap.push_back(ms);
    }
  }

  const double a = median(bare), b = median(sandboxed);
  std::printf("Isolation cost, /bin/true, median of %d runs (cgroup: %s)\n", runs,
              cgroups.available() ? "yes" : "no");
  std::printf("  bare fork+exec        %8.3f ms\n", a);
  std::printf("  bare posix_spawn      %8.3f ms   (vfork: no page tables copied)\n",
              median(spawned));
  const double w = median(warm);
  std::printf("  assay sandbox, cold   %8.3f ms   ratio to bare %.2fx\n", b, b / a);
  std::printf("  assay sandbox, warm   %8.3f ms   ratio to bare %.2fx\n", w, w / a);
  std::printf("  assay, warm pool back to back: %.3f ms per run (mean, refills included)\n",
              back_to_back.front());
  if (!bwrap.empty()) {
    const double c = median(bwrap);
    std::printf("  bwrap --unshare-all   %8.3f ms   ratio cold/bwrap %.2fx, warm/bwrap %.2fx\n", c,
                b / c, w / c);
  } else {
    std::printf("  bwrap                 not installed (apt-get install bubblewrap)\n");
  }
  return 0;
}
