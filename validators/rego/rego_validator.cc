#include "validators/rego/rego_validator.h"

#include <algorithm>

#include "src/rego/compiler.h"
#include "src/rego/parser.h"
#include "validators/rego/network_calls.h"
#include "validators/rego/rego_run_stage.h"

namespace assay::rego_validator {
namespace {

Location location_of(const rego::RegoError& error) {
  return Location{error.file, error.location.row > 0 ? error.location.row : 1,
                  error.location.col > 0 ? error.location.col : 1};
}

void report_all(const std::vector<rego::RegoError>& errors, StageReport& report) {
  for (const rego::RegoError& error : errors) {
    report.error(error.code, error.message, location_of(error));
  }
}

class RegoJob : public ValidationJob {
 public:
  RegoJob(const ValidationRequest& request, rego::RegoVersion version, const RegoRunner* runner)
      : request_(request), version_(version), runner_(runner) {}

  void parse(StageReport& report) override {
    for (const ArtefactFile& file : request_.files) {
      rego::ParsedModule parsed = rego::parse_module(file.path, file.content, {version_, 10});
      report_all(parsed.errors, report);
      if (parsed.module) modules_.push_back(std::move(parsed.module));
    }
  }

  void check(StageReport& report) override {
    for (const auto& module : modules_) warn_network_calls(*module, report);
    rego::CompileResult compiled = rego::compile(std::move(modules_), {});
    report_all(compiled.errors, report);
    modules_ = std::move(compiled.modules);
  }

  void run(StageReport& report) override { run_rego_stage(request_, modules_, runner_, report); }

 private:
  static void warn_network_calls(const rego::Module& module, StageReport& report) {
    for (const NetworkCall& call : find_network_calls(module)) {
      report.warning("rego_network_builtin",
                     call.builtin +
                         " reaches the network, which the run stage's sandbox does not have: "
                         "there the call fails as it would without a connection",
                     Location{call.file, std::max(call.location.row, 1),
                              std::max(call.location.col, 1)});
    }
  }

  const ValidationRequest& request_;
  rego::RegoVersion version_;
  const RegoRunner* runner_;
  std::vector<std::unique_ptr<rego::Module>> modules_;
};

class RegoValidator : public Validator {
 public:
  RegoValidator(ValidatorInfo info, std::shared_ptr<const RegoRunner> runner)
      : Validator(std::move(info)), runner_(std::move(runner)) {}

  std::unique_ptr<ValidationJob> start(const ValidationRequest& request) const override {
    return std::make_unique<RegoJob>(
        request, request.dialect == "v0" ? rego::RegoVersion::kV0 : rego::RegoVersion::kV1,
        runner_.get());
  }

 private:
  std::shared_ptr<const RegoRunner> runner_;
};

}  // namespace

std::unique_ptr<Validator> make_rego_validator(ValidatorInfo info,
                                               std::shared_ptr<const RegoRunner> runner) {
  return std::make_unique<RegoValidator>(std::move(info), std::move(runner));
}

}  // namespace assay::rego_validator
