#include "validators/rego/rego_run_stage.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "src/rego/value.h"

namespace assay::rego_validator {
namespace {

using nlohmann::json;
using rego::Value;

constexpr size_t kMaxShownValue = 2000;      // characters of a value quoted in a message
constexpr uint64_t kMaxSteps = 1'000'000'000;  // the harness's own ceiling

struct Expect {
  std::optional<std::string> query;
  std::optional<json> input;
  std::optional<json> data;
  std::optional<json> result;
  std::optional<std::string> test_filter;
  bool strict_builtin_errors = false;
};

// nullopt after reporting request_invalid when `expect` is not what the stage reads.
std::optional<Expect> read_expect(const json& expect, StageReport& report) {
  Expect out;
  if (expect.is_null()) return out;
  auto invalid = [&](const std::string& message) {
    report.error("request_invalid", "expect." + message, std::nullopt);
    return std::nullopt;
  };
  if (!expect.is_object()) return invalid(" must be an object");
  for (const auto& [key, value] : expect.items()) {
    if (key == "query") {
      if (!value.is_string()) return invalid("query must be a string");
      out.query = value.get<std::string>();
    } else if (key == "input") {
      out.input = value;
    } else if (key == "data") {
      if (!value.is_object() && !value.is_null()) return invalid("data must be an object");
      if (value.is_object()) out.data = value;
    } else if (key == "result") {
      out.result = value;
    } else if (key == "test_filter") {
      if (!value.is_string()) return invalid("test_filter must be a string");
      out.test_filter = value.get<std::string>();
    } else if (key == "strict_builtin_errors") {
      if (!value.is_boolean()) return invalid("strict_builtin_errors must be a boolean");
      out.strict_builtin_errors = value.get<bool>();
    } else {
      return invalid(key + " is not a field of a rego expectation (query, input, data, result, "
                           "test_filter, strict_builtin_errors)");
    }
  }
  if (out.result && !out.query) return invalid("result needs expect.query");
  return out;
}

// The name a rule head gives (`allow`, `a.b` for ref heads); "" when it is not plain.
std::string rule_name(const rego::Rule& rule) {
  const rego::Term* ref = rule.head.reference.get();
  if (ref == nullptr) return "";
  if (ref->kind == rego::TermKind::kVar) return ref->text;
  if (ref->kind != rego::TermKind::kRef || ref->items.empty()) return "";
  std::string name = ref->items[0]->text;
  for (size_t i = 1; i < ref->items.size(); ++i) {
    if (ref->items[i]->kind != rego::TermKind::kString) break;
    name += "." + ref->items[i]->text;
  }
  return name;
}

std::string package_path(const rego::Module& module) {
  std::string path = "data";
  if (module.package == nullptr) return path;
  for (size_t i = 1; i < module.package->items.size(); ++i) {
    path += "." + module.package->items[i]->text;
  }
  return path;
}

bool has_test_rules(const std::vector<std::unique_ptr<rego::Module>>& modules) {
  for (const auto& module : modules) {
    for (const rego::Rule& rule : module->rules) {
      const std::string name = rule_name(rule);
      if (name.rfind("test_", 0) == 0 || name.rfind("todo_test_", 0) == 0) return true;
    }
  }
  return false;
}

// Where the rule a query such as `data.slo.violation` names is, for a mismatch; nullopt when
// the query is not such a path or names no rule of these modules.
std::optional<Location> rule_named_by(const std::string& query,
                                      const std::vector<std::unique_ptr<rego::Module>>& modules) {
  for (const auto& module : modules) {
    const std::string package = package_path(*module);
    for (const rego::Rule& rule : module->rules) {
      const std::string path = package + "." + rule_name(rule);
      const bool names = query.rfind(path, 0) == 0 &&
                         (query.size() == path.size() || query[path.size()] == '.' ||
                          query[path.size()] == '[');
      if (names && rule.location.row > 0) {
        return Location{module->file, rule.location.row, std::max(rule.location.col, 1)};
      }
    }
  }
  return std::nullopt;
}

std::string job_json(const ValidationRequest& request, const Expect& expect, bool tests) {
  json job = json::object();
  json modules = json::array();
  for (const ArtefactFile& file : request.files) {
    modules.push_back({{"file", file.path}, {"text", file.content}});
  }
  job["modules"] = std::move(modules);
  job["dialect"] = request.dialect.empty() ? "v1" : request.dialect;
  if (expect.query) job["query"] = *expect.query;
  job["tests"] = tests;
  if (expect.test_filter) job["test_filter"] = *expect.test_filter;
  if (expect.input) job["input"] = *expect.input;
  if (expect.data) job["data"] = *expect.data;
  job["strict_builtin_errors"] = expect.strict_builtin_errors;
  // The sandbox's wall timeout bounds the run; the step budget only backs it up.
  job["max_steps"] = kMaxSteps;
  return job.dump(-1, ' ', false, json::error_handler_t::replace);
}

// A member of the harness's answer; throws when it is missing (a fault of assay).
const Value& answer_member(const Value& object, std::string_view key) {
  const Value* v = object.is_object() ? object.find(Value::string(std::string(key))) : nullptr;
  if (v == nullptr) throw std::runtime_error("the Rego harness's answer lacks " + std::string(key));
  return *v;
}

std::string string_of(const Value& object, std::string_view key) {
  const Value& v = answer_member(object, key);
  return v.is_string() ? std::string(v.as_string()) : "";
}

int int_of(const Value& object, std::string_view key) {
  const Value& v = answer_member(object, key);
  const auto n = v.is_number() ? v.as_number().to_int64() : std::nullopt;
  return n && *n > 0 && *n < (1 << 30) ? static_cast<int>(*n) : 0;
}

// A location in one of the request's files; nullopt for one that is not the user's.
std::optional<Location> user_location(const ValidationRequest& request, const Value& at) {
  const std::string file = string_of(at, "file");
  const int row = int_of(at, "row");
  const bool users = std::any_of(request.files.begin(), request.files.end(),
                                 [&](const ArtefactFile& f) { return f.path == file; });
  if (!users || row <= 0) return std::nullopt;
  return Location{file, row, std::max(1, int_of(at, "col"))};
}

void report_error(const ValidationRequest& request, const Value& error, StageReport& report) {
  report.error(string_of(error, "code"), string_of(error, "message"),
               user_location(request, error));
}

std::string shown(const Value& value) {
  std::string text = rego::value_to_json(value);
  if (text.size() > kMaxShownValue) text = text.substr(0, kMaxShownValue) + "...";
  return text;
}

bool same_bag(std::vector<Value> a, std::vector<Value> b) {
  if (a.size() != b.size()) return false;
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
  return a == b;
}

void compare_result(const Expect& expect, const Value& solutions, const Value& expected,
                    const std::optional<Location>& rule, StageReport& report) {
  std::vector<Value> bindings;
  bool binds_vars = false;
  for (const Value& solution : solutions.array_items()) {
    bindings.push_back(answer_member(solution, "bindings"));
    if (bindings.back().size() > 0) binds_vars = true;
  }
  const Value* value = nullptr;
  if (!binds_vars && solutions.size() == 1) {
    value = solutions.array_items()[0].find(Value::string("value"));
  }
  if (expected.is_array() && same_bag({expected.array_items().begin(), expected.array_items().end()},
                                      bindings)) {
    return;
  }
  if (value != nullptr && expected == *value) return;

  std::string actual;
  if (solutions.size() == 0) {
    actual = "undefined (no solutions)";
  } else if (value != nullptr) {
    actual = shown(*value);
  } else {
    actual = shown(Value::array(bindings));
  }
  report.error("rego_result_mismatch",
               "query " + *expect.query + ": expected " + shown(expected) + ", got " + actual,
               rule);
}

TestCase test_case(const ValidationRequest& request, const Value& test) {
  TestCase out;
  out.name = string_of(test, "package") + "." + string_of(test, "name");
  out.location = user_location(request, test);
  const Value& duration = answer_member(test, "duration_ms");
  out.duration_ms = duration.is_number() ? duration.as_number().to_double() : 0;
  const Value& error = answer_member(test, "error");
  const Value& fail = answer_member(test, "fail");
  const Value& skip = answer_member(test, "skip");
  if (skip.is_boolean() && skip.as_boolean()) {
    out.status = TestStatus::kSkip;
    out.message = "skipped: a todo_test_ rule";
  } else if (error.is_object()) {
    out.status = TestStatus::kError;
    out.message = string_of(error, "code") + ": " + string_of(error, "message");
  } else if (fail.is_boolean() && fail.as_boolean()) {
    out.status = TestStatus::kFail;
    out.message = "the test is false or undefined";
  }
  std::string printed;
  for (const Value& line : answer_member(test, "output").array_items()) {
    if (line.is_string()) printed += std::string(line.as_string()) + "\n";
  }
  if (!printed.empty() && out.status != TestStatus::kPass) {
    out.message += "\nprint output:\n" + printed;
  }
  return out;
}

void report_tests(const ValidationRequest& request, const Value& tests, StageReport& report) {
  for (const Value& test : tests.array_items()) {
    TestCase one = test_case(request, test);
    if (one.status == TestStatus::kPass) ++report.tests().passed;
    if (one.status == TestStatus::kFail || one.status == TestStatus::kError) {
      ++report.tests().failed;
    }
    if (one.status == TestStatus::kFail) {
      report.error("rego_test_failed", "test " + one.name + " failed: it is false or undefined",
                   one.location);
    } else if (one.status == TestStatus::kError) {
      const Value& error = answer_member(test, "error");
      const std::optional<Location> at = user_location(request, error);
      report.error(string_of(error, "code"),
                   "test " + one.name + ": " + string_of(error, "message"),
                   at ? at : one.location);
    }
    report.tests().results.push_back(std::move(one));
  }
}

}  // namespace

void run_rego_stage(const ValidationRequest& request,
                    const std::vector<std::unique_ptr<rego::Module>>& modules,
                    const RegoRunner* runner, StageReport& report) {
  const std::optional<Expect> expect = read_expect(request.expect, report);
  if (!expect) return;
  const bool tests = !expect->query && (modules.empty() || has_test_rules(modules));
  if (!expect->query && !tests) {
    report.skip("nothing to run: expect has no query and the modules have no test_ rules");
    return;
  }
  if (runner == nullptr) {
    report.skip("this program has no sandbox to run Rego in");
    if (!request.expect.is_null()) {
      report.warning("expect_not_checked",
                     "'expect' was given, but this program has no sandbox to run Rego in, so it "
                     "was not checked",
                     std::nullopt);
    }
    return;
  }

  Result<RegoRunOutput> ran = runner->run(job_json(request, *expect, tests),
                                          request.options.timeout_ms);
  if (!ran) throw std::runtime_error(ran.status().code() + ": " + ran.status().message());
  report.sandbox() = ran->usage;
  if (ran->failure) {
    report.error(ran->failure->code, ran->failure->message, std::nullopt);
    return;
  }

  std::string parse_error;
  const std::optional<Value> answer = rego::value_from_json(ran->answer, &parse_error, 4096);
  if (!answer || !answer->is_object()) {
    throw std::runtime_error("the Rego harness's answer is not JSON: " + parse_error);
  }
  if (const Value* job_error = answer->find(Value::string("job_error"))) {
    throw std::runtime_error("the Rego harness refused the job: " +
                             string_of(*job_error, "message"));
  }
  for (const Value& error : answer_member(*answer, "errors").array_items()) {
    report_error(request, error, report);
  }
  const Value& eval_error = answer_member(*answer, "eval_error");
  if (eval_error.is_object()) report_error(request, eval_error, report);
  if (expect->query) {
    if (expect->result && report.errors_reported() == 0) {
      std::string error;
      const std::optional<Value> expected =
          rego::value_from_json(expect->result->dump(-1, ' ', false, json::error_handler_t::replace),
                                &error, 4096);
      if (!expected) throw std::runtime_error("expect.result: " + error);
      compare_result(*expect, answer_member(*answer, "solutions"), *expected,
                     rule_named_by(*expect->query, modules), report);
    }
    return;
  }
  report_tests(request, answer_member(*answer, "tests"), report);
}

}  // namespace assay::rego_validator
