// A smoke run of compile() over every module set of the conformance suites
// (../shared/conformance/opa and rego-cpp), run by hand, not by CTest (the test is hidden):
//
//   rego_tests "[.smoke]"
//
// Each case's modules are parsed (v1, else v0 as the conformance runner does; cases that do not
// parse are the parser's business and skipped) and compiled. OPA compiles all of them without
// error except where a case names a rego_* error code, so any other error is a false positive of
// this compiler: the run lists each with its case and prints the totals and the median compile
// time per module set. Module files named by a case are read from next to its YAML file.
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "src/rego/compiler.h"
#include "src/rego/parser.h"

namespace fs = std::filesystem;
using namespace assay::rego;

namespace {

std::string ReadText(const fs::path& path) {
  std::ifstream file(path, std::ios::binary);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

std::vector<fs::path> YamlFiles(const fs::path& root) {
  std::vector<fs::path> files;
  if (!fs::is_directory(root)) return files;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    const std::string ext = entry.path().extension().string();
    if (entry.is_regular_file() && (ext == ".yaml" || ext == ".yml")) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

struct Tally {
  int cases = 0, compiled = 0, clean = 0, expected_errors = 0, skipped = 0;
  std::vector<std::string> false_positives;
  std::vector<std::string> missed;  // a rego_* code the case wants that did not come out
  int queries = 0;                  // queries checked against a cleanly compiled policy
  std::vector<std::string> query_false_positives;
  std::vector<double> millis;
};

void RunCase(const YAML::Node& test, const fs::path& file, Tally& tally) {
  const YAML::Node list = test["modules"];
  if (!list || !list.IsSequence() || list.size() == 0) return;
  ++tally.cases;
  std::vector<std::unique_ptr<Module>> modules;
  int index = 0;
  for (const YAML::Node& entry : list) {
    std::string text = entry.IsScalar() ? entry.Scalar() : "";
    std::string name = "test-" + std::to_string(index++) + ".rego";
    if (text.find('\n') == std::string::npos && text.ends_with(".rego")) {
      const fs::path path = file.parent_path() / text;
      if (!fs::exists(path)) {
        ++tally.skipped;
        return;
      }
      name = text;
      text = ReadText(path);
    }
    ParsedModule parsed = parse_module(name, text, {RegoVersion::kV1, 10});
    if (!parsed.errors.empty()) parsed = parse_module(name, text, {RegoVersion::kV0, 10});
    if (!parsed.errors.empty()) {
      ++tally.skipped;
      return;
    }
    modules.push_back(std::move(parsed.module));
  }
  ++tally.compiled;
  const auto start = std::chrono::steady_clock::now();
  CompileResult result = compile(std::move(modules), {});
  tally.millis.push_back(
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
  const std::string note = test["note"] ? test["note"].as<std::string>() : "";
  const std::string want =
      test["want_error_code"] ? test["want_error_code"].as<std::string>() : std::string();
  if (want.rfind("rego_", 0) == 0) {
    ++tally.expected_errors;
    if (result.errors.empty() || result.errors[0].code != want) {
      tally.missed.push_back(file.string() + " [" + note + "]: want " + want);
    }
    return;
  }
  if (result.errors.empty()) {
    ++tally.clean;
    const std::string query =
        test["query"] && test["query"].IsScalar() ? test["query"].Scalar() : "";
    ParsedQuery parsed = parse_query(query, {});
    if (query.empty() || !parsed.errors.empty() || !parsed.body) return;
    ++tally.queries;
    std::vector<RegoError> errors = check_query(result, *parsed.body);
    if (!errors.empty()) {
      tally.query_false_positives.push_back(file.string() + " [" + note + "] " + query + ": " +
                                            errors[0].code + ": " + errors[0].message);
    }
    return;
  }
  const RegoError& e = result.errors[0];
  tally.false_positives.push_back(file.string() + " [" + note + "]: " + e.code + " " + e.file +
                                  ":" + std::to_string(e.location.row) + ":" +
                                  std::to_string(e.location.col) + ": " + e.message);
}

}  // namespace

TEST_CASE("compile every module set of the conformance suites", "[.smoke]") {
  fs::path root = fs::path(ASSAY_SOURCE_DIR) / ".." / "shared" / "conformance";
  if (const char* dir = std::getenv("ASSAY_CONFORMANCE_DIR")) root = dir;
  for (const char* suite : {"opa", "rego-cpp"}) {
    Tally tally;
    for (const fs::path& file : YamlFiles(root / suite)) {
      YAML::Node document;
      try {
        document = YAML::LoadFile(file.string());
      } catch (const YAML::Exception&) {
        continue;
      }
      const YAML::Node cases = document["cases"];
      if (!cases || !cases.IsSequence()) continue;
      for (const YAML::Node& test : cases) RunCase(test, file, tally);
    }
    for (const std::string& fp : tally.false_positives) std::printf("  FP %s\n", fp.c_str());
    for (const std::string& m : tally.missed) std::printf("  MISSED %s\n", m.c_str());
    for (const std::string& q : tally.query_false_positives)
      std::printf("  QUERY FP %s\n", q.c_str());
    std::printf("%s: %d queries checked, %d false positives\n", suite, tally.queries,
                static_cast<int>(tally.query_false_positives.size()));
    std::sort(tally.millis.begin(), tally.millis.end());
    const double median = tally.millis.empty() ? 0 : tally.millis[tally.millis.size() / 2];
    std::printf(
        "%s: %d cases, %d compiled (%d skipped: module not parsed or missing), %d clean, "
        "%d false positives, %d of %d expected rego_* errors found; median compile %.3f ms\n",
        suite, tally.cases, tally.compiled, tally.skipped, tally.clean,
        static_cast<int>(tally.false_positives.size()),
        tally.expected_errors - static_cast<int>(tally.missed.size()), tally.expected_errors,
        median);
    CHECK(tally.missed.empty());
  }
}
