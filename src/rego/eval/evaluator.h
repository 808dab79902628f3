// The Rego evaluator: top-down evaluation of compiled policies and queries with OPA 1.x's
// semantics (its topdown package is the model): unification, complete rules, partial sets and
// objects, ref heads, functions, `default`, `else`, `not`, `some`, `every`, comprehensions,
// `with`, virtual documents under `data` merged with the base documents.
//
// Use: compile() the modules (compiler.h), prepare() the result once, then evaluate any number
// of queries against it, from any number of threads (a PreparedPolicy is read-only; each
// evaluation has its own state).
//
// Runtime errors carry OPA's codes: eval_conflict_error (a complete rule or function with
// several outputs, object key conflicts), eval_type_error and eval_builtin_error (from
// built-ins: they make the call undefined unless strict_builtin_errors is set, as in OPA),
// eval_cancel_error (the step or depth budget ran out: a runaway policy ends with a clear
// error instead of eating the service).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "src/rego/compiler.h"
#include "src/rego/error.h"
#include "src/rego/value.h"

namespace assay::rego {

namespace eval {
struct DocIndex;
}

// A compiled policy, indexed for evaluation. Build once per policy; share between threads.
class PreparedPolicy {
 public:
  // A policy with compile errors evaluates as an empty one. Keeps what it needs of `compiled`
  // (the compiled form is shared, not copied): `compiled` may be destroyed afterwards.
  static std::shared_ptr<const PreparedPolicy> prepare(const CompileResult& compiled);
  ~PreparedPolicy();

  // The policy as compile_query() takes it (its compiled form only).
  const CompileResult& compiled() const { return shell_; }
  const eval::DocIndex& index() const { return *index_; }

 private:
  PreparedPolicy();
  CompileResult shell_;
  std::unique_ptr<eval::DocIndex> index_;
};

inline constexpr const char* kEvalConflictError = "eval_conflict_error";
inline constexpr const char* kEvalTypeError = "eval_type_error";
inline constexpr const char* kEvalBuiltinError = "eval_builtin_error";
inline constexpr const char* kEvalCancelError = "eval_cancel_error";

struct EvalOptions {
  std::optional<Value> input;           // absent: `input` is undefined
  Value data = Value::object({});       // the base documents under `data`
  bool strict_builtin_errors = false;   // OPA's --strict-builtin-errors
  int64_t now_ns = 0;                   // time.now_ns() for the whole query; 0: the clock
  uint64_t random_seed = 0;             // rand.intn, uuid.rfc4122
  uint64_t max_steps = 50'000'000;      // expressions evaluated before eval_cancel_error
  size_t max_depth = 2'000;             // nested rule and function calls, comprehensions
  std::function<void(const std::string&)> print;  // print() output, one line per call
};

// One solution of a query: the query's variables (those the user wrote, not generated or `_`)
// and their values, by name, sorted by name.
using Bindings = std::vector<std::pair<std::string, Value>>;

struct QueryResult {
  std::vector<Bindings> solutions;  // empty: the query is undefined
  std::optional<RegoError> error;   // set: evaluation stopped with this error (solutions empty)
};

// Compiles and evaluates `query` (Rego text such as `data.p.allow` or `x := data.q[_]`) against
// the policy. Compile errors of the query come back as `error`, with rego_* codes.
QueryResult evaluate_query(const PreparedPolicy& policy, std::string_view query,
                           const EvalOptions& options);
// The same with a query already compiled against this policy (compile_query in compiler.h).
QueryResult evaluate_compiled_query(const PreparedPolicy& policy, const CompileQueryResult& query,
                                    const EvalOptions& options);

// The value of a constant Rego term written as text (`{"a": [1, 2], "b": {3}}`), as OPA reads an
// input given as a term; nullopt with `error` set when the text is not a constant term.
std::optional<Value> value_from_term_text(std::string_view text, std::string* error);

}  // namespace assay::rego
