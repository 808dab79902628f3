// libFuzzer target for the Rego evaluator: every input that parses and compiles as a module is
// evaluated in full (the query `data`, which evaluates every rule), with a small step and depth
// budget, against a fixed input. Crashes, sanitizer reports, hangs and unbounded memory fail the
// run; undefined results and evaluation errors are expected outcomes.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "src/rego/compiler.h"
#include "src/rego/eval/evaluator.h"
#include "src/rego/parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace assay::rego;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  ParsedModule parsed = parse_module("fuzz.rego", text, {});
  if (!parsed.module) return 0;
  std::vector<std::unique_ptr<Module>> modules;
  modules.push_back(std::move(parsed.module));
  CompileResult compiled = compile(std::move(modules), {});
  if (!compiled.errors.empty()) return 0;
  auto policy = PreparedPolicy::prepare(compiled);
  EvalOptions options;
  options.max_steps = 20000;
  options.max_depth = 100;
  options.now_ns = 1;
  std::string error;
  options.input = value_from_json(R"({"a": [1, "x", {"b": null}], "n": 3, "s": "text"})", &error);
  QueryResult result = evaluate_query(*policy, "x := data", options);
  // A result or an error, never both.
  if (result.error && !result.solutions.empty()) __builtin_trap();
  return 0;
}
