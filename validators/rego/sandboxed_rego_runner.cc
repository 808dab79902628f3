#include "validators/rego/sandboxed_rego_runner.h"

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <mutex>
#include <optional>

#include "sandboxes/runtime/cgroup.h"
#include "sandboxes/runtime/run_diagnostics.h"
#include "sandboxes/runtime/sandbox.h"

namespace assay::rego_validator {
namespace {

namespace fs = std::filesystem;

constexpr int kMaxTimeoutMs = 600'000;  // the sandbox's own ceiling for wall_timeout_ms

// The first line of the harness's stderr, for a message (it writes nothing there normally).
std::string first_line(const std::string& text) {
  std::string line = text.substr(0, text.find('\n'));
  if (line.size() > 300) line = line.substr(0, 300) + "...";
  return line;
}

class SandboxedRegoRunner : public RegoRunner {
 public:
  SandboxedRegoRunner(sandbox::SandboxProfile profile, std::string harness, int warm)
      : profile_(std::move(profile)), harness_(std::move(harness)), warm_(warm) {}

  Result<RegoRunOutput> run(const std::string& job_json, int timeout_ms) const override {
    sandbox::ResourceLimits limits = profile_.limits;
    limits.wall_timeout_ms = std::clamp(timeout_ms, 1, kMaxTimeoutMs);
    limits.cpu_seconds = std::max(1, (limits.wall_timeout_ms + 999) / 1000);
    sandbox::RunSpec spec;
    spec.argv = {harness_};
    spec.stdin_data = job_json;
    spec.limits = limits;
    Result<sandbox::RunResult> ran = sandbox().run(spec);
    if (!ran) return ran.status();

    RegoRunOutput output;
    output.usage = sandbox::sandbox_usage(*ran);
    output.failure = sandbox::run_diagnostic(*ran, limits);
    if (!output.failure && ran->exit_code != 0) {
      std::string message = "the Rego harness exited with status " +
                            std::to_string(ran->exit_code.value_or(-1));
      if (!ran->stderr_text.empty()) message += ": " + first_line(ran->stderr_text);
      output.failure = Diagnostic{"sandbox_crashed", message, std::nullopt, Severity::kError,
                                  Stage::kRun, ""};
    }
    if (!output.failure) output.answer = std::move(ran->stdout_text);
    return output;
  }

 private:
  // Made on the first run, so that a program that never runs Rego neither logs the host's
  // cgroups nor keeps warm children.
  const sandbox::Sandbox& sandbox() const {
    std::call_once(made_, [this] {
      cgroups_.emplace(sandbox::CgroupHost::detect());
      sandbox_.emplace(profile_, *cgroups_, warm_);
    });
    return *sandbox_;
  }

  const sandbox::SandboxProfile profile_;
  const std::string harness_;
  const int warm_;
  mutable std::once_flag made_;
  mutable std::optional<sandbox::CgroupHost> cgroups_;
  mutable std::optional<sandbox::Sandbox> sandbox_;
};

}  // namespace

std::string harness_next_to_program() {
  std::error_code error;
  const fs::path self = fs::read_symlink("/proc/self/exe", error);
  if (error) return "assay-rego-harness";
  return (self.parent_path() / "assay-rego-harness").string();
}

Result<std::shared_ptr<const RegoRunner>> make_sandboxed_rego_runner(
    const sandbox::PolicySet& policies, const std::string& harness_path, int warm) {
  const sandbox::SandboxProfile* rego = policies.find("rego");
  if (rego == nullptr) {
    return Status::error("policy_invalid",
                         "the sandbox policies have no 'rego' profile (rego.limits.yaml and "
                         "rego.seccomp.json), which the Rego validator's run stage needs");
  }
  std::error_code error;
  const fs::path harness = fs::weakly_canonical(harness_path, error);
  if (error || !harness.is_absolute() || !fs::is_regular_file(harness, error) ||
      access(harness.c_str(), X_OK) != 0) {
    return Status::error("file_unreadable", "the Rego harness " + harness_path +
                                                " is not an executable file (build the "
                                                "assay-rego-harness target)");
  }
  sandbox::SandboxProfile profile = *rego;
  // At a fixed place inside: the build may live anywhere, even under /tmp, which the sandbox
  // replaces with its own.
  const std::string inside = "/opt/assay/bin/assay-rego-harness";
  profile.bind_ro_at.emplace_back(harness.string(), inside);
  return std::shared_ptr<const RegoRunner>(
      std::make_shared<SandboxedRegoRunner>(std::move(profile), inside, warm));
}

}  // namespace assay::rego_validator
