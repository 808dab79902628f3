#include "src/core/report_formats.h"

#include <map>
#include <nlohmann/json.hpp>

#include "src/core/error_codes.h"

namespace assay {
namespace {

using nlohmann::json;

std::string_view sarif_level(Severity severity) {
  switch (severity) {
    case Severity::kError:
      return "error";
    case Severity::kWarning:
      return "warning";
    case Severity::kInfo:
      return "note";
  }
  return "error";
}

}  // namespace

std::string text_line(const Diagnostic& d) {
  std::string line;
  if (d.location) {
    line = d.location->file;
    if (d.location->row > 0) {
      line += ":" + std::to_string(d.location->row) + ":" + std::to_string(d.location->col);
    }
  } else {
    line = "assay";
  }
  line += ": ";
  line += to_string(d.severity);
  line += ": " + d.message + " [" + d.code + "]";
  return line;
}

std::string path_to_uri(std::string_view path) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string uri;
  for (const char c : path) {
    const auto byte = static_cast<unsigned char>(c);
    const bool unreserved = (byte >= 'a' && byte <= 'z') || (byte >= 'A' && byte <= 'Z') ||
                            (byte >= '0' && byte <= '9') || c == '-' || c == '.' || c == '_' ||
                            c == '~' || c == '/';
    if (unreserved) {
      uri += c;
    } else {
      uri += '%';
      uri += kHex[byte >> 4];
      uri += kHex[byte & 0xF];
    }
  }
  return uri;
}

json to_sarif(const std::vector<ValidationResult>& results, const std::string& tool_version) {
  std::map<std::string, size_t> rule_index;
  json rules = json::array();
  json sarif_results = json::array();
  for (const ValidationResult& result : results) {
    for (const Diagnostic& d : result.diagnostics) {
      auto [it, added] = rule_index.emplace(d.code, rules.size());
      if (added) {
        std::string description(describe_error_code(d.code));
        if (description.empty()) description = d.code;
        rules.push_back({{"id", d.code}, {"shortDescription", {{"text", description}}}});
      }
      json entry = {{"ruleId", d.code},
                    {"ruleIndex", it->second},
                    {"level", sarif_level(d.severity)},
                    {"message", {{"text", d.message}}}};
      if (d.location) {
        json physical = {{"artifactLocation", {{"uri", path_to_uri(d.location->file)}}}};
        if (d.location->row > 0) {
          physical["region"] = {{"startLine", d.location->row}, {"startColumn", d.location->col}};
        }
        entry["locations"] = json::array({{{"physicalLocation", physical}}});
      }
      sarif_results.push_back(std::move(entry));
    }
  }
  // A validation that could not decide is a failed execution, not a clean file.
  bool execution_successful = true;
  json notifications = json::array();
  for (const ValidationResult& result : results) {
    for (const StageResult& stage : result.stages) {
      if (stage.status != StageStatus::kError) continue;
      execution_successful = false;
      notifications.push_back(
          {{"level", "error"},
           {"message",
            {{"text", result.validator + " " + std::string(to_string(stage.stage)) +
                          " stage: " + stage.reason}}}});
    }
  }
  json invocation = {{"executionSuccessful", execution_successful}};
  if (!notifications.empty()) invocation["toolExecutionNotifications"] = notifications;
  json driver = {{"name", "assay"}, {"version", tool_version}, {"rules", rules}};
  return {{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
          {"version", "2.1.0"},
          {"runs", json::array({{{"tool", {{"driver", driver}}},
                                 {"invocations", json::array({invocation})},
                                 {"columnKind", "unicodeCodePoints"},
                                 {"results", sarif_results}}})}};
}

}  // namespace assay
