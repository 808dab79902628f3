#include "src/cli/test_command.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>

#include "src/cli/cli_args.h"
#include "src/cli/exit_codes.h"
#include "src/cli/report_printer.h"
#include "src/cli/usage.h"
#include "src/cli/validation_runner.h"
#include "src/core/report_formats.h"

namespace assay::cli {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kCommand = "test";
constexpr int kDefaultTimeoutMs = 30000;  // a whole test suite, not one query
constexpr size_t kMaxFiles = 1000;

// "<whole>.<fraction>" with the fraction's trailing zeros (and a bare point) removed.
std::string with_fraction(int64_t value, int64_t unit, int digits) {
  std::string text = std::to_string(value / unit);
  std::string fraction = std::to_string(value % unit);
  fraction.insert(0, static_cast<size_t>(digits) - fraction.size(), '0');
  while (!fraction.empty() && fraction.back() == '0') fraction.pop_back();
  if (!fraction.empty()) text += "." + fraction;
  return text;
}

Result<std::vector<ArtefactFile>> collect_rego_files(const std::vector<std::string>& operands) {
  std::vector<ArtefactFile> files;
  std::vector<std::string> paths;
  for (const std::string& operand : operands) {
    std::error_code error;
    if (fs::is_directory(operand, error)) {
      std::vector<std::string> found;
      for (auto it = fs::recursive_directory_iterator(operand, error);
           !error && it != fs::recursive_directory_iterator(); it.increment(error)) {
        if (it->is_regular_file(error) && it->path().extension() == ".rego") {
          found.push_back(it->path().lexically_normal().generic_string());
        }
      }
      if (error) return Status::error("file_unreadable", operand + ": " + error.message());
      std::sort(found.begin(), found.end());
      paths.insert(paths.end(), found.begin(), found.end());
    } else if (fs::is_regular_file(operand, error)) {
      paths.push_back(fs::path(operand).lexically_normal().generic_string());
    } else {
      return Status::error("file_unreadable", "cannot read " + operand + ": no such file or directory");
    }
  }
  for (const std::string& path : paths) {
    if (std::any_of(files.begin(), files.end(), [&](const auto& f) { return f.path == path; })) {
      continue;
    }
    if (files.size() >= kMaxFiles) {
      return Status::error("usage_error", "more than " + std::to_string(kMaxFiles) + " .rego files");
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) return Status::error("file_unreadable", "cannot read " + path);
    files.push_back({path, std::string((std::istreambuf_iterator<char>(in)),
                                       std::istreambuf_iterator<char>())});
  }
  return files;
}

// "data.pkg.test_x" → ("data.pkg", "test_x").
std::pair<std::string, std::string> split_test_name(const std::string& full) {
  const size_t dot = full.rfind('.');
  if (dot == std::string::npos) return {"", full};
  return {full.substr(0, dot), full.substr(dot + 1)};
}

std::string_view outcome(TestStatus status) {
  switch (status) {
    case TestStatus::kPass:
      return "PASS";
    case TestStatus::kFail:
      return "FAIL";
    case TestStatus::kSkip:
      return "SKIPPED";
    case TestStatus::kError:
      return "ERROR";
  }
  return "ERROR";
}

// The print() output the run stage appended to a test's message, if any.
std::pair<std::string, std::string> split_output(const std::string& message) {
  static constexpr std::string_view kMarker = "\nprint output:\n";
  const size_t at = message.find(kMarker);
  if (at == std::string::npos) return {message, ""};
  return {message.substr(0, at), message.substr(at + kMarker.size())};
}

void print_text(const TestResults& tests, bool verbose, std::ostream& out) {
  bool dirty = false;
  int pass = 0, fail = 0, skip = 0, errors = 0;
  for (const TestCase& test : tests.results) {
    switch (test.status) {
      case TestStatus::kPass: ++pass; break;
      case TestStatus::kFail: ++fail; break;
      case TestStatus::kSkip: ++skip; break;
      case TestStatus::kError: ++errors; break;
    }
    const auto [message, printed] = split_output(test.message);
    if (verbose || test.status != TestStatus::kPass) {
      if (test.location) out << test.location->file << ":" << test.location->row << ":\n";
      out << test.name << ": " << outcome(test.status);
      if (test.status != TestStatus::kSkip) out << " (" << go_duration(test.duration_ms) << ")";
      out << "\n";
      dirty = true;
      if (!printed.empty()) {
        out << "\n";
        size_t start = 0;
        while (start < printed.size()) {
          const size_t end = printed.find('\n', start);
          out << "  " << printed.substr(start, end - start) << "\n";
          if (end == std::string::npos) break;
          start = end + 1;
        }
        out << "\n";
      }
    }
    if (test.status == TestStatus::kError) {
      out << "  ";
      if (test.location) out << test.location->file << ":" << test.location->row << ": ";
      out << message << "\n";
    }
  }
  if (dirty) out << std::string(80, '-') << "\n";
  const int total = pass + fail + skip + errors;
  if (pass != 0) out << "PASS: " << pass << "/" << total << "\n";
  if (fail != 0) out << "FAIL: " << fail << "/" << total << "\n";
  if (skip != 0) out << "SKIPPED: " << skip << "/" << total << "\n";
  if (errors != 0) out << "ERROR: " << errors << "/" << total << "\n";
}

void print_json(const TestResults& tests, std::ostream& out) {
  nlohmann::json results = nlohmann::json::array();
  for (const TestCase& test : tests.results) {
    const auto [package, name] = split_test_name(test.name);
    nlohmann::json one = {{"package", package}, {"name", name}};
    if (test.location) {
      one["location"] = {{"file", test.location->file},
                         {"row", test.location->row},
                         {"col", test.location->col}};
    }
    if (test.status == TestStatus::kFail) one["fail"] = true;
    if (test.status == TestStatus::kSkip) one["skip"] = true;
    if (test.status == TestStatus::kError) one["error"] = {{"message", split_output(test.message).first}};
    one["duration"] = std::llround(test.duration_ms * 1e6);
    results.push_back(std::move(one));
  }
  out << results.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
}

Result<int> timeout_from_flag(const std::optional<std::string>& text) {
  if (!text) return kDefaultTimeoutMs;
  int value = 0;
  const auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (error != std::errc() || end != text->data() + text->size() || value <= 0 || value > 600000) {
    return Status::error("usage_error", "--timeout-ms needs an integer in 1..600000");
  }
  return value;
}

}  // namespace

std::string go_duration(double milliseconds) {
  if (!std::isfinite(milliseconds) || milliseconds <= 0) return "0s";
  const int64_t ns = std::llround(std::min(milliseconds, 1e12) * 1e6);
  if (ns == 0) return "0s";
  if (ns < 1000) return std::to_string(ns) + "ns";
  if (ns < 1'000'000) return with_fraction(ns, 1000, 3) + "µs";
  if (ns < 1'000'000'000) return with_fraction(ns, 1'000'000, 6) + "ms";
  const int64_t hours = ns / 3'600'000'000'000, minutes = ns / 60'000'000'000 % 60;
  std::string text;
  if (hours > 0) text += std::to_string(hours) + "h";
  if (hours > 0 || minutes > 0) text += std::to_string(minutes) + "m";
  return text + with_fraction(ns % 60'000'000'000, 1'000'000'000, 9) + "s";
}

int run_test(const std::vector<std::string>& args, std::istream& /*in*/, std::ostream& out,
             std::ostream& err, const Registry& registry) {
  Result<ParsedArgs> parsed = parse_args(
      args, {.with_value = {"--run", "--format", "--dialect", "--timeout-ms", "--server"},
             .switches = {"--help", "--verbose", "-v"}});
  if (!parsed) return report_usage_error(err, kCommand, parsed.status().message());
  if (parsed->has("--help")) {
    out << command_usage(kCommand) << "\n";
    return kExitClean;
  }
  const std::string format = parsed->value("--format").value_or("text");
  if (format != "text" && format != "json") {
    return report_usage_error(err, kCommand, "--format must be text or json, not '" + format + "'");
  }
  Result<int> timeout = timeout_from_flag(parsed->value("--timeout-ms"));
  if (!timeout) return report_usage_error(err, kCommand, timeout.status().message());
  if (parsed->operands().empty()) return report_usage_error(err, kCommand, "no directory given");

  Result<std::vector<ArtefactFile>> files = collect_rego_files(parsed->operands());
  if (!files) {
    err << "assay test: " << files.status().message() << "\n";
    return kExitNotJudged;
  }
  if (files->empty()) {
    err << "assay test: no .rego files found\n";
    return kExitNotJudged;
  }

  ValidationRequest request;
  request.kind = "rego";
  request.files = std::move(files).value();
  request.dialect = parsed->value("--dialect").value_or("");
  if (const auto filter = parsed->value("--run")) request.expect = {{"test_filter", *filter}};
  request.options.timeout_ms = *timeout;
  Result<ValidationResult> result =
      validate_request(request, registry, parsed->value("--server").value_or(""));
  if (!result) {
    print_request_error(err, result.status());
    return kExitNotJudged;
  }

  // Findings that are not test outcomes (parse and compile errors, sandbox ends) come first,
  // gcc-style; a test's own failure or error is its line of the report.
  bool other_errors = false;
  for (const Diagnostic& d : text_findings(*result)) {
    if (d.code == "rego_test_failed") continue;
    const bool of_a_test = d.stage == Stage::kRun && d.message.rfind("test data.", 0) == 0;
    if (of_a_test) continue;
    if (d.severity == Severity::kError) other_errors = true;
    err << text_line(d) << "\n";
  }
  if (format == "json") {
    print_json(result->tests, out);
  } else {
    print_text(result->tests, parsed->has("--verbose") || parsed->has("-v"), out);
    if (result->tests.results.empty() && !other_errors) out << "no test cases found\n";
  }
  if (result->verdict == Verdict::kError) return kExitNotJudged;
  return other_errors || result->tests.failed > 0 ? kExitFindings : kExitClean;
}

}  // namespace assay::cli
