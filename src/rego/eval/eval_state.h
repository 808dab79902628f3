// Internal to the evaluator (evaluator.h): the document index built once per policy, and the
// state of one evaluation with the operations its files share.
//
// Evaluation is continuation-passing, as OPA's topdown is: each operation that can succeed
// several times (a ref over a collection, a rule body, a unification) calls its continuation once
// per solution, with the variables of that solution bound in the Frame, and undoes the bindings
// before it tries the next one. A continuation returns false to stop the search (`not` needs one
// solution only); the operation then returns false too. Errors are thrown as EvalError and end
// the query.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <vector>

#include "src/rego/builtins/builtin_impl.h"
#include "src/rego/compile_stages.h"
#include "src/rego/eval/evaluator.h"
#include "src/rego/value.h"

namespace assay::rego::eval {

using ir::Body;
using ir::Expr;
using ir::RuleIr;
using ir::Term;
using ir::TermKind;
using ir::VarId;

// A non-owning reference to a callable: cheaper than std::function on the hot path. Only ever
// passed down the stack while the callable it refers to is alive.
template <typename Signature>
class FnRef;
template <typename R, typename... Args>
class FnRef<R(Args...)> {
 public:
  template <typename F, typename = std::enable_if_t<!std::is_same_v<std::decay_t<F>, FnRef>>>
  FnRef(F&& f)  // NOLINT: implicit, as a lambda argument
      : object_(const_cast<void*>(static_cast<const void*>(&f))),
        call_([](void* o, Args... args) -> R {
          return (*static_cast<std::remove_reference_t<F>*>(o))(std::forward<Args>(args)...);
        }) {}
  R operator()(Args... args) const { return call_(object_, std::forward<Args>(args)...); }

 private:
  void* object_;
  R (*call_)(void*, Args...);
};

using Next = FnRef<bool()>;
using ValueNext = FnRef<bool(const Value&)>;

// ---- The document index: the policy's rules under `data`, by path ----

// A rule placed at the node of its ref's ground prefix; `extra` is the rest of its ref (the
// vars and computed keys of ref heads and partial objects: `p[x] := 1` has extra [x]).
struct RulePlan {
  const RuleIr* rule = nullptr;
  std::vector<Term*> extra;
};

struct DocNode {
  std::vector<std::pair<Value, std::unique_ptr<DocNode>>> children;  // sorted by key
  std::vector<RulePlan> rules;     // in module order
  bool functions = false;          // the rules are functions (have arguments)
  bool package = false;            // a module's package: defined ({}) even without rules
  std::string path;                // "data.a.b", for messages
  std::vector<Value> keys;         // the path's keys below data: ["a", "b"]

  const DocNode* child(const Value& key) const;
  DocNode* add_child(const Value& key);
};

struct DocIndex {
  DocNode root;
  const ir::Policy* policy = nullptr;
};

// The value of a constant scalar term (null, boolean, number, string), or nullopt.
std::optional<Value> scalar_value(const Term* t);

// ---- One evaluation ----

class Frame;
// A pattern with a var not bound yet, outside refs (refs bind their own vars): `x`, `[x, 1]`.
bool has_unbound(const Frame& f, const Term* t);

struct EvalError {
  RegoError error;
};

// The variables bound in one rule body (closures — comprehensions, `every` — share their
// enclosing frame). Few per body: a vector searched from the back beats a map.
class Frame {
 public:
  explicit Frame(const ir::Names& names, std::string file) : names_(&names), file_(std::move(file)) {}
  const Value* find(VarId v) const {
    for (auto it = vars_.rbegin(); it != vars_.rend(); ++it) {
      if (it->first == v) return &it->second;
    }
    return nullptr;
  }
  void bind(VarId v, Value value) { vars_.emplace_back(v, std::move(value)); }
  size_t mark() const { return vars_.size(); }
  void undo(size_t mark) { vars_.resize(mark); }
  const ir::Names& names() const { return *names_; }
  const std::string& file() const { return file_; }
  const std::vector<std::pair<VarId, Value>>& vars() const { return vars_; }

 private:
  const ir::Names* names_;
  std::string file_;
  std::vector<std::pair<VarId, Value>> vars_;
};

// `with data.a.b as v`: the document at the path is replaced for the expression.
struct DataOverride {
  std::vector<Value> path;  // below data
  Value value;
};

// `with f as g` / `with count as 3`: a function or built-in replaced by another or by a value.
struct FunctionOverride {
  std::string name;  // "count", "data.p.f"
  std::optional<Value> value;
  std::string replacement;  // the replacing function's name, when not a value
  const DocNode* replacement_node = nullptr;  // its rules, when it is a user function
};

class Evaluator {
 public:
  Evaluator(const PreparedPolicy& policy, const EvalOptions& options);

  // Evaluates a body of the query or of a rule: k runs once per solution.
  bool body(Frame& f, const Body& b, size_t i, Next k);
  // Evaluates a term to its values (refs may have several), binding the vars of refs.
  bool term(Frame& f, const Term* t, ValueNext k);
  // Unifies two terms, binding vars on either side.
  bool unify(Frame& f, const Term* a, const Term* b, Next k);
  // Unifies a term (a pattern of vars, arrays and objects) with a value.
  bool unify_value(Frame& f, const Term* pattern, const Value& v, Next k);

  // eval_refs.cc
  bool ref(Frame& f, const Term* r, ValueNext k);
  bool index(Frame& f, const Value& v, const std::vector<Term*>& items, size_t i, ValueNext k);
  // The document at a node: its rules' values merged with the base document.
  std::optional<Value> document(const DocNode* node, const Value* base, std::vector<Value>& path);
  // eval_rules.cc
  std::optional<Value> rules_value(const DocNode* node);
  bool call_function(Frame& f, const DocNode* node, const std::vector<Value>& args, const Expr* at,
                     ValueNext k);
  // One definition of a function: its args unified with `args` in a frame of its own, its body
  // evaluated, on_value called with each value of its head.
  bool function_rule(const RuleIr* r, const std::vector<Value>& args, ValueNext on_value);
  // eval_calls.cc
  bool call(Frame& f, const Expr* e, Next k);
  bool call_term(Frame& f, const Term* call, ValueNext k);
  bool with(Frame& f, const Expr* e, Next k);

  [[noreturn]] void fail(const char* code, std::string message, const std::string& file,
                         SourceLocation at) const;
  void step(const Frame& f, const Expr* e);
  const EvalOptions& options() const { return options_; }
  BuiltinContext& builtin_context() { return builtin_context_; }
  const std::optional<Value>& input() const { return input_; }

  // The depth guard of nested rule and function evaluations.
  class Nested {
   public:
    Nested(Evaluator& e, const std::string& file, SourceLocation at);
    ~Nested() { --e_.depth_; }

   private:
    Evaluator& e_;
  };

 private:
  friend class Nested;
  bool expr(Frame& f, const Body& b, size_t i, Next k);
  bool expr_plain(Frame& f, const Expr* e, Next k);     // `not` applied, `with` not
  bool expr_positive(Frame& f, const Expr* e, Next k);  // neither
  bool every(Frame& f, const Expr* e, Next k);
  bool terms(Frame& f, const std::vector<Term*>& items, size_t i, std::vector<Value>& out,
             FnRef<bool(std::vector<Value>&)> k);
  bool comprehension(Frame& f, const Term* t, ValueNext k);
  const Value& constant(const Term* t);
  bool data_ref(Frame& f, const Term* r, const DocNode* node, const Value* base,
                std::vector<Value>& path, size_t i, ValueNext k);
  const DataOverride* override_at(const std::vector<Value>& path, bool* below) const;
  // The keys directly below `path`: the index's children's and, when `below`, those the `with`
  // overrides under it name; sorted, without repeats.
  std::vector<Value> keys_below(const DocNode* node, const std::vector<Value>& path,
                                bool below) const;
  bool call_builtin(Frame& f, const Expr* e, const std::string& name, const std::vector<Value>& args,
                    ValueNext k);
  // What a call expression names, resolved on its first evaluation in this query: its name, its
  // user function's rules or none (a built-in), the operands passed and the output term.
  struct ResolvedCall {
    bool unification = false;  // `=` or `:=`
    std::string name;
    const DocNode* node = nullptr;
    std::vector<Term*> operands;
    const Term* output = nullptr;
  };
  const ResolvedCall& resolve(const Frame& f, const Expr* e);
  bool call_named(Frame& f, const Expr* e, const std::string& name, const DocNode* node,
                  const std::vector<Value>& args, ValueNext k);
  // The functions a call's operator ref names (`data.p.f`, `data.p["a.b"]`), or null.
  const DocNode* function_node(const Term* op) const;
  bool with_functions_and_data(Frame& f, const Expr* e, size_t i, Next k);
  friend struct RuleRun;

  const PreparedPolicy& policy_;
  const EvalOptions& options_;
  BuiltinContext builtin_context_;
  std::optional<Value> input_;
  std::vector<DataOverride> data_overrides_;
  std::vector<FunctionOverride> function_overrides_;
  // Values of rules without arguments, per node; replaced while a `with` is in force.
  using Cache = std::unordered_map<const DocNode*, std::optional<Value>>;
  std::unique_ptr<Cache> cache_ = std::make_unique<Cache>();
  std::vector<const DocNode*> in_progress_;
  std::unordered_map<const Term*, Value> constants_;
  std::unordered_map<const Expr*, ResolvedCall> calls_;
  uint64_t steps_ = 0;
  size_t depth_ = 0;
};

// The name a call's operator ref spells: "count", "data.p.f" (rego's ref text).
std::string operator_name(const Term* op, const ir::Names& names);

}  // namespace assay::rego::eval
