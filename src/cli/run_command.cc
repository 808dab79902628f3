#include "src/cli/run_command.h"

#include <charconv>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <ostream>

#include "sandboxes/runtime/cgroup.h"
#include "sandboxes/runtime/sandbox.h"
#include "sandboxes/runtime/sandbox_profile.h"
#include "src/cli/cli_args.h"
#include "src/cli/exit_codes.h"
#include "src/cli/usage.h"

namespace assay::cli {
namespace {

namespace fs = std::filesystem;
constexpr std::string_view kCommand = "run";

Result<int> positive_integer(const std::optional<std::string>& text, const char* flag, int fallback) {
  if (!text) return fallback;
  int value = 0;
  const auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (error != std::errc() || end != text->data() + text->size() || value <= 0) {
    return Status::error("usage_error", std::string(flag) + " needs a positive integer");
  }
  return value;
}

Result<std::string> read_whole_file(const fs::path& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return Status::error("file_unreadable", "cannot read " + path.string());
  return std::string((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
}

// The regular files below `directory`, with paths relative to it; at most `budget` bytes.
Result<std::vector<sandbox::WorkspaceFile>> read_workspace(const std::string& directory,
                                                           size_t budget) {
  std::error_code error;
  if (!fs::is_directory(directory, error)) {
    return Status::error("file_unreadable", directory + " is not a directory");
  }
  std::vector<sandbox::WorkspaceFile> files;
  size_t total = 0;
  for (auto it = fs::recursive_directory_iterator(directory, error);
       !error && it != fs::recursive_directory_iterator(); it.increment(error)) {
    if (!it->is_regular_file(error)) continue;  // symlinks and devices are not copied
    Result<std::string> content = read_whole_file(it->path());
    if (!content) return content.status();
    total += content->size();
    if (total > budget) {
      return Status::error("usage_error", directory + " holds more than the workspace's " +
                                              std::to_string(budget) + " bytes");
    }
    const auto permissions = it->status(error).permissions();
    files.push_back({fs::relative(it->path(), directory).generic_string(),
                     std::move(content).value(),
                     (permissions & fs::perms::owner_exec) != fs::perms::none});
  }
  if (error) return Status::error("file_unreadable", directory + ": " + error.message());
  return files;
}

}  // namespace

int run_run(const std::vector<std::string>& args, std::istream& /*in*/, std::ostream& out,
            std::ostream& err, const Registry& /*registry*/) {
  Result<ParsedArgs> parsed =
      parse_args(args, {.with_value = {"--profile", "--policies", "--timeout-ms", "--memory-mb",
                                       "--workspace", "--stdin"},
                        .switches = {"--help"}});
  if (!parsed) return report_usage_error(err, kCommand, parsed.status().message());
  if (parsed->has("--help")) {
    out << command_usage(kCommand) << "\n";
    return kExitClean;
  }
  if (parsed->operands().empty()) return report_usage_error(err, kCommand, "no command given");

  Result<sandbox::PolicySet> policies =
      parsed->has("--policies") ? sandbox::PolicySet::load_directory(*parsed->value("--policies"))
                                : sandbox::PolicySet::load_embedded();
  if (!policies) return report_usage_error(err, kCommand, policies.status().message());
  const std::string profile_name = parsed->value("--profile").value_or("default");
  const sandbox::SandboxProfile* profile = policies->find(profile_name);
  if (profile == nullptr) {
    return report_usage_error(err, kCommand, "no sandbox profile '" + profile_name + "'");
  }

  sandbox::RunSpec spec;
  spec.argv = parsed->operands();
  sandbox::ResourceLimits limits = profile->limits;
  Result<int> timeout = positive_integer(parsed->value("--timeout-ms"), "--timeout-ms",
                                         limits.wall_timeout_ms);
  Result<int> memory =
      positive_integer(parsed->value("--memory-mb"), "--memory-mb", limits.memory_mb);
  for (const Result<int>* value : {&timeout, &memory}) {
    if (!*value) return report_usage_error(err, kCommand, value->status().message());
  }
  limits.wall_timeout_ms = *timeout;
  limits.memory_mb = *memory;
  spec.limits = limits;
  if (const auto directory = parsed->value("--workspace")) {
    auto files = read_workspace(*directory, static_cast<size_t>(limits.workspace_mb) << 20);
    if (!files) return report_usage_error(err, kCommand, files.status().message());
    spec.files = std::move(files).value();
  }
  if (const auto stdin_path = parsed->value("--stdin")) {
    Result<std::string> input = read_whole_file(*stdin_path);
    if (!input) return report_usage_error(err, kCommand, input.status().message());
    spec.stdin_data = std::move(input).value();
  }

  const sandbox::CgroupHost cgroups = sandbox::CgroupHost::detect();
  const sandbox::Sandbox box(*profile, cgroups);
  Result<sandbox::RunResult> result = box.run(spec);
  if (!result) {
    err << "assay run: " << result.status().code() << ": " << result.status().message() << "\n";
    return kExitNotJudged;
  }
  out << sandbox::run_result_to_json(*result).dump(2) << "\n";
  return result->reason() == sandbox::EndReason::kExited && result->exit_code == 0 ? kExitClean
                                                                                    : kExitFindings;
}

}  // namespace assay::cli
