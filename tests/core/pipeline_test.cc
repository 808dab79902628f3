#include "src/core/pipeline.h"

#include <catch2/catch.hpp>
#include <stdexcept>

using namespace assay;

namespace {

// A validator whose stages do what each file's content says: "parse-error", "check-error",
// "throw" (in check), "warn".
class ScriptedValidator : public Validator {
 public:
  using Validator::Validator;
  std::unique_ptr<ValidationJob> start(const ValidationRequest& request) const override {
    return std::make_unique<Job>(request.files);
  }

 private:
  struct Job : ValidationJob {
    explicit Job(const std::vector<ArtefactFile>& f) : files(f) {}
    void parse(StageReport& report) override {
      for (const ArtefactFile& file : files) {
        if (file.content == "parse-error") {
          report.error("fake_syntax_error", "bad", Location{file.path, 2, 3});
        }
        if (file.content == "warn") report.warning("fake_style", "meh", std::nullopt);
      }
    }
    void check(StageReport& report) override {
      for (const ArtefactFile& file : files) {
        if (file.content == "check-error") report.error("fake_check", "wrong", std::nullopt);
        if (file.content == "throw") throw std::runtime_error("exploded");
      }
    }
    std::vector<ArtefactFile> files;
  };
};

Registry scripted_registry() {
  Registry registry;
  registry.add(std::make_unique<ScriptedValidator>(
      ValidatorInfo{.name = "fake",
                    .version = "1.0",
                    .kinds = {"fake"},
                    .file_patterns = {"*.fake"},
                    .dialects = {"one", "two"},
                    .stages = {Stage::kParse, Stage::kCheck},
                    .encoding_error_code = "fake_encoding_error"}));
  return registry;
}

ValidationRequest request_with(std::string content) {
  ValidationRequest request;
  request.kind = "fake";
  request.files = {{"a.fake", std::move(content)}};
  return request;
}

}  // namespace

TEST_CASE("a clean artefact passes every stage the validator has") {
  const Registry registry = scripted_registry();
  auto result = run_validation(registry, request_with("fine"), "id-1");
  REQUIRE(result);
  CHECK(result->validation_id == "id-1");
  CHECK(result->verdict == Verdict::kPass);
  CHECK(result->score == 1.0);
  REQUIRE(result->stages.size() == 3);
  CHECK(result->stages[0].status == StageStatus::kPass);
  CHECK(result->stages[1].status == StageStatus::kPass);
  CHECK(result->stages[2].status == StageStatus::kSkipped);
  CHECK(result->stages[2].reason == "validator fake has no run stage");
}

TEST_CASE("a failing stage stops the later ones and says so") {
  const Registry registry = scripted_registry();
  auto result = run_validation(registry, request_with("parse-error"), "id");
  REQUIRE(result);
  CHECK(result->verdict == Verdict::kFail);
  CHECK(result->score == 0.0);
  CHECK(result->stages[0].status == StageStatus::kFail);
  CHECK(result->stages[1].status == StageStatus::kSkipped);
  CHECK(result->stages[1].reason == "not run: the parse stage did not pass");
  REQUIRE(result->diagnostics.size() == 1);
  const Diagnostic& d = result->diagnostics[0];
  CHECK(d.code == "fake_syntax_error");
  CHECK(d.stage == Stage::kParse);
  CHECK(d.validator == "fake");
  CHECK(d.location == Location{"a.fake", 2, 3});
}

TEST_CASE("a check failure scores above a parse failure") {
  const Registry registry = scripted_registry();
  auto result = run_validation(registry, request_with("check-error"), "id");
  REQUIRE(result);
  CHECK(result->stages[1].status == StageStatus::kFail);
  CHECK(result->score == Approx(0.25));
}

TEST_CASE("a validator that throws gives verdict error, not a crash") {
  const Registry registry = scripted_registry();
  auto result = run_validation(registry, request_with("throw"), "id");
  REQUIRE(result);
  CHECK(result->verdict == Verdict::kError);
  CHECK(result->stages[1].status == StageStatus::kError);
  CHECK_THAT(result->stages[1].reason, Catch::Contains("exploded"));
}

TEST_CASE("only the requested stages run") {
  const Registry registry = scripted_registry();
  ValidationRequest request = request_with("check-error");
  request.options.stages = {Stage::kParse};
  auto result = run_validation(registry, request, "id");
  REQUIRE(result);
  REQUIRE(result->stages.size() == 1);
  CHECK(result->verdict == Verdict::kPass);
}

TEST_CASE("files that are not UTF-8 fail the parse stage with the validator's code") {
  const Registry registry = scripted_registry();
  ValidationRequest request = request_with("fine\nab\xFF");
  auto result = run_validation(registry, request, "id");
  REQUIRE(result);
  CHECK(result->verdict == Verdict::kFail);
  REQUIRE(result->diagnostics.size() == 1);
  CHECK(result->diagnostics[0].code == "fake_encoding_error");
  CHECK(result->diagnostics[0].location == Location{"a.fake", 2, 3});
  CHECK(result->stages[0].status == StageStatus::kFail);
  CHECK(result->stages[1].status == StageStatus::kSkipped);
}

TEST_CASE("a file that is not UTF-8 does not hide the other files' errors") {
  const Registry registry = scripted_registry();
  ValidationRequest request = request_with("parse-error");
  request.files.push_back({"b.fake", "\xFF"});
  request.files.push_back({"c.fake", "fine"});
  auto result = run_validation(registry, request, "id");
  REQUIRE(result);
  REQUIRE(result->diagnostics.size() == 2);
  CHECK(result->diagnostics[0].code == "fake_encoding_error");
  CHECK(result->diagnostics[0].location->file == "b.fake");
  CHECK(result->diagnostics[1].code == "fake_syntax_error");
  CHECK(result->diagnostics[1].location->file == "a.fake");

  // Only the bad file has errors: the parse stage still fails, and check does not run.
  request.files[0].content = "check-error";
  result = run_validation(registry, request, "id");
  REQUIRE(result);
  CHECK(result->verdict == Verdict::kFail);
  CHECK(result->score == 0.0);
  CHECK(result->stages[0].status == StageStatus::kFail);
  CHECK(result->stages[1].status == StageStatus::kSkipped);
  REQUIRE(result->diagnostics.size() == 1);
}

TEST_CASE("unknown kinds, dialects and environments are request errors") {
  const Registry registry = scripted_registry();
  ValidationRequest request = request_with("fine");
  request.kind = "cobol";
  auto result = run_validation(registry, request, "id");
  REQUIRE_FALSE(result);
  CHECK(result.status().code() == "kind_unknown");
  CHECK_THAT(result.status().message(), Catch::Contains("known kinds: fake"));

  request.kind = "fake";
  request.dialect = "three";
  result = run_validation(registry, request, "id");
  REQUIRE_FALSE(result);
  CHECK(result.status().code() == "request_invalid");
  CHECK_THAT(result.status().message(), Catch::Contains("supported: one, two"));

  // A named environment is the service's to check (handlers_test); the pipeline runs.
  request.dialect = "two";
  request.environment = "telco-5g";
  result = run_validation(registry, request, "id");
  CHECK(result);
}

TEST_CASE("an expectation the validator cannot check is a warning") {
  const Registry registry = scripted_registry();
  ValidationRequest request = request_with("fine");
  request.expect = {{"rows", {{1}}}};
  auto result = run_validation(registry, request, "id");
  REQUIRE(result);
  CHECK(result->verdict == Verdict::kPass);
  CHECK(result->score < 1.0);
  REQUIRE(result->diagnostics.size() == 1);
  CHECK(result->diagnostics[0].code == "expect_not_checked");
  CHECK(result->diagnostics[0].severity == Severity::kWarning);
}

namespace {

// A validator whose run stage has nothing to do (skip), or skips and still reports an error.
class SkippingValidator : public Validator {
 public:
  using Validator::Validator;
  std::unique_ptr<ValidationJob> start(const ValidationRequest& request) const override {
    return std::make_unique<Job>(request.files.front().content);
  }

 private:
  struct Job : ValidationJob {
    explicit Job(std::string c) : content(std::move(c)) {}
    void parse(StageReport&) override {}
    void run(StageReport& report) override {
      report.skip("nothing to run for this artefact");
      if (content == "and-fail") report.error("fake_run", "bad expectation", std::nullopt);
    }
    std::string content;
  };
};

}  // namespace

TEST_CASE("a stage that says it has nothing to do is skipped with its reason, unless it failed") {
  Registry registry;
  registry.add(std::make_unique<SkippingValidator>(ValidatorInfo{
      .name = "skipper", .version = "1", .kinds = {"skip"}, .stages = {Stage::kParse, Stage::kRun}}));
  ValidationRequest request;
  request.kind = "skip";
  request.files = {{"a.x", "fine"}};
  auto result = run_validation(registry, request, "id");
  REQUIRE(result);
  REQUIRE(result->stages.size() == 3);
  CHECK(result->stages[2].status == StageStatus::kSkipped);
  CHECK(result->stages[2].reason == "nothing to run for this artefact");
  CHECK(result->verdict == Verdict::kPass);

  request.files = {{"a.x", "and-fail"}};
  result = run_validation(registry, request, "id");
  REQUIRE(result);
  CHECK(result->stages[2].status == StageStatus::kFail);
  CHECK(result->verdict == Verdict::kFail);
}
