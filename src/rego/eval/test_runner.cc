#include "src/rego/eval/test_runner.h"

#include <cctype>
#include <chrono>
#include <set>

#include "src/rego/eval/eval_state.h"

namespace assay::rego {

namespace {

// The package as a ref text for queries: data.a.b, with keys that are not identifiers quoted.
std::string package_ref(const ir::ModuleIr* m) {
  std::string out = "data";
  for (size_t i = 1; i < m->package.size(); ++i) {
    const ir::Term* t = m->package[i];
    bool identifier = !t->text.empty();
    for (char c : t->text) {
      if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_')) identifier = false;
    }
    if (identifier && std::isdigit(static_cast<unsigned char>(t->text[0]))) identifier = false;
    out += identifier ? "." + t->text : "[" + value_to_json(Value::string(t->text)) + "]";
  }
  return out;
}

}  // namespace

std::vector<RegoTestResult> run_tests(const PreparedPolicy& policy, const EvalOptions& options,
                                      const std::string& filter) {
  return run_tests(policy, options, [&filter](std::string_view full) {
    return filter.empty() || full.find(filter) != std::string_view::npos;
  });
}

std::vector<RegoTestResult> run_tests(const PreparedPolicy& policy, const EvalOptions& options,
                                      const std::function<bool(std::string_view)>& select) {
  std::vector<RegoTestResult> results;
  const ir::Policy& p = *policy.index().policy;
  std::set<std::string> seen;
  for (const ir::ModuleIr* m : p.modules) {
    const std::string package = package_ref(m);
    for (const ir::RuleIr* r : m->rules) {
      if (r->is_else || r->ref.size() != 1 || !r->args.empty()) continue;
      const std::string& name = p.names.text(r->ref[0]->var);
      const bool todo = name.rfind("todo_test_", 0) == 0;
      if (!todo && name.rfind("test_", 0) != 0) continue;
      const std::string full = package + "." + name;
      if (!select(full)) continue;
      if (!seen.insert(full).second) continue;
      RegoTestResult t;
      t.package = package;
      t.name = name;
      t.file = m->file;
      t.location = r->location;
      if (todo) {
        t.skip = true;
        results.push_back(std::move(t));
        continue;
      }
      EvalOptions each = options;
      each.print = [&t, &options](const std::string& line) {
        t.output.push_back(line);
        if (options.print) options.print(line);
      };
      const auto start = std::chrono::steady_clock::now();
      QueryResult q = evaluate_query(policy, "x := " + full, each);
      t.duration_ms = std::chrono::duration<double, std::milli>(
                          std::chrono::steady_clock::now() - start)
                          .count();
      if (q.error) {
        t.error = q.error;
      } else {
        bool passed = false;
        for (const Bindings& b : q.solutions) {
          for (const auto& [var, v] : b) {
            if (var == "x" && !(v.is_boolean() && !v.as_boolean())) passed = true;
          }
        }
        t.fail = !passed;
      }
      results.push_back(std::move(t));
    }
  }
  return results;
}

}  // namespace assay::rego
