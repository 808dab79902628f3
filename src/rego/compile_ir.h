// The compiler's working copy of a policy: the modules of ast.h re-shaped the way OPA's compiler
// holds them while it checks them (v1/ast/policy.go, term.go), so that each stage (resolve refs,
// rewrite local vars, safety, recursion, ...) can be ported from OPA's compile.go step by step
// and rewrite the copy as OPA rewrites its own: vars renamed to generated `__localN__` names,
// nested calls pulled out into generated expressions, refs to rules made absolute (`data.p.q`).
//
// Var names are interned (VarId); VarSet is a small sorted vector, because safety analysis does
// many set operations on a handful of vars. Nodes live in an Arena and are referred to by raw
// pointer; the arena owns them for the life of one compile() call. The input AST is only read.
// Not thread-safe: one Policy per compile() call.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "src/rego/ast.h"
#include "src/rego/error.h"

namespace assay::rego::ir {

using VarId = uint32_t;

// Interned var names. Ids 0 and 1 are `data` and `input` (OPA's ReservedVars).
class Names {
 public:
  static constexpr VarId kData = 0;
  static constexpr VarId kInput = 1;

  Names();
  VarId intern(std::string_view name);
  const std::string& text(VarId id) const { return texts_[id]; }
  // A fresh `__localN__` (OPA's localVarGenerator): never a name already interned.
  VarId generate_local();
  // A fresh wildcard `$N` (the parser's name for each `_`).
  VarId generate_wildcard();
  // OPA's Var.IsGenerated (prefix "__local") and Var.IsWildcard (prefix "$").
  bool is_generated(VarId id) const;
  bool is_wildcard(VarId id) const;
  // OPA's Var.String(): wildcards print as "_".
  std::string_view display(VarId id) const;

 private:
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
  };
  std::unordered_map<std::string, VarId, Hash, std::equal_to<>> ids_;
  std::vector<std::string> texts_;
  int next_local_ = 0;
  int next_wildcard_ = 0;
};

// A set of vars, kept sorted.
class VarSet {
 public:
  VarSet() = default;
  bool contains(VarId v) const;
  void add(VarId v);
  void add_all(const VarSet& other);
  void remove(VarId v);
  bool empty() const { return v_.empty(); }
  size_t size() const { return v_.size(); }
  void clear() { v_.clear(); }
  std::vector<VarId>::const_iterator begin() const { return v_.begin(); }
  std::vector<VarId>::const_iterator end() const { return v_.end(); }
  VarSet diff(const VarSet& other) const;
  VarSet intersect(const VarSet& other) const;
  // How many of this set's vars are not in `other`.
  size_t diff_count(const VarSet& other) const;
  bool operator==(const VarSet& other) const { return v_ == other.v_; }

 private:
  std::vector<VarId> v_;
};

// OPA's Value kinds, in OPA's sort order (ast/compare.go).
enum class TermKind : uint8_t {
  kNull,
  kBoolean,
  kNumber,
  kString,
  kVar,
  kRef,
  kArray,
  kObject,
  kSet,
  kArrayComprehension,
  kObjectComprehension,
  kSetComprehension,
  kCall,
  kTemplateString,
};

struct Expr;
using Body = std::vector<Expr*>;

struct Term {
  TermKind kind = TermKind::kNull;
  bool boolean = false;
  VarId var = 0;     // kVar
  std::string text;  // kNumber: the literal; kString: the value
  SourceLocation location;
  // kRef: head, then path; kArray, kSet: elements; kObject: key, value, key, value, ...;
  // kCall: operator (a kRef), then arguments; comprehensions: the head term (object: key, value);
  // kTemplateString: the parts (strings and expression terms).
  std::vector<Term*> items;
  Body body;  // comprehensions
};

struct With {
  Term* target = nullptr;
  Term* value = nullptr;
  SourceLocation location;
};

enum class ExprKind : uint8_t { kTerm, kCall, kSome, kEvery };

struct Expr {
  ExprKind kind = ExprKind::kTerm;
  bool negated = false;
  bool generated = false;  // added by a rewrite (OPA's Expr.Generated)
  SourceLocation location;
  // kTerm: the term; kCall: operator (a kRef), then operands; kSome: the symbols (vars, or one
  // member call for `some x in xs`).
  std::vector<Term*> terms;
  std::vector<With> with;
  // kEvery.
  Term* key = nullptr;  // may be null
  Term* value = nullptr;
  Term* domain = nullptr;
  Body body;

  Term* operand(size_t i) const { return i + 1 < terms.size() ? terms[i + 1] : nullptr; }
  size_t operand_count() const { return terms.empty() ? 0 : terms.size() - 1; }
};

struct ModuleIr;

struct RuleIr {
  ModuleIr* module = nullptr;
  bool is_default = false;
  std::vector<Term*> ref;  // the head's reference: ref[0] is the rule name (a kVar)
  std::vector<Term*> args;
  Term* key = nullptr;    // multi-value rules: the member
  Term* value = nullptr;  // null only for multi-value rules (OPA's RuleKind)
  bool assign = false;
  Body body;
  RuleIr* else_rule = nullptr;
  bool is_else = false;
  SourceLocation location;
  SourceLocation head_location;

  bool multi_value() const { return value == nullptr; }
};

struct ImportIr {
  Term* path = nullptr;  // a kRef
  VarId alias = 0;
  bool has_alias = false;
  SourceLocation location;
};

struct ModuleIr {
  std::string file;
  RegoVersion version = RegoVersion::kV1;
  bool v1_compatible = true;   // v1, or v0 with `import rego.v1`: OPA's v1-only checks apply
  std::vector<Term*> package;  // data, "a", "b" (a ref's items)
  SourceLocation package_location;
  std::vector<ImportIr> imports;
  std::vector<RuleIr*> rules;
};

// Owns every node of one compilation.
class Arena {
 public:
  Term* term(TermKind kind, SourceLocation at);
  Term* var(VarId v, SourceLocation at);
  Term* string(std::string value, SourceLocation at);
  Term* boolean(bool value, SourceLocation at);
  // A ref of vars and strings: ref({data, "a"}) is data.a.
  Term* ref(std::vector<Term*> items, SourceLocation at);
  Term* copy(const Term* t);  // deep
  Expr* copy(const Expr* e);  // deep
  Expr* expr(ExprKind kind, SourceLocation at);
  RuleIr* rule() { return &rules_.emplace_back(); }
  ModuleIr* module() { return &modules_.emplace_back(); }

 private:
  std::deque<Term> terms_;
  std::deque<Expr> exprs_;
  std::deque<RuleIr> rules_;
  std::deque<ModuleIr> modules_;
};

// Builtin names the stages test for, interned once.
struct WellKnown {
  VarId eq, assign, equal, print, internal, member2, member3, template_string;
  VarId future, rego, keywords, system;
  explicit WellKnown(Names& names);
};

// One policy being compiled: the arena, the names and the modules, sorted by file name as OPA's
// compiler sorts them (c.sorted).
struct Policy {
  Names names;
  Arena arena;
  WellKnown well_known{names};
  std::vector<ModuleIr*> modules;
  // Generated var -> the var it replaced (OPA's RewrittenVars), to name vars in messages.
  std::unordered_map<VarId, VarId> rewritten;

  // The original name of a var a rewrite renamed, or v itself.
  VarId original(VarId v) const;
  // `lhs = rhs`.
  Expr* make_eq(Term* lhs, Term* rhs, SourceLocation at, bool generated);
  // `__localN__ = other`, generated, at other's location (OPA's equalityFactory.Generate).
  Expr* generate_eq(Term* other);
};

// Builds the working copy of `modules` (sorted by file name). Each `_` becomes a fresh wildcard,
// a lone `data`/`input` becomes a ref, an empty rule body becomes OPA's generated `true`, and an
// implied head value becomes `true`.
void build_policy(const std::vector<std::unique_ptr<Module>>& modules, Policy& policy);
// The working copy of a query's body (for check_query), converted as rule bodies are.
Body build_body(const rego::Body& body, Policy& policy);

// ---- Queries on terms and expressions (OPA's helpers of the same names) ----

bool is_scalar(const Term* t);
// No vars anywhere inside (refs, calls and comprehensions count as not ground).
bool is_ground(const Term* t);
// OPA's IsConstant: scalars and composites of constants.
bool is_constant(const Term* t);
// A ref [data] or [input], exactly (OPA's RootDocumentRefs.Contains).
bool is_root_document_ref(const Term* t);
// A one-var ref naming a global builtin operator: `eq`, `assign`, ... (isGlobalBuiltin).
bool is_global_builtin(const Expr* e, VarId name);
inline bool is_equality(const Expr* e, const WellKnown& w) { return is_global_builtin(e, w.eq); }
inline bool is_assignment(const Expr* e, const WellKnown& w) {
  return is_global_builtin(e, w.assign);
}
// Contains a ref or a comprehension (OPA's requiresEval).
bool requires_eval(const Term* t);
// OPA's Compare on values, for tree keys and sorting.
int compare_terms(const Term* a, const Term* b);
bool terms_equal(const Term* a, const Term* b);
// The ground prefix of a ref's items: up to the first non-ground item (the head always counts).
std::vector<Term*> ground_prefix(const std::vector<Term*>& ref);
bool ref_is_ground(const std::vector<Term*>& ref);
// The rule's full ref: package path + head ref, the head's name as a string (Rule.Ref()).
std::vector<Term*> rule_ref(const RuleIr* rule, Policy& policy);

// ---- Printing, as OPA's String() methods print ----

std::string term_string(const Term* t, const Names& names);
std::string ref_string(const std::vector<Term*>& items, const Names& names);
std::string expr_string(const Expr* e, const Names& names);
std::string body_string(const Body& b, const Names& names);
// The package as OPA prints it: "package a.b".
std::string package_string(const ModuleIr* m, const Names& names);
// OPA's Location.String(): "file:row" (or "row:col" without a file).
std::string location_string(const std::string& file, SourceLocation at);
// OPA's ValueName: "var", "ref", "string", "arraycomprehension", ...
std::string_view value_name(const Term* t);

// ---- Var collection (OPA's VarVisitor and its parameters) ----

struct VisitParams {
  bool skip_ref_head = false;
  bool skip_ref_call_head = false;
  bool skip_closures = false;
  bool skip_sets = false;
  bool skip_object_keys = false;
  bool skip_with_target = false;
};
// OPA's SafetyCheckVisitorParams.
inline constexpr VisitParams kSafetyParams{.skip_ref_call_head = true, .skip_closures = true};

void collect_vars(const Term* t, const VisitParams& p, VarSet& out);
void collect_vars(const Expr* e, const VisitParams& p, VarSet& out);
void collect_vars(const Body& b, const VisitParams& p, VarSet& out);
VarSet vars_of(const Term* t, const VisitParams& p = {});
VarSet vars_of(const Expr* e, const VisitParams& p = {});
VarSet vars_of(const Body& b, const VisitParams& p = {});

// Calls f on every expression under the body, closures (comprehensions, every) included, in
// OPA's WalkExprs order; f returns true to skip the expression's insides.
template <typename F>
void walk_exprs(const Body& body, F&& f);
template <typename F>
void walk_exprs_in_term(const Term* t, F&& f);

template <typename F>
void walk_exprs_in_term(const Term* t, F&& f) {
  if (t == nullptr) return;
  for (const Term* item : t->items) walk_exprs_in_term(item, f);
  if (!t->body.empty()) walk_exprs(t->body, f);
}

template <typename F>
void walk_exprs(const Body& body, F&& f) {
  for (Expr* e : body) {
    if (f(e)) continue;
    for (const Term* t : e->terms) walk_exprs_in_term(t, f);
    if (e->kind == ExprKind::kEvery) {
      walk_exprs_in_term(e->key, f);
      walk_exprs_in_term(e->value, f);
      walk_exprs_in_term(e->domain, f);
      walk_exprs(e->body, f);
    }
    for (const With& w : e->with) {
      walk_exprs_in_term(w.target, f);
      walk_exprs_in_term(w.value, f);
    }
  }
}

}  // namespace assay::rego::ir
