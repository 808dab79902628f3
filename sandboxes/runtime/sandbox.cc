#include "sandboxes/runtime/sandbox.h"

#include <spdlog/spdlog.h>

#include <cctype>
#include <mutex>

#include "sandboxes/runtime/prepared_child.h"
#include "sandboxes/runtime/rlimits.h"
#include "sandboxes/runtime/warm_pool.h"

namespace assay::sandbox {
namespace {

constexpr size_t kMiB = 1024 * 1024;
// Room in a job area beyond the workspace files: arguments, environment, paths.
constexpr size_t kJobOverhead = 4 * kMiB;

size_t job_capacity(const ResourceLimits& limits) {
  return static_cast<size_t>(limits.workspace_mb) * kMiB + kJobOverhead;
}

bool is_variable_name(const std::string& name) {
  if (name.empty() || std::isdigit(static_cast<unsigned char>(name[0]))) return false;
  for (const char c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
  }
  return true;
}

// PATH of the sandbox's environment, or the usual default.
std::string path_variable(const std::vector<std::string>& environment) {
  for (const std::string& variable : environment) {
    if (variable.rfind("PATH=", 0) == 0) return variable.substr(5);
  }
  return "/usr/local/bin:/usr/bin:/bin";
}

std::vector<std::string> executable_candidates(const std::string& command,
                                               const std::vector<std::string>& environment) {
  if (command.find('/') != std::string::npos) return {command};
  std::vector<std::string> candidates;
  const std::string path = path_variable(environment);
  size_t start = 0;
  while (start <= path.size()) {
    const size_t end = std::min(path.find(':', start), path.size());
    const std::string directory = path.substr(start, end - start);
    if (!directory.empty()) candidates.push_back(directory + "/" + command);
    start = end + 1;
  }
  return candidates;
}

void log_cgroup_state_once(const CgroupHost& cgroups) {
  static std::once_flag once;
  std::call_once(once, [&] {
    if (cgroups.available()) {
      spdlog::info("sandbox: {}", cgroups.description());
    } else {
      spdlog::warn("sandbox: no usable cgroup ({}); memory and process limits rely on rlimits",
                   cgroups.description());
    }
  });
}

Result<JobSpec> make_job(const SandboxProfile& profile, const CgroupHost& cgroups,
                         const RunSpec& spec, const ResourceLimits& limits) {
  if (spec.argv.empty() || spec.argv.front().empty()) {
    return Status::error("request_invalid", "no command to run");
  }
  JobSpec job;
  for (const std::string& argument : spec.argv) {
    if (argument.find('\0') != std::string::npos) {
      return Status::error("request_invalid", "an argument contains NUL");
    }
  }
  job.argv = spec.argv;
  for (const auto& [name, value] : profile.env) job.environment.push_back(name + "=" + value);
  for (const auto& [name, value] : spec.env) {
    if (!is_variable_name(name) || value.find('\0') != std::string::npos) {
      return Status::error("request_invalid", "environment variable '" + name + "' is not valid");
    }
    job.environment.push_back(name + "=" + value);
  }
  job.executables = executable_candidates(spec.argv.front(), job.environment);
  if (Status s = check_workspace_files(spec.files); !s) return s;
  size_t bytes = 0;
  for (const WorkspaceFile& file : spec.files) bytes += file.content.size();
  if (bytes > static_cast<size_t>(limits.workspace_mb) * kMiB) {
    return Status::error("request_too_large", "the workspace files hold " +
                                                  std::to_string(bytes) + " bytes, more than the " +
                                                  std::to_string(limits.workspace_mb) + " MiB workspace");
  }
  job.files = spec.files;
  job.rlimits = plan_rlimits(limits, cgroups.available());
  job.stdin_data = spec.stdin_data;
  return job;
}

}  // namespace

Sandbox::Sandbox(const SandboxProfile& profile, const CgroupHost& cgroups, int warm)
    : profile_(profile), cgroups_(cgroups) {
  log_cgroup_state_once(cgroups_);
  if (warm > 0) {
    pool_ = std::make_unique<WarmPool>(profile_, cgroups_, warm, job_capacity(profile_.limits));
  }
}

Sandbox::~Sandbox() = default;

void Sandbox::wait_until_warm() const {
  if (pool_) pool_->wait_until_full();
}

Result<RunResult> Sandbox::run(const RunSpec& spec) const {
  const ResourceLimits limits = spec.limits.value_or(profile_.limits);
  Result<JobSpec> job = make_job(profile_, cgroups_, spec, limits);
  if (!job) return job.status();

  std::optional<PreparedChild> child = pool_ && job_capacity(limits) <= pool_->job_capacity()
                                           ? pool_->take()
                                           : std::nullopt;
  if (!child) {
    Result<PreparedChild> prepared =
        prepare_child(profile_, cgroups_, limits, job_capacity(limits));
    if (!prepared) return prepared.status();
    child.emplace(std::move(prepared).value());
  }
  // A warm child was built with the profile's tmpfs sizes: remount when the run wants others.
  if (child->prepared_limits.workspace_mb != limits.workspace_mb) {
    job->workspace_options = tmpfs_size_options(limits.workspace_mb);
  }
  if (child->prepared_limits.tmp_mb != limits.tmp_mb) {
    job->tmp_options = tmpfs_size_options(limits.tmp_mb);
  }
  Result<RunResult> result = run_prepared(std::move(*child), *job, limits);
  if (pool_) pool_->refill();
  return result;
}

}  // namespace assay::sandbox
