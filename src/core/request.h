// ValidationRequest: what a client asks assay to validate (DESIGN.md, POST /v1/validate).
//
// Built by parse_request() (request_json.h) from untrusted JSON, which checks every field's
// type and bounds, so code that receives a ValidationRequest can trust its shape.
// `environment`, `expect` and `trail` stay JSON because their shape depends on the kind.
// Plain values: thread-compatible.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "src/core/diagnostic.h"

namespace assay {

struct ArtefactFile {
  std::string path;  // as the client named it; every Location uses it
  std::string content;
};

enum class OutputFormat { kJson, kSarif, kText };

struct RequestOptions {
  int timeout_ms = 5000;
  std::vector<Stage> stages = {Stage::kParse, Stage::kCheck, Stage::kRun};  // in stage order
  OutputFormat format = OutputFormat::kJson;

  bool wants(Stage stage) const;
};

struct ValidationRequest {
  std::string kind;
  std::vector<ArtefactFile> files;
  std::string dialect;         // empty: the validator's default
  nlohmann::json environment;  // null, a name (string) or an inline environment (object)
  nlohmann::json expect;       // null or object
  nlohmann::json trail;        // null or object
  RequestOptions options;
};

}  // namespace assay
