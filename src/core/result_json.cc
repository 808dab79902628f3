#include "src/core/result_json.h"

#include <nlohmann/json.hpp>

namespace assay {
namespace {

using nlohmann::json;

// Thrown inside result_from_json when a name does not parse; caught at its edge.
struct ShapeError {
  std::string message;
};

template <typename Enum>
Enum parse_or_throw(const json& text, bool (*parse)(std::string_view, Enum&), const char* what) {
  Enum value{};
  if (!parse(text.get<std::string>(), value)) {
    throw ShapeError{std::string("unknown ") + what + " '" + text.get<std::string>() + "'"};
  }
  return value;
}

json location_to_json(const Location& location) {
  return {{"file", location.file}, {"row", location.row}, {"col", location.col}};
}

std::optional<Location> location_from_json(const json& body) {
  const auto it = body.find("location");
  if (it == body.end() || it->is_null()) return std::nullopt;
  return Location{it->at("file").get<std::string>(), it->at("row").get<int>(),
                  it->at("col").get<int>()};
}

Diagnostic diagnostic_from_json(const json& body) {
  Diagnostic d;
  d.code = body.at("code").get<std::string>();
  d.message = body.at("message").get<std::string>();
  d.location = location_from_json(body);
  if (body.contains("severity"))
    d.severity = parse_or_throw(body["severity"], parse_severity, "severity");
  if (body.contains("stage") && !body["stage"].is_null()) {
    d.stage = parse_or_throw(body["stage"], parse_stage, "stage");
  }
  if (body.contains("validator")) d.validator = body["validator"].get<std::string>();
  return d;
}

json optional_to_json(const auto& value) { return value ? json(*value) : json(nullptr); }

template <typename T>
std::optional<T> optional_from_json(const json& body, const char* name) {
  const auto it = body.find(name);
  if (it == body.end() || it->is_null()) return std::nullopt;
  return it->get<T>();
}

}  // namespace

json diagnostic_to_json(const Diagnostic& d) {
  json body = {{"code", d.code}, {"message", d.message}};
  if (d.location) body["location"] = location_to_json(*d.location);
  body["severity"] = to_string(d.severity);
  if (d.stage) body["stage"] = to_string(*d.stage);
  if (!d.validator.empty()) body["validator"] = d.validator;
  return body;
}

json result_to_json(const ValidationResult& r) {
  json stages = json::array();
  for (const StageResult& stage : r.stages) {
    json s = {{"name", to_string(stage.stage)},
              {"status", to_string(stage.status)},
              {"duration_ms", stage.duration_ms}};
    if (!stage.reason.empty()) s["reason"] = stage.reason;
    stages.push_back(std::move(s));
  }
  json errors = json::array();
  for (const Diagnostic& d : r.diagnostics) errors.push_back(diagnostic_to_json(d));
  json tests = json::array();
  for (const TestCase& t : r.tests.results) {
    json test = {{"name", t.name},
                 {"status", to_string(t.status)},
                 {"message", t.message},
                 {"duration_ms", t.duration_ms}};
    if (t.location) test["location"] = location_to_json(*t.location);
    tests.push_back(std::move(test));
  }
  return {
      {"validation_id", r.validation_id},
      {"kind", r.kind},
      {"validator", {{"name", r.validator}, {"version", r.validator_version}}},
      {"verdict", to_string(r.verdict)},
      {"score", r.score},
      {"score_version", kScoreVersion},
      {"duration_ms", r.duration_ms},
      {"stages", std::move(stages)},
      {"errors", std::move(errors)},
      {"tests", {{"passed", r.tests.passed}, {"failed", r.tests.failed}, {"results", tests}}},
      {"sandbox",
       {{"wall_ms", r.sandbox.wall_ms},
        {"cpu_ms", r.sandbox.cpu_ms},
        {"max_rss_kb", r.sandbox.max_rss_kb},
        {"exit_code", optional_to_json(r.sandbox.exit_code)},
        {"signal", optional_to_json(r.sandbox.signal)},
        {"violation", optional_to_json(r.sandbox.violation)}}},
  };
}

Result<ValidationResult> result_from_json(const json& body) {
  try {
    ValidationResult r;
    r.validation_id = body.at("validation_id").get<std::string>();
    r.kind = body.at("kind").get<std::string>();
    if (const auto v = body.find("validator"); v != body.end() && v->is_object()) {
      r.validator = v->value("name", "");
      r.validator_version = v->value("version", "");
    }
    r.verdict = parse_or_throw(body.at("verdict"), parse_verdict, "verdict");
    r.score = body.at("score").get<double>();
    r.duration_ms = body.value("duration_ms", 0.0);
    for (const json& s : body.at("stages")) {
      StageResult stage;
      stage.stage = parse_or_throw(s.at("name"), parse_stage, "stage");
      stage.status = parse_or_throw(s.at("status"), parse_stage_status, "stage status");
      stage.duration_ms = s.value("duration_ms", 0.0);
      stage.reason = s.value("reason", "");
      r.stages.push_back(std::move(stage));
    }
    for (const json& d : body.at("errors")) r.diagnostics.push_back(diagnostic_from_json(d));
    if (const auto tests = body.find("tests"); tests != body.end()) {
      r.tests.passed = tests->value("passed", 0);
      r.tests.failed = tests->value("failed", 0);
      for (const json& t : tests->value("results", json::array())) {
        TestCase test;
        test.name = t.at("name").get<std::string>();
        test.status = parse_or_throw(t.at("status"), parse_test_status, "test status");
        test.message = t.value("message", "");
        test.location = location_from_json(t);
        test.duration_ms = t.value("duration_ms", 0.0);
        r.tests.results.push_back(std::move(test));
      }
    }
    if (const auto sandbox = body.find("sandbox"); sandbox != body.end()) {
      r.sandbox.wall_ms = sandbox->value("wall_ms", 0.0);
      r.sandbox.cpu_ms = sandbox->value("cpu_ms", 0.0);
      r.sandbox.max_rss_kb = sandbox->value("max_rss_kb", 0L);
      r.sandbox.exit_code = optional_from_json<int>(*sandbox, "exit_code");
      r.sandbox.signal = optional_from_json<int>(*sandbox, "signal");
      r.sandbox.violation = optional_from_json<std::string>(*sandbox, "violation");
    }
    return r;
  } catch (const json::exception& e) {
    return Status::error("response_invalid", std::string("unexpected response shape: ") + e.what());
  } catch (const ShapeError& e) {
    return Status::error("response_invalid", "unexpected response shape: " + e.message);
  }
}

json error_body(const Status& status, const std::string& request_id) {
  return {{"errors",
           json::array(
               {{{"code", status.code()}, {"message", status.message()}, {"severity", "error"}}})},
          {"request_id", request_id}};
}

}  // namespace assay
