#include "tests/conformance/case_eval.h"

#include <algorithm>
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>
#include <vector>

#include "src/rego/compiler.h"
#include "src/rego/eval/evaluator.h"
#include "src/rego/parser.h"
#include "tests/conformance/case_values.h"

namespace assay::conformance {

namespace fs = std::filesystem;
using namespace assay::rego;

namespace {

std::string read_text(const fs::path& path) {
  std::ifstream file(path, std::ios::binary);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

std::string scalar(const YAML::Node& node, const char* key) {
  const YAML::Node value = node[key];
  return value && value.IsScalar() ? value.Scalar() : "";
}

bool flag(const YAML::Node& node, const char* key) {
  const YAML::Node value = node[key];
  return value && value.IsScalar() && value.Scalar() == "true";
}

std::string describe(const RegoError& e) {
  return e.code + " " + e.file + ":" + std::to_string(e.location.row) + ": " + e.message;
}

std::string describe(const std::vector<Value>& values) {
  std::string out = "[";
  for (const Value& v : values) out += (out.size() > 1 ? ", " : "") + value_to_json(v);
  return out + "]";
}

// The case's modules, parsed (v1, or v0 where only the v0 parser takes them, as OPA's v1 folder
// still holds some v0 cases): a parse error, or the modules.
struct Modules {
  std::vector<std::unique_ptr<Module>> modules;
  std::optional<RegoError> error;
  std::string missing;  // a module file the case names that is not there
  bool parsed_as_v0 = false;
};

Modules parse_modules(const YAML::Node& test, const fs::path& directory) {
  Modules out;
  const YAML::Node list = test["modules"];
  if (!list || !list.IsSequence()) return out;
  int index = 0;
  for (const YAML::Node& entry : list) {
    std::string text = entry.IsScalar() ? entry.Scalar() : "";
    std::string name = "test-" + std::to_string(index++) + ".rego";
    if (text.find('\n') == std::string::npos && text.ends_with(".rego")) {
      const fs::path file = directory / text;
      if (!fs::exists(file)) {
        out.missing = file.string();
        return out;
      }
      name = text;
      text = read_text(file);
    }
    ParsedModule parsed = parse_module(name, text, {RegoVersion::kV1, 10});
    if (!parsed.errors.empty()) {
      ParsedModule old = parse_module(name, text, {RegoVersion::kV0, 10});
      if (!old.errors.empty()) {
        out.error = parsed.errors.front();
        return out;
      }
      out.parsed_as_v0 = true;
      parsed = std::move(old);
    }
    out.modules.push_back(std::move(parsed.module));
  }
  return out;
}

// A document of the case: inline YAML under `key`, or a JSON file named under `path_key`.
std::optional<Value> document(const YAML::Node& test, const char* key, const char* path_key,
                              const fs::path& directory, bool regorus, std::string* error) {
  if (const std::string file = scalar(test, path_key); !file.empty()) {
    std::optional<Value> v = value_from_json(read_text(directory / file), error);
    return v;
  }
  if (!test[key]) return std::nullopt;
  return yaml_value(test[key], regorus);
}

Value bindings_object(const Bindings& b) {
  std::vector<ObjectEntry> entries;
  for (const auto& [name, v] : b) entries.emplace_back(Value::string(name), v);
  return Value::object(std::move(entries));
}

// A result as OPA's runner sees it: through JSON (sets become arrays, keys strings).
Value as_json(const Value& v) {
  std::string error;
  std::optional<Value> round_trip = value_from_json(value_to_json(v), &error);
  return round_trip ? *round_trip : v;
}

// regorus's runner: a query's result is its bindings, or the value of its last expression when
// it binds nothing (a query of one term: its value). `data.p` wrapped as `__v__ = (data.p)`.
std::optional<Value> regorus_result(const PreparedPolicy& policy, const std::string& query,
                                    const EvalOptions& options, std::optional<RegoError>* error) {
  QueryResult plain = evaluate_query(policy, query, options);
  if (plain.error) {
    *error = plain.error;
    return std::nullopt;
  }
  if (!plain.solutions.empty() && !plain.solutions.back().empty()) {
    return bindings_object(plain.solutions.back());
  }
  // The value of the query's expression, even when it is false.
  QueryResult wrapped = evaluate_query(policy, "__v__ = (" + query + ")", options);
  if (!wrapped.error) {
    if (wrapped.solutions.empty()) return std::nullopt;
    for (const auto& [name, v] : wrapped.solutions.back()) {
      if (name == "__v__") return v;
    }
  }
  if (plain.solutions.empty()) return std::nullopt;
  return Value::boolean(true);
}

Verdict judge_regorus(const YAML::Node& test, const PreparedPolicy& policy, EvalOptions options,
                      const fs::path& directory) {
  Verdict verdict;
  const bool aci = directory.string().find("tests/aci") != std::string::npos;
  // regorus raises built-in errors (it has no OPA-style non-strict mode).
  options.strict_builtin_errors = true;
  const std::string query = scalar(test, "query");
  std::string error_text;
  std::vector<std::optional<Value>> inputs;
  const YAML::Node input = test["input"];
  if (input && input.IsMap() && input["many!"]) {
    for (const YAML::Node& each : input["many!"]) inputs.push_back(yaml_value(each, true));
  } else {
    inputs.push_back(document(test, "input", "input_path", directory, true, &error_text));
  }
  std::vector<std::optional<Value>> results;
  std::optional<RegoError> error;
  for (const std::optional<Value>& in : inputs) {
    options.input = in;
    results.push_back(regorus_result(policy, query, options, &error));
    if (error) break;
  }
  // RVM cases name the error the RVM compiler gives and allow the interpreter to succeed.
  const bool wants_error = test["error"] || test["want_error"];
  if (wants_error && !(flag(test, "allow_interpreter_success") && !error)) {
    verdict.kind = error ? Verdict::kPass : Verdict::kFail;
    verdict.why =
        "want an error (" + scalar(test, "error") + scalar(test, "want_error") + "), got none";
    return verdict;
  }
  if (wants_error) {
    verdict.kind = Verdict::kPass;
    return verdict;
  }
  if (error) {
    verdict.why = "unexpected error: " + describe(*error);
    return verdict;
  }
  if (flag(test, "no_result")) {
    verdict.kind = results.size() == 1 && !results[0] ? Verdict::kPass : Verdict::kFail;
    verdict.why = "want no result";
    return verdict;
  }
  std::vector<std::optional<Value>> want;
  const YAML::Node wanted = test["want_result"];
  if (!wanted) {
    verdict.why = "the case names no result";
    return verdict;
  }
  if (aci) {
    // regorus's ACI runner: the query's value is the binding `x`.
    for (std::optional<Value>& r : results) {
      if (r) r = Value::object({{Value::string("x"), *r}});
    }
    for (const YAML::Node& each : wanted) want.push_back(yaml_value(each, true));
  } else if (wanted.IsMap() && wanted["many!"]) {
    for (const YAML::Node& each : wanted["many!"]) want.push_back(yaml_value(each, true));
  } else {
    want.push_back(yaml_value(wanted, true));
  }
  // An undefined result is no result in regorus's runner.
  results.erase(std::remove(results.begin(), results.end(), std::nullopt), results.end());
  want.erase(std::remove(want.begin(), want.end(), std::nullopt), want.end());
  verdict.kind = results == want ? Verdict::kPass : Verdict::kFail;
  if (verdict.kind == Verdict::kFail) {
    std::vector<Value> got, expected;
    for (const auto& r : results) got.push_back(*r);
    for (const auto& w : want) expected.push_back(*w);
    verdict.why = "want " + describe(expected) + ", got " + describe(got);
  }
  return verdict;
}

Verdict judge_opa(const YAML::Node& test, const PreparedPolicy& policy, EvalOptions options,
                  const fs::path& directory) {
  Verdict verdict;
  std::string error_text;
  options.input = document(test, "input", "input_path", directory, false, &error_text);
  if (const std::string term = scalar(test, "input_term"); !term.empty()) {
    options.input = value_from_term_text(term, &error_text);
    if (!options.input) {
      verdict.why = "input_term: " + error_text;
      return verdict;
    }
  }
  std::vector<std::string> printed;
  options.print = [&](const std::string& line) { printed.push_back(line); };
  options.strict_builtin_errors = flag(test, "strict_error");
  QueryResult result = evaluate_query(policy, scalar(test, "query"), options);

  const std::string want_code = scalar(test, "want_error_code");
  const std::string want_error = scalar(test, "want_error");
  if (!want_code.empty() || !want_error.empty()) {
    const bool code_ok = result.error && (want_code.empty() || result.error->code == want_code);
    // OPA's runner looks for want_error in the error's text: "file:row: code: message".
    const std::string text = result.error ? result.error->file + ":" +
                                                std::to_string(result.error->location.row) + ": " +
                                                result.error->code + ": " + result.error->message
                                          : "";
    const bool message_ok = result.error && text.find(want_error) != std::string::npos;
    verdict.kind = code_ok && message_ok ? Verdict::kPass : Verdict::kFail;
    verdict.why = "want " + want_code + " \"" + want_error + "\", got " +
                  (result.error ? describe(*result.error)
                                : std::to_string(result.solutions.size()) + " results");
    return verdict;
  }
  if (result.error) {
    verdict.why = "unexpected error: " + describe(*result.error);
    return verdict;
  }
  if (const YAML::Node defined = test["want_defined"]) {
    const bool want = defined.Scalar() == "true";
    if (want != !result.solutions.empty()) {
      verdict.why = want ? "want defined, got undefined" : "want undefined, got a result";
      return verdict;
    }
  }
  if (const YAML::Node output = test["want_output"]) {
    std::string got;
    for (const std::string& line : printed) got += (got.empty() ? "" : "\n") + line;
    std::string want = output.Scalar();
    while (!want.empty() && want.back() == '\n') want.pop_back();
    if (got != want) {
      verdict.why = "want output \"" + want + "\", got \"" + got + "\"";
      return verdict;
    }
  }
  if (const YAML::Node wanted = test["want_result"]) {
    std::vector<Value> want, got;
    if (wanted.IsSequence()) {
      for (const YAML::Node& each : wanted) {
        if (std::optional<Value> v = yaml_value(each, false)) want.push_back(*v);
      }
    }
    // OPA's runner: the results are a set of binding objects (order and repeats do not count);
    // with sort_bindings, each binding's array value is sorted first.
    const bool sort_bindings = flag(test, "sort_bindings");
    for (const Bindings& b : result.solutions) {
      Bindings json;
      for (const auto& [name, v] : b) {
        Value j = as_json(v);
        if (sort_bindings && j.is_array()) {
          std::vector<Value> items(j.array_items().begin(), j.array_items().end());
          std::sort(items.begin(), items.end());
          j = Value::array(std::move(items));
        }
        json.emplace_back(name, std::move(j));
      }
      got.push_back(bindings_object(json));
    }
    for (std::vector<Value>* list : {&want, &got}) {
      std::sort(list->begin(), list->end());
      list->erase(std::unique(list->begin(), list->end()), list->end());
    }
    if (want != got) {
      verdict.why = "want " + describe(want) + ", got " + describe(got);
      return verdict;
    }
  }
  verdict.kind = Verdict::kPass;
  return verdict;
}

// Cases that test what another engine does and OPA does not, so they cannot judge an engine that
// follows OPA. Matched by file path part and note prefix; each says why.
struct KnownSkip {
  const char* path_part;
  const char* note_prefix;
  const char* reason;
  bool exact_note = false;  // the note must equal note_prefix
};
// regorus has no type checker; OPA's rejects these policies at compile time.
constexpr const char* kBooleanRuleArgument =
    "passes a boolean rule (`r { false }`, meant as undefined) to a built-in that wants another "
    "type: OPA's type checker rejects the call (\"<name>: invalid argument(s)\", have: boolean)";
constexpr const char* kRefIntoTypedRule =
    "refers into a rule's value where OPA's type checker knows the key is missing or the value "
    "is a boolean: OPA rejects the ref (\"undefined ref: ...\")";
constexpr KnownSkip kKnownSkips[] = {
    {"rego-cpp/tests/bigint.yaml", "",
     "rego-cpp's speculative big-integer cases (its file says they are not compliance tests): "
     "integer division and one binding map per expression, not OPA's semantics"},
    {"rego-cpp/tests/cheriot/", "",
     "calls export_entry_demangle, a built-in of rego-cpp's CHERIoT extension, not OPA's"},
    {"", "regocpp/uri-", "uri.parse and uri.is_valid are rego-cpp built-ins, not OPA's"},
    {"", "regocpp/jwt-sub-",
     "a \"sub\" constraint in io.jwt.decode_verify is rego-cpp's extension; OPA refuses unknown "
     "constraints (\"unknown token validation constraint: sub\", so undefined without strict "
     "errors)"},
    {"", "regocpp/parse-duration-ns-",
     "day, week and year units: rego-cpp's extension; OPA (Go's time.ParseDuration) refuses them"},
    {"", "regocpp/time-parse-duration-exponent-superset",
     "rego-cpp accepts exponents in durations; OPA (Go's time.ParseDuration) does not"},
    {"", "regocpp/units-parse-deci-superset",
     "rego-cpp accepts a deci suffix in units.parse; OPA does not"},
    {"opa/v1/time/test-time-0947.yaml", "",
     "calls test.sleep, a built-in of OPA's own test harness"},
    {"regorus/tests/interpreter/cases/rego-extensions/", "",
     "regorus's own language extensions (an `or` operator), not part of Rego"},
    {"regorus/tests/interpreter/cases/limits/execution_timer", "",
     "regorus's execution-timer API; assay bounds evaluation by steps and by the sandbox's wall "
     "clock instead"},
    {"regorus/tests/rvm/rego/cases/regex_size_limit.yaml", "blocked-",
     "regorus's own compiled-NFA size limit; assay bounds regexes by RE2's memory budget, which "
     "accepts these patterns"},
    {"regorus/tests/interpreter/cases/builtins/comparison/tests.yaml", "order",
     "regorus orders sets before objects; OPA's ast.Compare orders objects before sets"},
    {"regorus/tests/interpreter/cases/builtins/aggregates/count.yaml", "all", kBooleanRuleArgument,
     true},
    {"regorus/tests/interpreter/cases/builtins/aggregates/max.yaml", "all", kBooleanRuleArgument,
     true},
    {"regorus/tests/interpreter/cases/builtins/aggregates/min.yaml", "all", kBooleanRuleArgument,
     true},
    {"regorus/tests/interpreter/cases/builtins/aggregates/product.yaml", "all",
     kBooleanRuleArgument, true},
    {"regorus/tests/interpreter/cases/builtins/aggregates/sort.yaml", "all", kBooleanRuleArgument,
     true},
    {"regorus/tests/interpreter/cases/builtins/aggregates/sum.yaml", "all", kBooleanRuleArgument,
     true},
    {"regorus/tests/interpreter/cases/builtins/arrays/concat.yaml", "all", kBooleanRuleArgument,
     true},
    {"regorus/tests/interpreter/cases/builtins/arrays/reverse.yaml", "all", kBooleanRuleArgument,
     true},
    {"regorus/tests/interpreter/cases/builtins/numbers/abs.yaml", "abs", kBooleanRuleArgument,
     true},
    {"regorus/tests/interpreter/cases/builtins/numbers/add.yaml", "add", kBooleanRuleArgument,
     true},
    {"regorus/tests/interpreter/cases/builtins/numbers/ceil.yaml", "ceil", kBooleanRuleArgument,
     true},
    {"regorus/tests/interpreter/cases/builtins/numbers/div.yaml", "div", kBooleanRuleArgument,
     true},
    {"regorus/tests/interpreter/cases/builtins/numbers/floor.yaml", "floor", kBooleanRuleArgument,
     true},
    {"regorus/tests/interpreter/cases/builtins/numbers/mod.yaml", "mod", kBooleanRuleArgument,
     true},
    {"regorus/tests/interpreter/cases/builtins/numbers/mod.yaml", "undefined", kBooleanRuleArgument,
     true},
    {"regorus/tests/interpreter/cases/builtins/numbers/mul.yaml", "mul", kBooleanRuleArgument,
     true},
    {"regorus/tests/interpreter/cases/builtins/numbers/range.yaml", "numbers.range",
     kBooleanRuleArgument, true},
    {"regorus/tests/interpreter/cases/builtins/numbers/round.yaml", "round", kBooleanRuleArgument,
     true},
    {"regorus/tests/interpreter/cases/builtins/numbers/sub.yaml", "sub", kBooleanRuleArgument,
     true},
    {"regorus/tests/interpreter/cases/builtins/strings/concat.yaml", "undefined-",
     kBooleanRuleArgument},
    {"regorus/tests/interpreter/cases/builtins/strings/contains.yaml", "undefined-",
     kBooleanRuleArgument},
    {"regorus/tests/interpreter/cases/builtins/strings/endswith.yaml", "undefined-",
     kBooleanRuleArgument},
    {"regorus/tests/interpreter/cases/builtins/strings/indexof.yaml", "undefined-",
     kBooleanRuleArgument},
    {"regorus/tests/interpreter/cases/some/tests.yaml", "array", kRefIntoTypedRule, true},
    {"regorus/tests/rvm/rego/cases/local_chained_access.yaml", "undefined_field_on_existing_rule",
     kRefIntoTypedRule, true},
    {"opa/v1/toarray/test-toarray-0071.yaml", "",
     "v0 case whose expectation quotes numbers: cast_array([1, 2, 3]) is [1, 2, 3] in OPA"},
    {"opa/v1/toset/test-toset-0074.yaml", "",
     "v0 case whose expectation quotes numbers: cast_set([1, 1, 1]) is {1} in OPA"},
    {"opa/v1/regexmatch/test-regexmatch-0858.yaml", "",
     "v0 case whose expectation quotes numbers: array indices are numbers in OPA"},
};

const KnownSkip* known_skip(const std::string& path, const std::string& note) {
  for (const KnownSkip& skip : kKnownSkips) {
    if (std::string(skip.path_part).empty() || path.find(skip.path_part) != std::string::npos) {
      if (skip.exact_note ? note == skip.note_prefix : note.rfind(skip.note_prefix, 0) == 0) {
        return &skip;
      }
    }
  }
  return nullptr;
}

}  // namespace

Verdict judge_case(const YAML::Node& test, const fs::path& directory, Schema schema,
                   const std::string& path) {
  Verdict verdict;
  if (path.find("regorus/tests/interpreter/cases/target/") != std::string::npos &&
      (test["error"] || test["want_inferred_resource_types"])) {
    verdict.kind = Verdict::kSkip;
    verdict.why = "regorus's __target__ checks for Azure Policy, not part of Rego";
    return verdict;
  }
  if (const KnownSkip* skip = known_skip(path, scalar(test, "note"))) {
    verdict.kind = Verdict::kSkip;
    verdict.why = skip->reason;
    return verdict;
  }
  Modules parsed = parse_modules(test, directory);
  verdict.parsed_as_v0 = parsed.parsed_as_v0;
  if (!parsed.missing.empty()) {
    verdict.kind = Verdict::kSkip;
    verdict.why = "module file " + parsed.missing + " is missing";
    return verdict;
  }
  const std::string want_code = scalar(test, "want_error_code");
  const bool wants_front_end_error = want_code.rfind("rego_", 0) == 0;
  std::optional<RegoError> front_end = parsed.error;
  CompileResult compiled;
  if (!front_end) {
    compiled = compile(std::move(parsed.modules), {});
    if (!compiled.errors.empty()) front_end = compiled.errors.front();
  }
  if (!front_end) {
    const std::string query = scalar(test, "query");
    ParsedQuery q = parse_query(query, {});
    if (!q.errors.empty()) {
      front_end = q.errors.front();
    } else if (std::vector<RegoError> errors = check_query(compiled, *q.body); !errors.empty()) {
      front_end = errors.front();
    }
  }
  if (front_end || wants_front_end_error) {
    if (schema == Schema::kRegorus) {
      verdict.kind = front_end && test["error"] ? Verdict::kPass : Verdict::kFail;
    } else {
      verdict.kind = front_end && front_end->code == want_code ? Verdict::kPass : Verdict::kFail;
    }
    verdict.why = "want " + (want_code.empty() ? std::string("no front-end error") : want_code) +
                  ", got " + (front_end ? describe(*front_end) : "no error");
    return verdict;
  }
  std::shared_ptr<const PreparedPolicy> policy = PreparedPolicy::prepare(compiled);
  EvalOptions options;
  options.max_steps = 2'000'000;
  options.now_ns = 1'700'000'000'000'000'000;
  std::string error_text;
  const bool regorus = schema == Schema::kRegorus;
  if (std::optional<Value> data =
          document(test, "data", "data_path", directory, regorus, &error_text)) {
    options.data = *data;
  } else if (!error_text.empty()) {
    verdict.kind = Verdict::kSkip;
    verdict.why = "data: " + error_text;
    return verdict;
  }
  return regorus ? judge_regorus(test, *policy, std::move(options), directory)
                 : judge_opa(test, *policy, std::move(options), directory);
}

}  // namespace assay::conformance
