#include "src/cli/report_printer.h"

#include <nlohmann/json.hpp>

#include "src/core/report_formats.h"
#include "src/core/request_json.h"
#include "src/core/result_json.h"
#include "src/core/version.h"

namespace assay::cli {
namespace {

using nlohmann::json;

std::string count_of(size_t count, const std::string& noun) {
  return std::to_string(count) + " " + noun + (count == 1 ? "" : "s");
}

std::string pretty(const json& document) {
  return document.dump(2, ' ', false, json::error_handler_t::replace);
}

}  // namespace

std::vector<Diagnostic> text_findings(const ValidationResult& result) {
  std::vector<Diagnostic> findings = result.diagnostics;
  for (const StageResult& stage : result.stages) {
    if (stage.status != StageStatus::kError) continue;
    findings.push_back(Diagnostic{"internal_error",
                                  "the " + result.validator + " validator's " +
                                      std::string(to_string(stage.stage)) +
                                      " stage could not judge the artefact: " + stage.reason,
                                  std::nullopt, Severity::kError, stage.stage, result.validator});
  }
  return findings;
}

std::string summary_line(const std::vector<ValidationResult>& results, size_t files_checked) {
  size_t errors = 0, warnings = 0, notes = 0;
  for (const ValidationResult& result : results) {
    for (const Diagnostic& finding : text_findings(result)) {
      switch (finding.severity) {
        case Severity::kError:
          ++errors;
          break;
        case Severity::kWarning:
          ++warnings;
          break;
        case Severity::kInfo:
          ++notes;
          break;
      }
    }
  }
  std::string counts;
  const auto add = [&counts](size_t count, const char* noun) {
    if (count == 0) return;
    counts += (counts.empty() ? "" : ", ") + count_of(count, noun);
  };
  add(errors, "error");
  add(warnings, "warning");
  add(notes, "note");
  const std::string files = count_of(files_checked, "file");
  return "assay: " + (counts.empty() ? files + " clean" : counts + " in " + files);
}

void print_report(const std::vector<ValidationResult>& results, size_t files_checked,
                  OutputFormat format, JsonLayout layout, std::ostream& out) {
  switch (format) {
    case OutputFormat::kText:
      for (const ValidationResult& result : results) {
        for (const Diagnostic& finding : text_findings(result)) out << text_line(finding) << "\n";
      }
      out << summary_line(results, files_checked) << "\n";
      return;
    case OutputFormat::kJson:
      if (layout == JsonLayout::kSingleResult && results.size() == 1) {
        out << pretty(result_to_json(results.front())) << "\n";
      } else {
        json list = json::array();
        for (const ValidationResult& result : results) list.push_back(result_to_json(result));
        out << pretty({{"results", std::move(list)}}) << "\n";
      }
      return;
    case OutputFormat::kSarif:
      out << pretty(to_sarif(results, std::string(kAssayVersion))) << "\n";
      return;
  }
}

Result<OutputFormat> format_from_flag(const std::optional<std::string>& flag,
                                      OutputFormat fallback) {
  if (!flag) return fallback;
  OutputFormat format = fallback;
  if (!parse_output_format(*flag, format)) {
    return Status::error("usage_error", "unknown format '" + *flag + "' (use text, json or sarif)");
  }
  return format;
}

void print_request_error(std::ostream& err, const Status& status) {
  err << "assay: " << status.code() << ": " << status.message() << "\n";
}

void print_error_body(std::ostream& out, const Status& status, const std::string& request_id) {
  out << pretty(error_body(status, request_id)) << "\n";
}

}  // namespace assay::cli
