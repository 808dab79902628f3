#include "src/core/pipeline.h"

#include <algorithm>
#include <chrono>
#include <exception>

#include "src/core/scoring.h"
#include "src/core/text_position.h"

namespace assay {
namespace {

using Clock = std::chrono::steady_clock;

double elapsed_ms(Clock::time_point since) {
  return std::chrono::duration<double, std::milli>(Clock::now() - since).count();
}

std::string join(const std::vector<std::string>& items) {
  std::string text;
  for (const std::string& item : items) text += (text.empty() ? "" : ", ") + item;
  return text;
}

Status check_request_fits(const ValidatorInfo& info, const ValidationRequest& request) {
  if (!request.dialect.empty() &&
      std::find(info.dialects.begin(), info.dialects.end(), request.dialect) ==
          info.dialects.end()) {
    return Status::error("request_invalid",
                         "dialect '" + request.dialect + "' is not supported by validator " +
                             info.name + (info.dialects.empty() ? " (it takes no dialect)"
                                                                : " (supported: " +
                                                                      join(info.dialects) + ")"));
  }
  // Until virtual test environments exist (sandboxes/environments/), no name is installed.
  if (request.environment.is_string()) {
    return Status::error("environment_unknown", "environment '" +
                                                    request.environment.get<std::string>() +
                                                    "' is not installed on this assay");
  }
  return Status::ok();
}

void run_stage(ValidationJob& job, Stage stage, StageReport& report) {
  switch (stage) {
    case Stage::kParse:
      job.parse(report);
      return;
    case Stage::kCheck:
      job.check(report);
      return;
    case Stage::kRun:
      job.run(report);
      return;
  }
}

}  // namespace

std::vector<Diagnostic> encoding_errors(const std::vector<ArtefactFile>& files,
                                        const ValidatorInfo& validator) {
  std::vector<Diagnostic> errors;
  for (const ArtefactFile& file : files) {
    const size_t bad = find_invalid_utf8(file.content);
    if (bad == std::string::npos) continue;
    const TextPosition at = position_of_byte(file.content, bad);
    const bool nul = file.content[bad] == '\0';
    errors.push_back(Diagnostic{
        validator.encoding_error_code,
        nul ? "the file contains a NUL byte" : "the file is not valid UTF-8 text",
        Location{file.path, at.row, at.col}, Severity::kError, Stage::kParse, validator.name});
  }
  return errors;
}

Result<ValidationResult> run_validation(const Registry& registry, const ValidationRequest& request,
                                        std::string validation_id) {
  const auto started = Clock::now();
  const Validator* validator = registry.for_kind(request.kind);
  if (validator == nullptr) {
    return Status::error("kind_unknown", "no validator for kind '" + request.kind +
                                             "' (known kinds: " + join(registry.kinds()) + ")");
  }
  const ValidatorInfo& info = validator->info();
  if (Status fits = check_request_fits(info, request); !fits) return fits;

  ValidationResult result;
  result.validation_id = std::move(validation_id);
  result.kind = request.kind;
  result.validator = info.name;
  result.validator_version = info.version;
  result.diagnostics = encoding_errors(request.files, info);

  const bool text_is_valid = result.diagnostics.empty();
  std::unique_ptr<ValidationJob> job;
  std::string stopped_by;  // the stage that stopped the pipeline, if one did
  for (Stage stage : kAllStages) {
    if (!request.options.wants(stage)) continue;
    StageResult stage_result{stage, StageStatus::kPass, 0, ""};
    if (!validator->implements(stage)) {
      stage_result.status = StageStatus::kSkipped;
      stage_result.reason =
          "validator " + info.name + " has no " + std::string(to_string(stage)) + " stage";
    } else if (!text_is_valid) {
      // The encoding errors already listed are this stage's findings; nothing later can run.
      stage_result.status = stage == Stage::kParse ? StageStatus::kFail : StageStatus::kSkipped;
      if (stage != Stage::kParse) stage_result.reason = "not run: a file is not valid UTF-8";
    } else if (!stopped_by.empty()) {
      stage_result.status = StageStatus::kSkipped;
      stage_result.reason = "not run: the " + stopped_by + " stage did not pass";
    } else {
      const auto stage_started = Clock::now();
      StageReport report(stage, info, result);
      const int failed_tests_before = result.tests.failed;
      try {
        if (!job) job = validator->start(request);
        run_stage(*job, stage, report);
        if (report.errors_reported() > 0 || result.tests.failed > failed_tests_before) {
          stage_result.status = StageStatus::kFail;
        }
      } catch (const std::exception& e) {
        stage_result.status = StageStatus::kError;
        stage_result.reason = std::string("internal error: ") + e.what();
      } catch (...) {
        stage_result.status = StageStatus::kError;
        stage_result.reason = "internal error";
      }
      stage_result.duration_ms = elapsed_ms(stage_started);
      if (stage_result.status != StageStatus::kPass) stopped_by = std::string(to_string(stage));
    }
    result.stages.push_back(std::move(stage_result));
  }

  if (!request.expect.is_null() && !validator->implements(Stage::kRun)) {
    result.diagnostics.push_back(Diagnostic{
        "expect_not_checked",
        "'expect' was given, but validator " + info.name + " " + info.version +
            " has no run stage, so it was not checked",
        std::nullopt, Severity::kWarning, std::nullopt, info.name});
  }

  const Assessment assessment = assess(result.stages, result.diagnostics, result.tests);
  result.verdict = assessment.verdict;
  result.score = assessment.score;
  result.duration_ms = elapsed_ms(started);
  return result;
}

}  // namespace assay
