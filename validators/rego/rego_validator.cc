#include "validators/rego/rego_validator.h"

#include "src/rego/compiler.h"
#include "src/rego/parser.h"

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
  RegoJob(const ValidationRequest& request, rego::RegoVersion version)
      : request_(request), version_(version) {}

  void parse(StageReport& report) override {
    for (const ArtefactFile& file : request_.files) {
      rego::ParsedModule parsed = rego::parse_module(file.path, file.content, {version_, 10});
      report_all(parsed.errors, report);
      if (parsed.module) modules_.push_back(std::move(parsed.module));
    }
  }

  void check(StageReport& report) override {
    rego::CompileResult compiled = rego::compile(std::move(modules_), {});
    report_all(compiled.errors, report);
    modules_ = std::move(compiled.modules);
  }

 private:
  const ValidationRequest& request_;
  rego::RegoVersion version_;
  std::vector<std::unique_ptr<rego::Module>> modules_;
};

class RegoValidator : public Validator {
 public:
  using Validator::Validator;

  std::unique_ptr<ValidationJob> start(const ValidationRequest& request) const override {
    return std::make_unique<RegoJob>(
        request, request.dialect == "v0" ? rego::RegoVersion::kV0 : rego::RegoVersion::kV1);
  }
};

}  // namespace

std::unique_ptr<Validator> make_rego_validator(ValidatorInfo info) {
  return std::make_unique<RegoValidator>(std::move(info));
}

}  // namespace assay::rego_validator
