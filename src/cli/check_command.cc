#include "src/cli/check_command.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>

#include "src/cli/cli_args.h"
#include "src/cli/exit_codes.h"
#include "src/cli/report_printer.h"
#include "src/cli/usage.h"
#include "src/cli/validation_runner.h"

namespace assay::cli {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kCommand = "check";

// The files one validator checks, in command-line order.
struct FileGroup {
  const Validator* validator = nullptr;
  std::vector<ArtefactFile> files;
};

// `given` relative to the current directory when it is absolute and under it; else unchanged.
std::string display_path(const std::string& given) {
  const fs::path path(given);
  if (!path.is_absolute()) return given;
  std::error_code error;
  const fs::path cwd = fs::current_path(error);
  if (error) return given;
  const fs::path relative = path.lexically_normal().lexically_relative(cwd);
  if (relative.empty() || *relative.begin() == "..") return given;
  return relative.generic_string();
}

// Errors: file_unreadable with the reason.
Result<std::string> read_file(const std::string& path) {
  std::error_code error;
  if (fs::is_directory(path, error)) {
    return Status::error("file_unreadable", "cannot read " + path + ": it is a directory");
  }
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    return Status::error("file_unreadable", "cannot read " + path + ": " + std::strerror(errno));
  }
  std::string content((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  if (file.bad()) {
    return Status::error("file_unreadable", "cannot read " + path + ": read failed");
  }
  return content;
}

void add_to_group(std::vector<FileGroup>& groups, const Validator* validator, ArtefactFile file) {
  for (FileGroup& group : groups) {
    if (group.validator == validator) {
      group.files.push_back(std::move(file));
      return;
    }
  }
  groups.push_back(FileGroup{validator, {}});
  groups.back().files.push_back(std::move(file));
}

}  // namespace

int run_check(const std::vector<std::string>& args, std::istream& /*in*/, std::ostream& out,
              std::ostream& err, const Registry& registry) {
  Result<ParsedArgs> parsed = parse_args(
      args, {.with_value = {"--format", "--server", "--dialect"}, .switches = {"--help"}});
  if (!parsed) return report_usage_error(err, kCommand, parsed.status().message());
  if (parsed->has("--help")) {
    out << command_usage(kCommand) << "\n";
    return kExitClean;
  }
  Result<OutputFormat> format = format_from_flag(parsed->value("--format"), OutputFormat::kText);
  if (!format) return report_usage_error(err, kCommand, format.status().message());
  if (parsed->operands().empty()) return report_usage_error(err, kCommand, "no files given");

  std::vector<FileGroup> groups;
  std::set<std::string> seen;  // a file named twice is checked once
  size_t files_checked = 0;
  for (const std::string& given : parsed->operands()) {
    const std::string path = display_path(given);
    const Validator* validator = registry.for_path(path);
    if (validator == nullptr || validator->info().kinds.empty()) {
      err << "assay: skipping " << given << ": no validator for this file name\n";
      continue;
    }
    if (!seen.insert(path).second) continue;
    Result<std::string> content = read_file(given);
    if (!content) {
      err << "assay: " << content.status().message() << "\n";
      return kExitNotJudged;
    }
    add_to_group(groups, validator, ArtefactFile{path, std::move(content).value()});
    ++files_checked;
  }
  if (groups.empty()) {
    err << "assay: no file to check: no validator handles any of the files given\n";
    return kExitNotJudged;
  }

  const std::string server_url = parsed->value("--server").value_or("");
  std::vector<ValidationResult> results;
  for (FileGroup& group : groups) {
    ValidationRequest request;
    request.kind = group.validator->info().kinds.front();
    request.files = std::move(group.files);
    request.dialect = parsed->value("--dialect").value_or("");
    Result<ValidationResult> result = validate_request(request, registry, server_url);
    if (!result) {
      print_request_error(err, result.status());
      return kExitNotJudged;
    }
    results.push_back(std::move(result).value());
  }
  print_report(results, files_checked, *format, JsonLayout::kResultList, out);
  return exit_code_for(results);
}

}  // namespace assay::cli
