// The RewriteLocalVars stage (OPA's rewriteLocalVars and rewriteDeclaredVarsIn*): vars declared
// with `:=`, `some` and `every` get fresh generated names (`__localN__`) scoped to their body or
// comprehension, function arguments too; and the misuse of declarations is reported as OPA
// reports it: "var x assigned above", "var x referenced above", "var x declared above",
// "arg x redeclared", "declared var x unused", "cannot assign to ...", "cannot assign vars
// inside negated expression", "called function f shadowed", "rule arguments cannot contain
// calls" (and, in strict mode, unused assigned vars and arguments).
#include <algorithm>

#include "src/rego/compile_stages.h"
#include "src/rego/safety.h"

namespace assay::rego::ir {

namespace {

enum class Occurrence : uint8_t { kNew, kArg, kSeen, kAssigned, kDeclared };

struct Entry {
  VarId var;
  VarId generated;
  Occurrence occurrence;
  int count;
};

struct Scope {
  std::vector<Entry> entries;

  Entry* find(VarId v) {
    for (Entry& e : entries) {
      if (e.var == v) return &e;
    }
    return nullptr;
  }
};

// OPA's localDeclaredVars: a stack of scopes of declared vars.
class Stack {
 public:
  explicit Stack(Policy& p) : p_(&p) { scopes_.emplace_back(); }

  // Copy(): one scope holding every declaration, plus empty scopes to the same depth.
  Stack flattened() const {
    Stack out(*p_);
    out.scopes_.resize(scopes_.size());
    for (const Scope& s : scopes_) {
      for (const Entry& e : s.entries) {
        if (Entry* existing = out.scopes_[0].find(e.var)) {
          *existing = e;
        } else {
          out.scopes_[0].entries.push_back(e);
        }
      }
    }
    return out;
  }

  void push() { scopes_.emplace_back(); }
  void pop() { scopes_.pop_back(); }
  Scope& top() { return scopes_.back(); }

  void insert(VarId x, VarId y, Occurrence occ) {
    if (Entry* e = top().find(x)) {
      *e = Entry{x, y, occ, 1};
    } else {
      top().entries.push_back(Entry{x, y, occ, 1});
    }
    if (x != y) p_->rewritten[y] = x;
  }

  bool declared(VarId x, VarId* y) {
    for (auto it = scopes_.rbegin(); it != scopes_.rend(); ++it) {
      if (Entry* e = it->find(x)) {
        *y = e->generated;
        return true;
      }
    }
    return false;
  }

  Occurrence occurrence(VarId x) {
    Entry* e = top().find(x);
    return e == nullptr ? Occurrence::kNew : e->occurrence;
  }

  bool global_occurrence(VarId x, Occurrence* occ) {
    for (auto it = scopes_.rbegin(); it != scopes_.rend(); ++it) {
      if (Entry* e = it->find(x)) {
        *occ = e->occurrence;
        return true;
      }
    }
    return false;
  }

  void seen(VarId x) {
    for (auto it = scopes_.rbegin(); it != scopes_.rend(); ++it) {
      if (Entry* e = it->find(x)) {
        ++e->count;
        return;
      }
    }
  }

  int count(VarId x) {
    for (auto it = scopes_.rbegin(); it != scopes_.rend(); ++it) {
      if (Entry* e = it->find(x)) return e->count;
    }
    return 0;
  }

 private:
  Policy* p_;
  std::vector<Scope> scopes_;
};

bool head_may_have_vars(const RuleIr* r) {
  for (const Term* a : r->args) {
    if (!is_scalar(a)) return true;
  }
  if (r->key && !is_scalar(r->key)) return true;
  if (r->value && !is_scalar(r->value)) return true;
  for (size_t i = 1; i < r->ref.size(); ++i) {
    if (!is_scalar(r->ref[i])) return true;
  }
  return false;
}

class Rewriter {
 public:
  Rewriter(Context& c, ModuleIr* m) : c_(c), p_(c.policy), m_(m) {}

  std::vector<RegoError>& errors() { return errs_; }

  // rewriteLocalArgVars: arguments get generated names in the args stack.
  void args(Stack& stack, RuleIr* r) {
    for (Term* arg : r->args) arg_term(stack, arg);
  }

  // rewriteLocalVarsInRule.
  Stack rule(RuleIr* r, Stack& args_stack, VarSet& unused_args) {
    const bool only_scalars = !head_may_have_vars(r);
    VarSet used;
    if (!only_scalars) {
      // Comprehensions in the head get their own scopes first (OPA's nested head transform).
      std::vector<RegoError> saved = std::move(errs_);
      errs_.clear();
      for (Term* a : r->args) nested_head(a);
      if (r->key) nested_head(r->key);
      if (r->value) nested_head(r->value);
      std::vector<RegoError> nested = std::move(errs_);
      errs_ = std::move(saved);
      if (!nested.empty()) c_.errors.add(std::move(nested));
      for (size_t i = 1; i < r->ref.size(); ++i) {
        if (!is_scalar(r->ref[i])) collect_vars(r->ref[i], VisitParams{}, used);
      }
      if (r->key && !is_scalar(r->key)) collect_vars(r->key, VisitParams{}, used);
      if (r->value && !is_scalar(r->value)) {
        VarSet value_vars = vars_of(r->value);
        used.add_all(value_vars);
        unused_args = unused_args.diff(value_vars);
      }
    }
    Stack stack = args_stack.flattened();
    r->body = body(stack, used, r->body);
    if (only_scalars) return stack;
    // Head vars that name vars declared in the body take their generated names.
    Scope& top = stack.top();
    auto rename = [&](auto& self, Term* t) -> void {
      if (t->kind == TermKind::kVar) {
        if (Entry* e = top.find(t->var)) t->var = e->generated;
        return;
      }
      for (Term* item : t->items) self(self, item);
      rename_body(t->body, top);
    };
    for (Term* a : r->args) rename(rename, a);
    for (size_t i = 1; i < r->ref.size(); ++i) rename(rename, r->ref[i]);
    if (r->key) rename(rename, r->key);
    if (r->value) rename(rename, r->value);
    return stack;
  }

 private:
  void rename_body(Body& b, Scope& top) {
    for (Expr* e : b) {
      auto rename = [&](auto& self, Term* t) -> void {
        if (t == nullptr) return;
        if (t->kind == TermKind::kVar) {
          if (Entry* en = top.find(t->var)) t->var = en->generated;
          return;
        }
        for (Term* item : t->items) self(self, item);
        rename_body(t->body, top);
      };
      for (Term* t : e->terms) rename(rename, t);
      rename(rename, e->key);
      rename(rename, e->value);
      rename(rename, e->domain);
      rename_body(e->body, top);
      for (With& w : e->with) {
        rename(rename, w.target);
        rename(rename, w.value);
      }
    }
  }

  void error(SourceLocation at, std::string message) {
    errs_.push_back(c_.error(kCompileError, std::move(message), m_->file, at));
  }

  std::string name(VarId v) const { return std::string(p_.names.display(v)); }

  void arg_term(Stack& stack, Term* t) {
    switch (t->kind) {
      case TermKind::kVar: {
        VarId gv;
        if (stack.declared(t->var, &gv)) {
          stack.seen(t->var);
        } else {
          gv = p_.names.generate_local();
          stack.insert(t->var, gv, Occurrence::kArg);
        }
        t->var = gv;
        return;
      }
      case TermKind::kObject:
        for (size_t i = 1; i < t->items.size(); i += 2) arg_term(stack, t->items[i]);
        return;
      case TermKind::kCall:
        c_.errors.add(
            c_.error(kCompileError, "rule arguments cannot contain calls", m_->file, t->location));
        return;
      case TermKind::kRef:
      case TermKind::kArray:
        for (Term* item : t->items) arg_term(stack, item);
        return;
      default:
        return;  // scalars, sets, comprehensions, template strings
    }
  }

  // OPA's rewriteNestedHeadVarLocalTransform.
  void nested_head(Term* t) {
    switch (t->kind) {
      case TermKind::kObject:
      case TermKind::kSet:
        for (Term* item : t->items) nested_head(item);
        return;
      case TermKind::kArrayComprehension:
      case TermKind::kSetComprehension:
      case TermKind::kObjectComprehension: {
        Stack fresh(p_);
        comprehension(fresh, t);
        return;
      }
      default:
        for (Term* item : t->items) nested_head(item);
    }
  }

  // rewriteDeclaredVar.
  bool declare(Stack& stack, VarId v, Occurrence occ, VarId* gv, std::string* err) {
    switch (stack.occurrence(v)) {
      case Occurrence::kSeen:
        *err = "var " + name(v) + " referenced above";
        return false;
      case Occurrence::kAssigned:
        *err = "var " + name(v) + " assigned above";
        return false;
      case Occurrence::kDeclared:
        *err = "var " + name(v) + " declared above";
        return false;
      case Occurrence::kArg:
        *err = "arg " + name(v) + " redeclared";
        return false;
      case Occurrence::kNew:
        break;
    }
    *gv = p_.names.generate_local();
    stack.insert(v, *gv, occ);
    return true;
  }

  // rewriteDeclaredVarsInBody.
  Body body(Stack& stack, const VarSet& used, const Body& original) {
    Body out;
    out.reserve(original.size());
    for (Expr* e : original) {
      Expr* r = nullptr;
      if (is_assignment(e, p_.well_known)) {
        r = assignment(stack, e);
      } else if (e->kind == ExprKind::kSome) {
        r = some(stack, p_.arena.copy(e));
      } else if (e->kind == ExprKind::kEvery) {
        r = every(stack, p_.arena.copy(e));
      } else {
        expr(stack, e);
        r = e;
      }
      if (r != nullptr) out.push_back(r);
    }
    if (out.empty()) {
      Expr* t = p_.arena.expr(ExprKind::kTerm, {});
      t->terms.push_back(p_.arena.boolean(true, {}));
      out.push_back(t);
    }
    if (c_.strict) unused_assigned(stack, used, original);
    unused_declared(stack, used, original, out);
    return out;
  }

  void unused_assigned(Stack& stack, const VarSet& used, const Body& original) {
    if (!errs_.empty()) return;
    std::vector<std::pair<std::string, VarId>> unused;  // (generated name, original)
    VarSet used_generated;
    for (VarId v : used) {
      VarId gv;
      used_generated.add(stack.declared(v, &gv) ? gv : v);
    }
    for (const Entry& e : stack.top().entries) {
      if (e.occurrence != Occurrence::kAssigned || p_.names.is_wildcard(e.var)) continue;
      if (stack.count(e.var) > 1 || used_generated.contains(e.generated)) continue;
      unused.emplace_back(p_.names.text(e.generated), e.var);
    }
    std::sort(unused.begin(), unused.end());
    for (const auto& [gname, var] : unused) {
      const VarId gv = p_.names.intern(gname);
      SourceLocation at = original.empty() ? SourceLocation{} : original[0]->location;
      for (const Expr* e : original) {
        if (vars_of(e).contains(gv)) {
          at = e->location;
          break;
        }
      }
      error(at, "assigned var " + name(var) + " unused");
    }
  }

  void unused_declared(Stack& stack, const VarSet& used, const Body& original, const Body& out) {
    if (!errs_.empty()) return;
    VarSet declared;
    for (const Entry& e : stack.top().entries) {
      if (e.occurrence == Occurrence::kDeclared) declared.add(e.generated);
    }
    if (declared.empty()) return;
    VarSet body_vars = vars_of(out);
    for (VarId v : used) {
      VarId gv;
      body_vars.add(stack.declared(v, &gv) ? gv : v);
    }
    VarSet unused = declared.diff(body_vars).diff(used);
    if (unused.empty()) return;
    std::vector<std::pair<std::string, VarId>> sorted;
    for (VarId gv : unused) {
      VarId original_var = gv;
      for (const Entry& e : stack.top().entries) {
        if (e.generated == gv) original_var = e.var;
      }
      sorted.emplace_back(p_.names.text(gv), original_var);
    }
    std::sort(sorted.begin(), sorted.end());
    for (const auto& [gname, rv] : sorted) {
      if (p_.names.is_generated(rv)) continue;
      SourceLocation at = original.empty() ? SourceLocation{} : original[0]->location;
      for (const Expr* e : original) {
        VarSet d;
        declared_vars_in_expr(e, d, p_.well_known);
        if (d.contains(rv)) {
          at = e->location;
          break;
        }
      }
      error(at, "declared var " + name(rv) + " unused");
    }
  }

  // rewriteDeclaredAssignment.
  Expr* assignment(Stack& stack, Expr* e) {
    if (e->negated) {
      error(e->location, "cannot assign vars inside negated expression");
      return e;
    }
    const size_t before = errs_.size();
    if (e->operand_count() != 2) return e;
    term(stack, e->terms[2]);
    for (With& w : e->with) term(stack, w.value);
    assign_lhs(stack, e->terms[1]);
    if (errs_.size() == before) {
      const SourceLocation at =
          e->terms[0]->items.empty() ? e->terms[0]->location : e->terms[0]->items[0]->location;
      e->terms[0] = p_.arena.ref({p_.arena.var(p_.well_known.eq, at)}, at);
    }
    return e;
  }

  void assign_lhs(Stack& stack, Term* t) {
    switch (t->kind) {
      case TermKind::kVar: {
        VarId gv;
        std::string err;
        if (declare(stack, t->var, Occurrence::kAssigned, &gv, &err)) {
          t->var = gv;
        } else {
          error(t->location, err);
        }
        return;
      }
      case TermKind::kArray:
        for (Term* item : t->items) assign_lhs(stack, item);
        return;
      case TermKind::kObject:
        for (size_t i = 1; i < t->items.size(); i += 2) assign_lhs(stack, t->items[i]);
        return;
      case TermKind::kRef:
        if (is_root_document_ref(t)) {
          VarId gv;
          std::string err;
          if (declare(stack, t->items[0]->var, Occurrence::kAssigned, &gv, &err)) {
            make_var(t, gv);
          } else {
            error(t->location, err);
          }
          return;
        }
        break;
      default:
        break;
    }
    error(t->location, "cannot assign to " + std::string(value_name(t)));
  }

  static void make_var(Term* t, VarId v) {
    t->kind = TermKind::kVar;
    t->var = v;
    t->items.clear();
  }

  // rewriteSomeDeclStatement (on a copy of the expression).
  Expr* some(Stack& stack, Expr* e) {
    for (Term* symbol : e->terms) {
      if (symbol->kind == TermKind::kVar) {
        VarId gv;
        std::string err;
        if (!declare(stack, symbol->var, Occurrence::kDeclared, &gv, &err)) {
          error(e->location, err);
          return nullptr;
        }
        continue;
      }
      if (symbol->kind != TermKind::kCall) continue;
      // `some x in xs` becomes `x = xs[__localN__]`; `some k, v in xs` becomes `v = xs[k]`.
      Term *key, *val, *container;
      if (symbol->items.size() == 4) {
        key = symbol->items[1];
        val = symbol->items[2];
        container = symbol->items[3];
      } else if (symbol->items.size() == 3) {
        key = p_.arena.var(p_.names.generate_local(), {});
        val = symbol->items[1];
        container = symbol->items[2];
      } else {
        return nullptr;
      }
      Term* rhs;
      if (container->kind == TermKind::kRef) {
        std::vector<Term*> items = container->items;
        items.push_back(key);
        rhs = p_.arena.ref(std::move(items), {});
      } else {
        rhs = p_.arena.ref({container, key}, {});
      }
      e->kind = ExprKind::kCall;
      e->terms = {p_.arena.ref({p_.arena.var(p_.well_known.eq, {})}, {}), val, rhs};
      VarSet outputs = output_vars_for_expr_eq(e, vars_of(container));
      std::vector<std::pair<std::string, VarId>> sorted;
      for (VarId v : outputs) sorted.emplace_back(p_.names.text(v), v);
      std::sort(sorted.begin(), sorted.end());
      for (const auto& [text, v] : sorted) {
        VarId gv;
        std::string err;
        if (!declare(stack, v, Occurrence::kDeclared, &gv, &err)) {
          error(e->location, err);
          return nullptr;
        }
      }
      expr(stack, e);
      return e;
    }
    return nullptr;
  }

  // rewriteEveryStatement (on a copy of the expression).
  Expr* every(Stack& stack, Expr* e) {
    term(stack, e->domain);
    stack.push();
    auto declare_var = [&](Term* t) {
      if (p_.names.is_wildcard(t->var)) return true;
      VarId gv;
      std::string err;
      if (!declare(stack, t->var, Occurrence::kDeclared, &gv, &err)) {
        error(e->location, err);
        return false;
      }
      t->var = gv;
      return true;
    };
    if (e->key != nullptr) {
      if (e->key->kind == TermKind::kVar && !declare_var(e->key)) {
        stack.pop();
        return nullptr;
      }
    } else {
      e->key = p_.arena.var(p_.names.generate_local(), {});
    }
    if (e->value->kind == TermKind::kVar && !declare_var(e->value)) {
      stack.pop();
      return nullptr;
    }
    e->body = body(stack, VarSet{}, e->body);
    expr(stack, e);
    stack.pop();
    return e;
  }

  // rewriteDeclaredVarsInExpr: every term and with modifier of the expression.
  void expr(Stack& stack, Expr* e) {
    for (Term* t : e->terms) term(stack, t);
    if (e->kind == ExprKind::kEvery) {
      if (e->key) term(stack, e->key);
      term(stack, e->value);
      term(stack, e->domain);
      for (Expr* x : e->body) expr(stack, x);
    }
    for (With& w : e->with) with(stack, w);
  }

  // rewriteDeclaredVarsInWithRecursive.
  void with(Stack& stack, With& w) {
    term(stack, w.target);
    VarId shadow;
    if (stack.declared(Names::kInput, &shadow)) {
      // `input` shadowed by a local: the with target still means the input document.
      if (w.target->kind == TermKind::kVar && w.target->var == shadow) {
        w.target->kind = TermKind::kRef;
        w.target->items = {p_.arena.var(Names::kInput, w.target->location)};
      } else if (w.target->kind == TermKind::kRef && !w.target->items.empty() &&
                 w.target->items[0]->kind == TermKind::kVar && w.target->items[0]->var == shadow) {
        w.target->items[0]->var = Names::kInput;
      }
    }
    term(stack, w.value);
  }

  // rewriteDeclaredVarsInTerm and its recursive walk.
  void term(Stack& stack, Term* t) {
    if (t == nullptr) return;
    switch (t->kind) {
      case TermKind::kVar: {
        VarId gv;
        if (stack.declared(t->var, &gv)) {
          const VarId v = t->var;
          t->var = gv;
          stack.seen(v);
        } else if (stack.occurrence(t->var) == Occurrence::kNew) {
          stack.insert(t->var, t->var, Occurrence::kSeen);
        }
        return;
      }
      case TermKind::kRef:
        if (is_root_document_ref(t)) {
          const VarId x = t->items[0]->var;
          Occurrence occ;
          if (stack.global_occurrence(x, &occ) && occ != Occurrence::kSeen) {
            VarId gv = x;
            stack.declared(x, &gv);
            make_var(t, gv);
          }
          return;
        }
        break;
      case TermKind::kCall: {
        const Term* op = t->items[0];
        for (const Term* item : op->items) {
          if (item->kind != TermKind::kVar) continue;
          VarId gv;
          if (stack.declared(item->var, &gv) && gv != item->var) {
            error(t->location, "called function " + term_string(op, p_.names) + " shadowed");
            break;
          }
        }
        break;
      }
      case TermKind::kObject:
      case TermKind::kSet:
        for (Term* item : t->items) term(stack, item);
        return;
      case TermKind::kArrayComprehension:
      case TermKind::kSetComprehension:
      case TermKind::kObjectComprehension:
        comprehension(stack, t);
        return;
      default:
        break;
    }
    for (Term* item : t->items) term(stack, item);
  }

  // rewriteDeclaredVarsIn{Array,Set,Object}Comprehension.
  void comprehension(Stack& stack, Term* t) {
    VarSet used;
    for (const Term* head : t->items) collect_vars(head, VisitParams{}, used);
    stack.push();
    t->body = body(stack, used, t->body);
    for (Term* head : t->items) term(stack, head);
    stack.pop();
  }

  Context& c_;
  Policy& p_;
  ModuleIr* m_;
  std::vector<RegoError> errs_;
};

}  // namespace

void rewrite_local_vars(Context& c) {
  Policy& p = c.policy;
  for (ModuleIr* m : p.modules) {
    Rewriter rewriter(c, m);
    for (RuleIr* rule : m->rules) {
      Stack args_stack(p);
      VarSet unused_args;
      if (c.strict) {
        for (const Term* a : rule->args) collect_vars(a, VisitParams{}, unused_args);
      }
      rewriter.args(args_stack, rule);
      for (RuleIr* r = rule; r != nullptr; r = r->else_rule) {
        rewriter.errors().clear();
        Stack stack = rewriter.rule(r, args_stack, unused_args);
        if (!rewriter.errors().empty() && !c.errors.add(std::move(rewriter.errors()))) return;
        VarSet still_unused;
        for (VarId a : unused_args) {
          if (stack.count(a) <= 1) still_unused.add(a);
        }
        unused_args = std::move(still_unused);
      }
      if (c.strict) {
        std::vector<std::string> names;
        for (VarId a : unused_args) {
          if (!p.names.is_wildcard(a)) names.push_back(p.names.text(a));
        }
        std::sort(names.begin(), names.end());
        for (const std::string& n : names) {
          if (!c.errors.add(
                  c.error(kCompileError,
                          "unused argument " + n + ". (hint: use _ (wildcard variable) instead)",
                          m->file, rule->head_location))) {
            return;
          }
        }
      }
    }
  }
}

}  // namespace assay::rego::ir
