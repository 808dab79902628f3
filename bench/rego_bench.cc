// make bench, part 4: the Rego front end. Median time to parse and check
//   (a) a 200-line policy (bench/data/policy200.rego), goal < 1 ms;
//   (b) every module of the conformance suites (../shared/conformance), one module set at a time,
//       in total, when the suites are present.
// The baseline in the same run is reading the policy's bytes into a string (a copy), so the ratio
// says how many copies of the text one parse+check costs.
//
// usage: rego_bench POLICY [SUITES_DIR]
#include <yaml-cpp/yaml.h>

#include <algorithm>
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

using Clock = std::chrono::steady_clock;

double median(std::vector<double> samples) {
  std::sort(samples.begin(), samples.end());
  return samples[samples.size() / 2];
}

double since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// Parses and checks `texts` as one policy; false when an error came out.
bool parse_and_check(const std::vector<std::string>& texts) {
  std::vector<std::unique_ptr<Module>> modules;
  for (size_t i = 0; i < texts.size(); ++i) {
    ParsedModule parsed = parse_module("m" + std::to_string(i) + ".rego", texts[i], {});
    if (!parsed.errors.empty()) return false;
    modules.push_back(std::move(parsed.module));
  }
  return compile(std::move(modules), {}).errors.empty();
}

// The module texts of every case of every YAML file below `root`.
std::vector<std::vector<std::string>> suite_module_sets(const fs::path& root) {
  std::vector<std::vector<std::string>> sets;
  if (!fs::is_directory(root)) return sets;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (entry.path().extension() != ".yaml") continue;
    try {
      const YAML::Node cases = YAML::LoadFile(entry.path().string())["cases"];
      if (!cases || !cases.IsSequence()) continue;
      for (const YAML::Node& test : cases) {
        std::vector<std::string> texts;
        for (const YAML::Node& module : test["modules"]) {
          if (module.IsScalar() && module.Scalar().find('\n') != std::string::npos) {
            texts.push_back(module.Scalar());
          }
        }
        if (!texts.empty()) sets.push_back(std::move(texts));
      }
    } catch (const YAML::Exception&) {
    }
  }
  return sets;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s POLICY [SUITES_DIR]\n", argv[0]);
    return 2;
  }
  std::ifstream file(argv[1]);
  std::stringstream buffer;
  buffer << file.rdbuf();
  const std::string policy = buffer.str();
  if (!parse_and_check({policy})) {
    std::fprintf(stderr, "%s does not parse and check cleanly\n", argv[1]);
    return 2;
  }
  std::vector<double> copies, checks;
  for (int i = 0; i < 500; ++i) {
    const auto start = Clock::now();
    std::string copy = policy;
    copies.push_back(since(start) + (copy.empty() ? 1 : 0));
  }
  for (int i = 0; i < 500; ++i) {
    const auto start = Clock::now();
    parse_and_check({policy});
    checks.push_back(since(start));
  }
  const long lines = std::count(policy.begin(), policy.end(), '\n');
  std::printf("Rego front end, %ld-line policy (%zu bytes), median of 500\n", lines, policy.size());
  std::printf("  parse + check          %8.3f ms   (goal < 1 ms)\n", median(checks));
  std::printf("  copying its text       %8.4f ms   ratio %.0fx\n", median(copies),
              median(checks) / std::max(median(copies), 1e-6));

  if (argc > 2) {
    const auto sets = suite_module_sets(argv[2]);
    if (!sets.empty()) {
      size_t clean = 0;
      const auto start = Clock::now();
      for (const auto& texts : sets) clean += parse_and_check(texts) ? 1 : 0;
      std::printf("  conformance modules: %zu module sets in %.1f ms (%zu clean)\n", sets.size(),
                  since(start), clean);
    }
  }
  return 0;
}
