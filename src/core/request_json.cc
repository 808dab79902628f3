#include "src/core/request_json.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "src/core/enum_names.h"
#include "src/core/json_body.h"
#include "src/core/request_limits.h"

namespace assay {
namespace {

using nlohmann::json;

Status invalid(const std::string& message) { return Status::error("request_invalid", message); }

Status wrong_type(const std::string& field, const char* expected) {
  return invalid("field '" + field + "' must be " + expected);
}

Status read_files(const json& body, std::vector<ArtefactFile>& out) {
  const auto it = body.find("files");
  if (it == body.end()) return invalid("missing required field 'files'");
  if (!it->is_array()) return wrong_type("files", "an array of {path, content}");
  if (it->empty()) return invalid("field 'files' must hold at least one file");
  if (it->size() > limits::kMaxFiles) {
    return invalid("field 'files' holds " + std::to_string(it->size()) + " files; at most " +
                   std::to_string(limits::kMaxFiles) + " are accepted");
  }
  std::set<std::string> seen;
  for (size_t i = 0; i < it->size(); ++i) {
    const json& file = (*it)[i];
    const std::string field = "files[" + std::to_string(i) + "]";
    if (!file.is_object()) return wrong_type(field, "an object with path and content");
    const auto path = file.find("path");
    const auto content = file.find("content");
    if (path == file.end()) return invalid("missing required field '" + field + ".path'");
    if (content == file.end()) return invalid("missing required field '" + field + ".content'");
    if (!path->is_string()) return wrong_type(field + ".path", "a string");
    if (!content->is_string()) return wrong_type(field + ".content", "a string");
    ArtefactFile artefact{path->get<std::string>(), content->get<std::string>()};
    if (artefact.path.empty()) return invalid("field '" + field + ".path' must not be empty");
    if (artefact.path.size() > limits::kMaxPathBytes) {
      return invalid("field '" + field + ".path' is longer than " +
                     std::to_string(limits::kMaxPathBytes) + " bytes");
    }
    if (artefact.path.find('\0') != std::string::npos) {
      return invalid("field '" + field + ".path' must not contain NUL");
    }
    if (!seen.insert(artefact.path).second) {
      return invalid("field '" + field + ".path' repeats the path '" + artefact.path + "'");
    }
    out.push_back(std::move(artefact));
  }
  return Status::ok();
}

Status read_options(const json& body, RequestOptions& out) {
  const auto it = body.find("options");
  if (it == body.end() || it->is_null()) return Status::ok();
  if (!it->is_object()) return wrong_type("options", "an object");
  if (const auto timeout = it->find("timeout_ms"); timeout != it->end()) {
    if (!timeout->is_number_integer()) return wrong_type("options.timeout_ms", "an integer");
    const auto value = timeout->get<long long>();
    if (value < limits::kMinTimeoutMs || value > limits::kMaxTimeoutMs) {
      return invalid("field 'options.timeout_ms' must be between " +
                     std::to_string(limits::kMinTimeoutMs) + " and " +
                     std::to_string(limits::kMaxTimeoutMs));
    }
    out.timeout_ms = static_cast<int>(value);
  }
  if (const auto stages = it->find("stages"); stages != it->end()) {
    if (!stages->is_array() || stages->empty()) {
      return wrong_type("options.stages", "a non-empty array of parse, check, run");
    }
    std::vector<Stage> wanted;
    for (size_t i = 0; i < stages->size(); ++i) {
      Stage stage;
      const json& name = (*stages)[i];
      if (!name.is_string() || !parse_stage(name.get<std::string>(), stage)) {
        return wrong_type("options.stages[" + std::to_string(i) + "]",
                          "one of \"parse\", \"check\", \"run\"");
      }
      if (std::find(wanted.begin(), wanted.end(), stage) == wanted.end()) wanted.push_back(stage);
    }
    std::sort(wanted.begin(), wanted.end());
    out.stages = std::move(wanted);
  }
  if (const auto format = it->find("format"); format != it->end()) {
    if (!format->is_string() || !parse_output_format(format->get<std::string>(), out.format)) {
      return wrong_type("options.format", "one of \"json\", \"sarif\", \"text\"");
    }
  }
  return Status::ok();
}

Status read_optional_object(const json& body, const char* name, json& out) {
  const auto it = body.find(name);
  if (it == body.end() || it->is_null()) return Status::ok();
  if (!it->is_object()) return wrong_type(name, "an object");
  out = *it;
  return Status::ok();
}

}  // namespace

bool RequestOptions::wants(Stage stage) const {
  return std::find(stages.begin(), stages.end(), stage) != stages.end();
}

using FormatName = std::pair<OutputFormat, std::string_view>;
constexpr auto kFormatNames = enum_names<OutputFormat>(FormatName{OutputFormat::kJson, "json"},
                                                       FormatName{OutputFormat::kSarif, "sarif"},
                                                       FormatName{OutputFormat::kText, "text"});

std::string_view to_string(OutputFormat format) { return kFormatNames.name(format); }
bool parse_output_format(std::string_view text, OutputFormat& out) {
  return kFormatNames.parse(text, out);
}

Result<ValidationRequest> request_from_json(const json& body) {
  if (!body.is_object()) return invalid("the request body must be a JSON object");
  ValidationRequest request;

  const auto kind = body.find("kind");
  if (kind == body.end()) return invalid("missing required field 'kind'");
  if (!kind->is_string() || kind->get_ref<const std::string&>().empty()) {
    return wrong_type("kind", "a non-empty string");
  }
  request.kind = kind->get<std::string>();

  if (Status s = read_files(body, request.files); !s) return s;

  if (const auto dialect = body.find("dialect"); dialect != body.end() && !dialect->is_null()) {
    if (!dialect->is_string()) return wrong_type("dialect", "a string");
    request.dialect = dialect->get<std::string>();
  }
  if (const auto environment = body.find("environment"); environment != body.end()) {
    if (!environment->is_null() && !environment->is_string() && !environment->is_object()) {
      return wrong_type("environment", "a name (string) or an inline environment (object)");
    }
    if (environment->is_string() && environment->get_ref<const std::string&>().empty()) {
      return invalid("field 'environment' must not be an empty name");
    }
    request.environment = *environment;
  }
  if (Status s = read_optional_object(body, "expect", request.expect); !s) return s;
  if (Status s = read_optional_object(body, "trail", request.trail); !s) return s;
  if (Status s = read_options(body, request.options); !s) return s;
  return request;
}

Result<ValidationRequest> parse_request(std::string_view body) {
  Result<json> parsed = parse_json_body(body, limits::kMaxJsonDepth);
  if (!parsed) return parsed.status();
  return request_from_json(*parsed);
}

json request_to_json(const ValidationRequest& request) {
  json body;
  body["kind"] = request.kind;
  body["files"] = json::array();
  for (const ArtefactFile& file : request.files) {
    body["files"].push_back({{"path", file.path}, {"content", file.content}});
  }
  if (!request.dialect.empty()) body["dialect"] = request.dialect;
  if (!request.environment.is_null()) body["environment"] = request.environment;
  if (!request.expect.is_null()) body["expect"] = request.expect;
  if (!request.trail.is_null()) body["trail"] = request.trail;
  json stages = json::array();
  for (Stage stage : request.options.stages) stages.push_back(to_string(stage));
  body["options"] = {{"timeout_ms", request.options.timeout_ms},
                     {"stages", stages},
                     {"format", to_string(request.options.format)}};
  return body;
}

}  // namespace assay
