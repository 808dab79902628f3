// Validator: the interface every plugin in validators/ implements.
//
// A validation goes through up to three stages, parse → check → run. A Validator is shared by
// all requests and must be thread-safe (its methods are const); start() makes a ValidationJob
// that belongs to one request and one thread, and carries state from stage to stage (a parse
// tree from parse to check, say). A stage reports findings on its StageReport; it fails when it
// reports an error-severity diagnostic or a failed test, and a failed stage stops the later
// ones. A stage that throws ends as an internal error (verdict "error"), never a crash. A stage
// with nothing to do for this request (a run stage without tests or expectations) says so with
// skip(reason): it then reports as skipped, with the reason, unless it also reported errors.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "src/core/diagnostic.h"
#include "src/core/request.h"
#include "src/core/validation_result.h"

namespace assay {

// One row of the validator table (validators/validator_table.cc).
struct ValidatorInfo {
  std::string name{};
  std::string version{};
  std::string description{};
  std::vector<std::string> kinds{};  // values of the request's "kind"
  std::vector<std::string>
      file_patterns{};                  // fnmatch patterns; without '/' they match the base name
  std::vector<std::string> dialects{};  // first is the default; empty when the kind has none
  std::vector<Stage> stages{};          // the stages it implements, in order
  std::string encoding_error_code{};    // reported for a file that is not valid UTF-8
};

// Where one stage of one validation puts what it finds. Fills in stage and validator names.
class StageReport {
 public:
  StageReport(Stage stage, const ValidatorInfo& validator, ValidationResult& result)
      : stage_(stage), validator_(validator), result_(result) {}

  void error(std::string code, std::string message, std::optional<Location> location) {
    add(std::move(code), std::move(message), std::move(location), Severity::kError);
  }
  void warning(std::string code, std::string message, std::optional<Location> location) {
    add(std::move(code), std::move(message), std::move(location), Severity::kWarning);
  }
  void add(std::string code, std::string message, std::optional<Location> location,
           Severity severity);

  // Tests and sandbox usage, for stages that run something.
  TestResults& tests() { return result_.tests; }
  SandboxUsage& sandbox() { return result_.sandbox; }

  Stage stage() const { return stage_; }
  int errors_reported() const { return errors_; }

  // The stage found nothing to do for this request; `reason` says why (shown on the stage).
  void skip(std::string reason) { skip_reason_ = std::move(reason); }
  const std::string& skip_reason() const { return skip_reason_; }

  // Set by the pipeline when the stage threw: why assay could not decide.
  void set_internal_error(std::string reason) { internal_error_ = std::move(reason); }
  const std::string& internal_error() const { return internal_error_; }

 private:
  Stage stage_;
  const ValidatorInfo& validator_;
  ValidationResult& result_;
  int errors_ = 0;
  std::string skip_reason_;
  std::string internal_error_;
};

class ValidationJob {
 public:
  virtual ~ValidationJob() = default;
  virtual void parse(StageReport& report) = 0;
  virtual void check(StageReport&) {}
  virtual void run(StageReport&) {}
};

class Validator {
 public:
  explicit Validator(ValidatorInfo info) : info_(std::move(info)) {}
  virtual ~Validator() = default;
  Validator(const Validator&) = delete;
  Validator& operator=(const Validator&) = delete;

  const ValidatorInfo& info() const { return info_; }
  bool implements(Stage stage) const;

  // The request has already been checked against info(): its kind and dialect are supported
  // and its files are valid UTF-8. Called concurrently.
  virtual std::unique_ptr<ValidationJob> start(const ValidationRequest& request) const = 0;

 private:
  ValidatorInfo info_;
};

}  // namespace assay
