// Judging one conformance case by evaluation: the case's modules compiled, its query evaluated
// against its data and input, and the outcome compared with what the case wants, in the schema
// of the suite it comes from (OPA's and rego-cpp's: want_result as a list of bindings,
// want_error_code, want_error, want_output, want_defined; regorus's: want_result as the query's
// value, `error`, `no_result`).
#pragma once

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <string>

namespace assay::conformance {

enum class Schema { kOpa, kRegorus };

struct Verdict {
  enum Kind { kPass, kFail, kSkip } kind = kFail;
  std::string why;  // for failures and skips
  bool parsed_as_v0 = false;
};

// `directory` holds the files a case names (modules, data_path, input_path); `path` is the
// case's file, matched against the list of cases that test another engine's extensions.
Verdict judge_case(const YAML::Node& test, const std::filesystem::path& directory, Schema schema,
                   const std::string& path);

}  // namespace assay::conformance
