#include "sandboxes/harness/rego_harness.h"

#include <re2/re2.h>

#include <cmath>
#include <exception>
#include <memory>
#include <optional>
#include <vector>

#include "src/rego/compiler.h"
#include "src/rego/eval/evaluator.h"
#include "src/rego/eval/test_runner.h"
#include "src/rego/parser.h"
#include "src/rego/value.h"

namespace assay::harness {
namespace {

using rego::Value;

constexpr size_t kMaxModules = 1000;
constexpr uint64_t kMaxSteps = 1'000'000'000;  // the sandbox's timeout bounds it anyway
constexpr size_t kMaxOutputLines = 10'000;     // print() in a loop must not fill the pipe
constexpr size_t kMaxOutputLineBytes = 4096;

// What a job asks for, read from its JSON.
struct Job {
  struct Module {
    std::string file;
    std::string text;
  };
  std::vector<Module> modules;
  rego::RegoVersion version = rego::RegoVersion::kV1;
  std::optional<std::string> query;
  bool tests = false;
  std::optional<std::string> test_filter;
  rego::EvalOptions options;
};

// A job that cannot be read: becomes {"job_error": ...}.
struct JobError {
  std::string message;
};

Value text(std::string_view s) { return Value::string(std::string(s)); }

Value object(std::vector<std::pair<std::string_view, Value>> members) {
  std::vector<rego::ObjectEntry> entries;
  entries.reserve(members.size());
  for (auto& [key, value] : members) entries.emplace_back(text(key), std::move(value));
  return Value::object(std::move(entries));
}

Value error_value(const rego::RegoError& error) {
  return object({{"code", text(error.code)},
                 {"message", text(error.message)},
                 {"file", text(error.file)},
                 {"row", Value::integer(error.location.row)},
                 {"col", Value::integer(error.location.col)}});
}

Value job_error(std::string_view code, std::string_view message) {
  return object({{"job_error", object({{"code", text(code)}, {"message", text(message)}})}});
}

const Value* member(const Value& object, std::string_view key) {
  return object.find(text(key));
}

std::string string_member(const Value& object, std::string_view key, std::string_view where) {
  const Value* v = member(object, key);
  if (v == nullptr || !v->is_string()) {
    throw JobError{std::string(where) + "." + std::string(key) + " must be a string"};
  }
  return std::string(v->as_string());
}

bool bool_member(const Value& job, std::string_view key) {
  const Value* v = member(job, key);
  if (v == nullptr || v->is_null()) return false;
  if (!v->is_boolean()) throw JobError{"job." + std::string(key) + " must be a boolean"};
  return v->as_boolean();
}

std::optional<int64_t> integer_member(const Value& job, std::string_view key) {
  const Value* v = member(job, key);
  if (v == nullptr || v->is_null()) return std::nullopt;
  std::optional<int64_t> n = v->is_number() ? v->as_number().to_int64() : std::nullopt;
  if (!n || *n < 0) {
    throw JobError{"job." + std::string(key) + " must be a non-negative integer (64 bits)"};
  }
  return n;
}

Job read_job(std::string_view json) {
  std::string error;
  std::optional<Value> parsed = rego::value_from_json(json, &error);
  if (!parsed) throw JobError{"the job is not JSON: " + error};
  if (!parsed->is_object()) throw JobError{"the job must be a JSON object"};
  const Value& root = *parsed;

  Job job;
  const Value* modules = member(root, "modules");
  if (modules == nullptr || !modules->is_array() || modules->size() == 0) {
    throw JobError{"job.modules must be a non-empty array"};
  }
  if (modules->size() > kMaxModules) {
    throw JobError{"job.modules holds more than " + std::to_string(kMaxModules) + " modules"};
  }
  for (const Value& module : modules->array_items()) {
    if (!module.is_object()) throw JobError{"job.modules[] must be objects {file, text}"};
    job.modules.push_back(
        {string_member(module, "file", "job.modules[]"), string_member(module, "text", "job.modules[]")});
  }
  if (const Value* dialect = member(root, "dialect"); dialect != nullptr && !dialect->is_null()) {
    const std::string name = dialect->is_string() ? std::string(dialect->as_string()) : "";
    if (name == "v0") {
      job.version = rego::RegoVersion::kV0;
    } else if (name != "v1") {
      throw JobError{"job.dialect must be \"v1\" or \"v0\""};
    }
  }
  if (const Value* q = member(root, "query"); q != nullptr && !q->is_null()) {
    job.query = string_member(root, "query", "job");
  }
  job.tests = bool_member(root, "tests");
  if (const Value* f = member(root, "test_filter"); f != nullptr && !f->is_null()) {
    job.test_filter = string_member(root, "test_filter", "job");
  }
  if (const Value* input = member(root, "input")) job.options.input = *input;
  if (const Value* data = member(root, "data"); data != nullptr && !data->is_null()) {
    if (!data->is_object()) throw JobError{"job.data must be an object"};
    job.options.data = *data;
  }
  job.options.strict_builtin_errors = bool_member(root, "strict_builtin_errors");
  if (auto now = integer_member(root, "now_ns")) job.options.now_ns = *now;
  if (auto steps = integer_member(root, "max_steps"); steps && *steps > 0) {
    job.options.max_steps = std::min<uint64_t>(static_cast<uint64_t>(*steps), kMaxSteps);
  }
  return job;
}

// The query the harness evaluates: a query of one plain term (`data.p.allow`) gets its value
// bound to kQueryValueVar, as `opa eval` reports an expression's value (false included).
std::string query_to_evaluate(const std::string& query, rego::RegoVersion version,
                              std::vector<rego::RegoError>& errors) {
  rego::ParsedQuery parsed = rego::parse_query(query, {version, 10});
  if (!parsed.errors.empty() || !parsed.body) {
    errors = std::move(parsed.errors);
    return "";
  }
  const rego::Body& body = *parsed.body;
  const bool one_term = body.size() == 1 && body[0].kind == rego::ExprKind::kTerm &&
                        !body[0].negated && body[0].body == nullptr;
  return one_term ? std::string(kQueryValueVar) + " := " + query : query;
}

class OutputCollector {
 public:
  void add(const std::string& line) {
    if (lines_.size() >= kMaxOutputLines) return;
    lines_.push_back(line.size() > kMaxOutputLineBytes ? line.substr(0, kMaxOutputLineBytes) : line);
  }
  Value to_value() const {
    std::vector<Value> items;
    for (const std::string& line : lines_) items.push_back(text(line));
    return Value::array(std::move(items));
  }

 private:
  std::vector<std::string> lines_;
};

Value solutions_value(const std::vector<rego::Bindings>& solutions) {
  std::vector<Value> items;
  items.reserve(solutions.size());
  for (const rego::Bindings& bindings : solutions) {
    std::vector<rego::ObjectEntry> vars;
    std::optional<Value> query_value;
    for (const auto& [name, value] : bindings) {
      if (name == kQueryValueVar) {
        query_value = value;
      } else {
        vars.emplace_back(text(name), value);
      }
    }
    std::vector<std::pair<std::string_view, Value>> members = {
        {"bindings", Value::object(std::move(vars))}};
    if (query_value) members.emplace_back("value", *query_value);
    items.push_back(object(std::move(members)));
  }
  return Value::array(std::move(items));
}

Value test_value(const rego::RegoTestResult& test) {
  std::vector<Value> output;
  for (const std::string& line : test.output) {
    if (output.size() >= kMaxOutputLines) break;
    output.push_back(text(line.substr(0, kMaxOutputLineBytes)));
  }
  return object({{"package", text(test.package)},
                 {"name", text(test.name)},
                 {"file", text(test.file)},
                 {"row", Value::integer(test.location.row)},
                 {"col", Value::integer(test.location.col)},
                 {"fail", Value::boolean(test.fail)},
                 {"skip", Value::boolean(test.skip)},
                 {"error", test.error ? error_value(*test.error) : Value::null()},
                 {"duration_ms", Value::number(rego::Number::from_double(
                                     std::isfinite(test.duration_ms) ? test.duration_ms : 0))},
                 {"output", Value::array(std::move(output))}});
}

Value errors_value(const std::vector<rego::RegoError>& errors) {
  std::vector<Value> items;
  for (const rego::RegoError& error : errors) items.push_back(error_value(error));
  return Value::array(std::move(items));
}

Value run_job(Job& job) {
  std::vector<rego::RegoError> errors;
  std::vector<std::unique_ptr<rego::Module>> modules;
  for (const Job::Module& module : job.modules) {
    rego::ParsedModule parsed = rego::parse_module(module.file, module.text, {job.version, 10});
    errors.insert(errors.end(), parsed.errors.begin(), parsed.errors.end());
    if (parsed.module) modules.push_back(std::move(parsed.module));
  }
  Value solutions = Value::array({});
  std::vector<Value> tests;
  Value eval_error = Value::null();
  OutputCollector output;
  auto answer = [&] {
    return object({{"errors", errors_value(errors)},
                   {"eval_error", eval_error},
                   {"solutions", solutions},
                   {"tests", Value::array(std::move(tests))},
                   {"output", output.to_value()}});
  };
  if (!errors.empty()) return answer();
  rego::CompileResult compiled = rego::compile(std::move(modules), {});
  if (!compiled.errors.empty()) {
    errors = std::move(compiled.errors);
    return answer();
  }
  const std::shared_ptr<const rego::PreparedPolicy> policy =
      rego::PreparedPolicy::prepare(compiled);
  job.options.print = [&output](const std::string& line) { output.add(line); };

  if (job.query) {
    const std::string query = query_to_evaluate(*job.query, job.version, errors);
    if (!errors.empty()) return answer();
    rego::QueryResult result = rego::evaluate_query(*policy, query, job.options);
    if (result.error) {
      // Errors of the query itself (not of a module) have no place in the user's files.
      if (result.error->code.rfind("rego_", 0) == 0) {
        errors.push_back(*result.error);
      } else {
        eval_error = error_value(*result.error);
      }
    }
    solutions = solutions_value(result.solutions);
    return answer();
  }
  if (job.tests) {
    std::unique_ptr<RE2> filter;
    if (job.test_filter && !job.test_filter->empty()) {
      RE2::Options options;
      options.set_log_errors(false);
      options.set_max_mem(8 << 20);
      filter = std::make_unique<RE2>(*job.test_filter, options);
      if (!filter->ok()) throw JobError{"job.test_filter is not a regular expression: " + filter->error()};
    }
    const auto results = rego::run_tests(*policy, job.options, [&](std::string_view name) {
      return filter == nullptr || RE2::PartialMatch(name, *filter);
    });
    for (const rego::RegoTestResult& test : results) tests.push_back(test_value(test));
  }
  return answer();
}

}  // namespace

std::string run_rego_job(std::string_view job_json) {
  try {
    Job job = read_job(job_json);
    return rego::value_to_json(run_job(job));
  } catch (const JobError& e) {
    return rego::value_to_json(job_error("harness_job_invalid", e.message));
  } catch (const std::exception& e) {
    return rego::value_to_json(job_error("harness_internal_error", e.what()));
  } catch (...) {
    return rego::value_to_json(job_error("harness_internal_error", "unknown fault"));
  }
}

}  // namespace assay::harness
