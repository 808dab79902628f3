#include "src/core/pipeline.h"

#include <algorithm>
#include <chrono>
#include <exception>
#include <optional>

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
  if (!request.dialect.empty() && std::find(info.dialects.begin(), info.dialects.end(),
                                            request.dialect) == info.dialects.end()) {
    return Status::error("request_invalid",
                         "dialect '" + request.dialect + "' is not supported by validator " +
                             info.name +
                             (info.dialects.empty() ? " (it takes no dialect)"
                                                    : " (supported: " + join(info.dialects) + ")"));
  }
  // Whether a named environment exists is for the service to say (it loads them; core knows
  // none): assayd answers environment_unknown before the pipeline runs.
  return Status::ok();
}

// Runs one stage, starting the job on first use. A stage fails when it reports an error or a
// failed test; a stage that throws is an internal error, whose reason goes on the report.
StageStatus execute_stage(const Validator& validator, const ValidationRequest& request,
                          std::unique_ptr<ValidationJob>& job, Stage stage, StageReport& report) {
  const int failed_tests_before = report.tests().failed;
  try {
    if (!job) job = validator.start(request);
    switch (stage) {
      case Stage::kParse:
        job->parse(report);
        break;
      case Stage::kCheck:
        job->check(report);
        break;
      case Stage::kRun:
        job->run(report);
        break;
    }
  } catch (const std::exception& e) {
    report.set_internal_error(std::string("internal error: ") + e.what());
    return StageStatus::kError;
  } catch (...) {
    report.set_internal_error("internal error");
    return StageStatus::kError;
  }
  const bool failed = report.errors_reported() > 0 || report.tests().failed > failed_tests_before;
  return failed ? StageStatus::kFail : StageStatus::kPass;
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

  // Files that are not text are reported and left out; the others are still judged, so one
  // bad file does not hide the errors of the rest.
  std::optional<ValidationRequest> text_only;
  if (!result.diagnostics.empty()) {
    text_only = request;
    std::erase_if(text_only->files, [&](const ArtefactFile& file) {
      return std::any_of(result.diagnostics.begin(), result.diagnostics.end(),
                         [&](const Diagnostic& d) { return d.location->file == file.path; });
    });
  }
  const ValidationRequest& judged = text_only ? *text_only : request;

  std::unique_ptr<ValidationJob> job;
  std::string stopped_by;  // the stage that stopped the pipeline, if one did
  for (Stage stage : kAllStages) {
    if (!request.options.wants(stage)) continue;
    StageResult stage_result{stage, StageStatus::kPass, 0, ""};
    if (!validator->implements(stage)) {
      stage_result.status = StageStatus::kSkipped;
      stage_result.reason =
          "validator " + info.name + " has no " + std::string(to_string(stage)) + " stage";
    } else if (!stopped_by.empty()) {
      stage_result.status = StageStatus::kSkipped;
      stage_result.reason = "not run: the " + stopped_by + " stage did not pass";
    } else if (judged.files.empty()) {
      stage_result.status = StageStatus::kFail;  // every file was refused for its encoding
    } else {
      const auto stage_started = Clock::now();
      StageReport report(stage, info, result);
      stage_result.status = execute_stage(*validator, judged, job, stage, report);
      if (stage_result.status == StageStatus::kError) {
        stage_result.reason = report.internal_error();
      } else if (stage_result.status == StageStatus::kPass && !report.skip_reason().empty()) {
        stage_result.status = StageStatus::kSkipped;
        stage_result.reason = report.skip_reason();
      }
      stage_result.duration_ms = elapsed_ms(stage_started);
    }
    // Encoding errors are parse errors, whichever stage comes first.
    if (text_only && stage_result.status == StageStatus::kPass) {
      stage_result.status = StageStatus::kFail;
    }
    if (stage_result.status == StageStatus::kFail || stage_result.status == StageStatus::kError) {
      if (stopped_by.empty()) stopped_by = std::string(to_string(stage));
    }
    result.stages.push_back(std::move(stage_result));
  }

  if (!request.expect.is_null() && !validator->implements(Stage::kRun)) {
    result.diagnostics.push_back(
        Diagnostic{"expect_not_checked",
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
