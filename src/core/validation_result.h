// ValidationResult: everything assay answers about one validation (DESIGN.md, Response).
//
// Stages appear in order; a stage that did not run because an earlier one failed has status
// kSkipped and a reason. Diagnostics of every severity are listed under "errors" in the JSON
// shape, each with its severity. Plain values: thread-compatible.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "src/core/diagnostic.h"

namespace assay {

enum class Verdict { kPass, kFail, kError };

// kError: the validator could not decide (an internal fault), which is not the artefact's fault.
enum class StageStatus { kPass, kFail, kSkipped, kError };

struct StageResult {
  Stage stage = Stage::kParse;
  StageStatus status = StageStatus::kPass;
  double duration_ms = 0;
  std::string reason;  // why it was skipped or errored; empty otherwise

  friend bool operator==(const StageResult&, const StageResult&) = default;
};

enum class TestStatus { kPass, kFail, kError, kSkip };

struct TestCase {
  std::string name;
  TestStatus status = TestStatus::kPass;
  std::string message;
  std::optional<Location> location;
  double duration_ms = 0;

  friend bool operator==(const TestCase&, const TestCase&) = default;
};

struct TestResults {
  int passed = 0;
  int failed = 0;  // failed and errored tests
  std::vector<TestCase> results;

  friend bool operator==(const TestResults&, const TestResults&) = default;
};

// How a sandboxed run ended; all zero/empty when nothing ran in a sandbox.
struct SandboxUsage {
  double wall_ms = 0;
  double cpu_ms = 0;
  long max_rss_kb = 0;
  std::optional<int> exit_code;
  std::optional<int> signal;
  std::optional<std::string> violation;  // e.g. "timeout", "syscall:socket"

  friend bool operator==(const SandboxUsage&, const SandboxUsage&) = default;
};

struct ValidationResult {
  std::string validation_id;
  std::string kind;
  std::string validator;          // name of the validator that ran
  std::string validator_version;  // its version
  Verdict verdict = Verdict::kPass;
  double score = 1.0;
  std::vector<StageResult> stages;
  std::vector<Diagnostic> diagnostics;
  TestResults tests;
  SandboxUsage sandbox;
  double duration_ms = 0;

  friend bool operator==(const ValidationResult&, const ValidationResult&) = default;
};

std::string_view to_string(Verdict verdict);
std::string_view to_string(StageStatus status);
std::string_view to_string(TestStatus status);
bool parse_verdict(std::string_view text, Verdict& out);
bool parse_stage_status(std::string_view text, StageStatus& out);
bool parse_test_status(std::string_view text, TestStatus& out);

}  // namespace assay
