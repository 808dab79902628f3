// The Rego conformance runner: reads every case of the suites under ../shared/conformance/
// (OPA's own, rego-cpp's, regorus's where present), compiles its modules and query, evaluates the
// query against the case's data and input, and compares the outcome with what the case wants
// (case_eval.h): results, error codes, printed output. regorus's lexer and parser cases are
// judged by whether the text lexes and parses.
//
// Prints `suite: N passed, N failed, N skipped` per suite and fails when a suite's pass count
// is below the one recorded in ratchet.txt (raise it as the engine improves:
// `rego_conformance --update-ratchet`). `--verbose` lists every failure with its reason.
// Where the suites are absent, says so and succeeds.
//
// usage: rego_conformance [--suites DIR] [--ratchet FILE] [--verbose] [--update-ratchet]
//                         [--only SUBSTRING]  (cases of the files whose path contains it)
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "src/rego/lexer.h"
#include "src/rego/parser.h"
#include "tests/conformance/case_eval.h"

namespace fs = std::filesystem;
using namespace assay::rego;
namespace conformance = assay::conformance;

namespace {

struct Tally {
  int passed = 0, failed = 0, skipped = 0;
  int parsed_as_v0 = 0;  // modules accepted only by the v0 parser (old cases kept in v1/)
};

struct Options {
  fs::path suites;
  fs::path ratchet;
  bool verbose = false;
  bool update_ratchet = false;
  std::string only;
};

std::string scalar(const YAML::Node& node, const char* key) {
  const YAML::Node value = node[key];
  return value && value.IsScalar() ? value.Scalar() : "";
}

// regorus's lexer and parser cases hold their text under `rego`: a lexer case is judged by
// whether assay's lexer reports an error (or an illegal token), a parser case by whether the
// text parses as a module (v1, or v0 as regorus also accepts).
std::optional<RegoError> lexer_or_parser_error(const YAML::Node& test, bool lexer) {
  const std::string text = scalar(test, "rego");
  if (lexer) {
    Lexer tokens(text);
    for (int guard = 0; guard < 1000000; ++guard) {
      const Token token = tokens.Next();
      if (token.kind == Tok::kIllegal || !tokens.errors().empty()) {
        return RegoError{kParseError, tokens.errors().empty() ? "illegal token" : tokens.errors().front(), "", {}};
      }
      if (token.kind == Tok::kEof) break;
    }
    return std::nullopt;
  }
  ParsedModule parsed = parse_module("test.rego", text, {RegoVersion::kV1, 10});
  if (parsed.errors.empty()) return std::nullopt;
  if (parse_module("test.rego", text, {RegoVersion::kV0, 10}).errors.empty()) return std::nullopt;
  return parsed.errors.front();
}

void run_case(const YAML::Node& test, const fs::path& file, conformance::Schema schema,
              Tally& tally, const Options& options) {
  const std::string note = scalar(test, "note");
  const std::string path = file.string();
  if ((test["skip"] && test["skip"].IsScalar() && test["skip"].Scalar() == "true") ||
      test["skip_interpreter"] || test["entry_points"] || test["want_results"]) {
    ++tally.skipped;  // the suite's own engine-specific cases (regorus's RVM entry points)
    return;
  }
  conformance::Verdict verdict;
  if (test["rego"]) {
    const bool lexer = path.find("/lexer/") != std::string::npos;
    const std::optional<RegoError> error = lexer_or_parser_error(test, lexer);
    const bool want_error = static_cast<bool>(test["error"]);
    verdict.kind = error.has_value() == want_error ? conformance::Verdict::kPass
                                                   : conformance::Verdict::kFail;
    verdict.why = want_error ? "want a parse error, got none" : "unexpected " + (error ? error->message : "");
  } else {
    try {
      verdict = conformance::judge_case(test, file.parent_path(), schema, path);
    } catch (const std::exception& e) {
      verdict.why = std::string("exception: ") + e.what();
    }
  }
  if (verdict.parsed_as_v0) ++tally.parsed_as_v0;
  switch (verdict.kind) {
    case conformance::Verdict::kPass:
      ++tally.passed;
      return;
    case conformance::Verdict::kSkip:
      ++tally.skipped;
      if (options.verbose) std::printf("  skip %s [%s]: %s\n", path.c_str(), note.c_str(), verdict.why.c_str());
      return;
    case conformance::Verdict::kFail:
      ++tally.failed;
      if (options.verbose) std::printf("  FAIL %s [%s]: %s\n", path.c_str(), note.c_str(), verdict.why.c_str());
      return;
  }
}

std::vector<fs::path> yaml_files(const fs::path& root) {
  std::vector<fs::path> files;
  if (!fs::is_directory(root)) return files;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    const std::string extension = entry.path().extension().string();
    if (entry.is_regular_file() && (extension == ".yaml" || extension == ".yml")) {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

// Runs every case of the YAML files below `root`.
Tally run_suite(const fs::path& root, conformance::Schema schema, const Options& options) {
  Tally tally;
  for (const fs::path& file : yaml_files(root)) {
    if (!options.only.empty() && file.string().find(options.only) == std::string::npos) continue;
    YAML::Node document;
    try {
      document = YAML::LoadFile(file.string());
    } catch (const YAML::Exception& e) {
      ++tally.skipped;  // a few regorus files use YAML this parser refuses
      if (options.verbose) std::printf("  skip %s: unreadable YAML: %s\n", file.c_str(), e.what());
      continue;
    }
    const YAML::Node cases = document["cases"];
    if (!cases || !cases.IsSequence()) continue;
    for (const YAML::Node& test : cases) run_case(test, file, schema, tally, options);
  }
  return tally;
}

std::map<std::string, int> read_ratchet(const fs::path& path) {
  std::map<std::string, int> floors;
  std::ifstream file(path);
  std::string suite;
  int count = 0;
  while (file >> suite >> count) floors[suite] = count;
  return floors;
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  options.suites = fs::path(ASSAY_SOURCE_DIR) / ".." / "shared" / "conformance";
  options.ratchet = fs::path(ASSAY_SOURCE_DIR) / "tests" / "conformance" / "ratchet.txt";
  if (const char* dir = std::getenv("ASSAY_CONFORMANCE_DIR")) options.suites = dir;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--verbose") {
      options.verbose = true;
    } else if (arg == "--update-ratchet") {
      options.update_ratchet = true;
    } else if (arg == "--suites" && i + 1 < argc) {
      options.suites = argv[++i];
    } else if (arg == "--only" && i + 1 < argc) {
      options.only = argv[++i];
    } else if (arg == "--ratchet" && i + 1 < argc) {
      options.ratchet = argv[++i];
    } else {
      std::fprintf(stderr, "usage: %s [--suites DIR] [--ratchet FILE] [--verbose] [--update-ratchet]\n", argv[0]);
      return 2;
    }
  }
  if (!fs::is_directory(options.suites)) {
    std::printf("conformance suites not found at %s: skipped\n", options.suites.c_str());
    return 0;
  }

  std::map<std::string, Tally> results;
  using conformance::Schema;
  if (fs::is_directory(options.suites / "opa")) {
    results["opa"] = run_suite(options.suites / "opa", Schema::kOpa, options);
  }
  if (fs::is_directory(options.suites / "rego-cpp")) {
    results["rego-cpp"] = run_suite(options.suites / "rego-cpp", Schema::kOpa, options);
  }
  if (fs::is_directory(options.suites / "regorus")) {
    results["regorus"] = run_suite(options.suites / "regorus", Schema::kRegorus, options);
  }

  const std::map<std::string, int> floors = read_ratchet(options.ratchet);
  bool below = false;
  std::ofstream update;
  if (options.update_ratchet) update.open(options.ratchet);
  for (const auto& [suite, tally] : results) {
    std::printf("%s: %d passed, %d failed, %d skipped", suite.c_str(), tally.passed, tally.failed,
                tally.skipped);
    if (tally.parsed_as_v0 > 0) std::printf(" (%d modules parsed as v0)", tally.parsed_as_v0);
    const auto floor = floors.find(suite);
    if (floor != floors.end()) {
      std::printf(" [ratchet %d]", floor->second);
      if (tally.passed < floor->second) below = true;
    }
    std::printf("\n");
    if (options.update_ratchet) update << suite << " " << tally.passed << "\n";
  }
  if (below) std::printf("a suite passed fewer cases than ratchet.txt records\n");
  return below && options.only.empty() ? 1 : 0;
}
