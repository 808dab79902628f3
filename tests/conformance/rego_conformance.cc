// The Rego conformance runner: reads every case of the suites under ../shared/conformance/
// (OPA's own, rego-cpp's, regorus's where present), parses and checks every module, query and
// input term with assay's Rego front end, and compares with what each case expects of it:
// a rego_* parse or compile error code where the case names one, no front-end error otherwise
// (evaluation, issue 5, is not judged here yet).
//
// Prints `suite: N passed, N failed, N skipped` per suite and fails when a suite's pass count
// is below the one recorded in ratchet.txt (raise it as the engine improves:
// `rego_conformance --update-ratchet`). `--verbose` lists every failure with its reason.
// Where the suites are absent, says so and succeeds.
//
// usage: rego_conformance [--suites DIR] [--ratchet FILE] [--verbose] [--update-ratchet]
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

#include "src/rego/compiler.h"
#include "src/rego/lexer.h"
#include "src/rego/parser.h"

namespace fs = std::filesystem;
using namespace assay::rego;

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
};

std::string read_text(const fs::path& path) {
  std::ifstream file(path, std::ios::binary);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

// What a case expects of the front end: nullopt for success, else the error code.
struct Expectation {
  std::optional<std::string> error_code;  // "rego_parse_error", "rego_compile_error", ...
  bool any_front_end_error = false;       // regorus parser/lexer cases: some error, any code
  bool judged_by_evaluation = false;      // an expected error that may come from evaluation
};

std::string scalar(const YAML::Node& node, const char* key) {
  const YAML::Node value = node[key];
  return value && value.IsScalar() ? value.Scalar() : "";
}

// The first front-end error of the case's modules, query and input term, or nullopt.
std::optional<RegoError> front_end_error(const YAML::Node& test, const fs::path& directory,
                                        Tally& tally, std::string& skip_reason) {
  std::vector<std::unique_ptr<Module>> modules;
  const YAML::Node list = test["modules"];
  if (list && list.IsSequence()) {
    int index = 0;
    for (const YAML::Node& entry : list) {
      std::string text = entry.IsScalar() ? entry.Scalar() : "";
      std::string name = "test-" + std::to_string(index++) + ".rego";
      // Some suites name module files next to the YAML instead of holding their text.
      if (text.find('\n') == std::string::npos && text.ends_with(".rego")) {
        const fs::path file = directory / text;
        if (!fs::exists(file)) {
          skip_reason = "module file " + file.string() + " is missing";
          return std::nullopt;
        }
        name = text;
        text = read_text(file);
      }
      ParsedModule parsed = parse_module(name, text, {RegoVersion::kV1, 10});
      if (!parsed.errors.empty()) {
        // Cases kept in OPA's v1 folder with v0 syntax: accept them through the v0 parser,
        // counted apart, when that parser takes them.
        ParsedModule old = parse_module(name, text, {RegoVersion::kV0, 10});
        if (!old.errors.empty()) return parsed.errors.front();
        ++tally.parsed_as_v0;
        parsed = std::move(old);
      }
      modules.push_back(std::move(parsed.module));
    }
  }
  if (const std::string term = scalar(test, "input_term"); !term.empty()) {
    ParsedTerm parsed = parse_term(term, {});
    if (!parsed.errors.empty()) return parsed.errors.front();
  }
  CompileResult compiled = compile(std::move(modules), {});
  if (!compiled.errors.empty()) return compiled.errors.front();
  if (const std::string query = scalar(test, "query"); !query.empty()) {
    ParsedQuery parsed = parse_query(query, {});
    if (!parsed.errors.empty()) return parsed.errors.front();
    std::vector<RegoError> errors = check_query(compiled, *parsed.body);
    if (!errors.empty()) return errors.front();
  }
  return std::nullopt;
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

// OPA's and rego-cpp's schema: want_error_code names front-end errors as rego_*.
Expectation opa_expectation(const YAML::Node& test) {
  Expectation expect;
  const std::string code = scalar(test, "want_error_code");
  if (code.rfind("rego_", 0) == 0) expect.error_code = code;
  return expect;
}

// regorus's parser and lexer cases: an `error` means some parse error, of any wording. Its
// interpreter cases name an error by regorus's wording, which does not say whether OPA raises
// it when compiling or when evaluating; those are left to evaluation (skipped here).
Expectation regorus_expectation(const YAML::Node& test, bool parser_suite) {
  Expectation expect;
  if (parser_suite && test["error"]) expect.any_front_end_error = true;
  if (!parser_suite && test["error"]) expect.judged_by_evaluation = true;
  return expect;
}

void run_case(const YAML::Node& test, const fs::path& file, const Expectation& expect,
              Tally& tally, const Options& options) {
  const std::string note = scalar(test, "note");
  if (expect.judged_by_evaluation ||
      (test["skip"] && test["skip"].IsScalar() && test["skip"].Scalar() == "true")) {
    ++tally.skipped;
    return;
  }
  std::string skip_reason;
  std::optional<RegoError> error =
      test["rego"] ? lexer_or_parser_error(test, file.string().find("/lexer/") != std::string::npos)
                   : front_end_error(test, file.parent_path(), tally, skip_reason);
  if (!skip_reason.empty()) {
    ++tally.skipped;
    if (options.verbose) std::printf("  skip %s [%s]: %s\n", file.c_str(), note.c_str(), skip_reason.c_str());
    return;
  }
  bool pass;
  std::string why;
  if (expect.error_code) {
    pass = error && error->code == *expect.error_code;
    why = "want " + *expect.error_code + ", got " + (error ? error->code + ": " + error->message : "no error");
  } else if (expect.any_front_end_error) {
    pass = error.has_value();
    why = "want a parse error, got none";
  } else {
    pass = !error;
    why = error ? error->code + " " + error->file + ":" + std::to_string(error->location.row) + ":" +
                      std::to_string(error->location.col) + ": " + error->message
                : "";
  }
  (pass ? tally.passed : tally.failed)++;
  if (!pass && options.verbose) {
    std::printf("  FAIL %s [%s]: %s\n", file.c_str(), note.c_str(), why.c_str());
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

// Runs every case of the YAML files below `root`; `expectation` reads what a case expects.
template <typename ExpectationOf>
Tally run_suite(const fs::path& root, ExpectationOf expectation, const Options& options) {
  Tally tally;
  for (const fs::path& file : yaml_files(root)) {
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
    for (const YAML::Node& test : cases) run_case(test, file, expectation(test, file), tally, options);
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
  const auto opa = [](const YAML::Node& test, const fs::path&) { return opa_expectation(test); };
  if (fs::is_directory(options.suites / "opa")) results["opa"] = run_suite(options.suites / "opa", opa, options);
  if (fs::is_directory(options.suites / "rego-cpp")) {
    results["rego-cpp"] = run_suite(options.suites / "rego-cpp", opa, options);
  }
  if (fs::is_directory(options.suites / "regorus")) {
    results["regorus"] = run_suite(
        options.suites / "regorus",
        [](const YAML::Node& test, const fs::path& file) {
          const std::string path = file.string();
          const bool parser = path.find("/parser/") != std::string::npos ||
                              path.find("/lexer/") != std::string::npos;
          return regorus_expectation(test, parser);
        },
        options);
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
  return below ? 1 : 0;
}
