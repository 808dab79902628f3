// The rewrites OPA's compiler makes between local-var renaming and the checks, ported so that the
// checks see the policy in the shape OPA's checks see it:
//   RewriteRuleHeadRefs       `p[y.z] := 1` -> `p[__local0__] := 1 if { __local0__ = y.z }`
//   RewriteTemplateStrings    $"..{x}.." -> internal.template_string([...]); "var x is undeclared"
//   CheckVoidCalls            "print(x) used as value"
//   RewritePrintCalls         print(x) -> internal.print([{__local0__ | __local0__ = x}])
//   RewriteExprTerms          `x := f(y)` -> `f(y, __local0__); x = __local0__` (generated)
//   RewriteComprehensionTerms `[x.y | ...]` -> `[__local0__ | ...; __local0__ = x.y]`
//   RewriteRefsInHead         `p := input.x` -> `p := __local0__ if { __local0__ = input.x }`
//   RewriteWithValues         with targets validated; values that need evaluation bound first
#include <algorithm>

#include "src/rego/builtins/registry.h"
#include "src/rego/compile_stages.h"
#include "src/rego/safety.h"

namespace assay::rego::ir {

namespace {

bool is_comprehension(const Term* t) {
  return t->kind == TermKind::kArrayComprehension || t->kind == TermKind::kSetComprehension ||
         t->kind == TermKind::kObjectComprehension;
}

// Applies f to every body of a rule (its own, its comprehensions', its `every` bodies), inner
// bodies first.
template <typename F>
void for_each_body_in_term(Term* t, F& f);

template <typename F>
void for_each_body(Body& body, F& f) {
  for (Expr* e : body) {
    for (Term* t : e->terms) for_each_body_in_term(t, f);
    if (e->kind == ExprKind::kEvery) {
      for_each_body_in_term(e->domain, f);
      for_each_body(e->body, f);
    }
    for (With& w : e->with) {
      for_each_body_in_term(w.target, f);
      for_each_body_in_term(w.value, f);
    }
  }
  f(body);
}

template <typename F>
void for_each_body_in_term(Term* t, F& f) {
  if (t == nullptr) return;
  for (Term* item : t->items) for_each_body_in_term(item, f);
  if (is_comprehension(t)) for_each_body(t->body, f);
}

// The same, outer bodies first (OPA's Transform order), seeing each body after f rewrote it.
template <typename F>
void for_each_body_pre_in_term(Term* t, F& f);

template <typename F>
void for_each_body_pre(Body& body, F& f) {
  f(body);
  for (Expr* e : body) {
    for (Term* t : e->terms) for_each_body_pre_in_term(t, f);
    if (e->kind == ExprKind::kEvery) {
      for_each_body_pre_in_term(e->domain, f);
      for_each_body_pre(e->body, f);
    }
    for (With& w : e->with) {
      for_each_body_pre_in_term(w.target, f);
      for_each_body_pre_in_term(w.value, f);
    }
  }
}

template <typename F>
void for_each_body_pre_in_term(Term* t, F& f) {
  if (t == nullptr) return;
  for (Term* item : t->items) for_each_body_pre_in_term(item, f);
  if (is_comprehension(t)) for_each_body_pre(t->body, f);
}

template <typename F>
void for_each_rule(Policy& p, F&& f) {
  for (ModuleIr* m : p.modules) {
    for (RuleIr* rule : m->rules) {
      for (RuleIr* r = rule; r != nullptr; r = r->else_rule) f(m, r);
    }
  }
}

}  // namespace

void rewrite_rule_head_refs(Context& c) {
  Policy& p = c.policy;
  for (ModuleIr* m : p.modules) {
    for (RuleIr* r : m->rules) {
      for (size_t i = 1; i < r->ref.size(); ++i) {
        Term* item = r->ref[i];
        if (item->kind == TermKind::kVar || is_scalar(item)) continue;
        Expr* eq = p.generate_eq(item);
        if (i == r->ref.size() - 1 && r->key != nullptr && terms_equal(r->key, item)) {
          r->key = eq->terms[1];
        }
        r->ref[i] = eq->terms[1];
        r->body.push_back(eq);
      }
    }
  }
}

// ---- Template strings ----

namespace {

class TemplateRewriter {
 public:
  TemplateRewriter(Context& c, ModuleIr* m) : c_(c), p_(c.policy), m_(m) {}

  // rewriteTemplateStrings on a body: returns the vars the body makes safe.
  VarSet body(Body& b, const VarSet& globals) {
    VarSet safe = output_vars_for_body(c_, b, globals);
    safe.add_all(globals);
    for (Expr* e : b) {
      for (Term*& t : e->terms) term(t, safe);
      if (e->kind == ExprKind::kEvery) {
        term(e->domain, safe);
        VarSet s = safe;
        if (e->key) collect_vars(e->key, VisitParams{}, s);
        collect_vars(e->value, VisitParams{}, s);
        body(e->body, s);
      }
      for (With& w : e->with) {
        term(w.target, safe);
        term(w.value, safe);
      }
    }
    return safe;
  }

  void term(Term*& t, const VarSet& safe) {
    if (t == nullptr) return;
    if (t->kind == TermKind::kTemplateString) {
      rewrite(t, safe);
      return;
    }
    if (is_comprehension(t)) {
      VarSet s = body(t->body, safe);
      for (Term*& head : t->items) term(head, s);
      return;
    }
    for (Term*& item : t->items) term(item, safe);
  }

 private:
  void rewrite(Term*& t, const VarSet& safe) {
    std::vector<Term*> parts;
    if (t->items.empty()) parts.push_back(p_.arena.string("", t->location));
    for (Term* part : t->items) {
      if (part->kind == TermKind::kString) {
        parts.push_back(part);
        continue;
      }
      VarSet unsafe = vars_of(part, kSafetyParams).diff(safe);
      std::vector<std::string> names;
      for (VarId v : unsafe) names.emplace_back(p_.names.display(p_.original(v)));
      std::sort(names.begin(), names.end());
      for (const std::string& n : names) {
        c_.errors.add(
            c_.error(kCompileError, "var " + n + " is undeclared", m_->file, part->location));
      }
      // {__localN__ | __localN__ = part}: undefined parts print as <undefined>.
      Term* x = p_.arena.var(p_.names.generate_local(), part->location);
      Term* set = p_.arena.term(TermKind::kSetComprehension, part->location);
      set->items.push_back(x);
      set->body.push_back(
          p_.make_eq(p_.arena.var(x->var, part->location), part, part->location, false));
      parts.push_back(set);
    }
    Term* array = p_.arena.term(TermKind::kArray, t->location);
    array->items = std::move(parts);
    Term* call = p_.arena.term(TermKind::kCall, t->location);
    call->items = {
        p_.arena.ref({p_.arena.var(p_.well_known.template_string, t->location)}, t->location),
        array};
    t = call;
  }

  Context& c_;
  Policy& p_;
  ModuleIr* m_;
};

bool contains_template(const Term* t) {
  if (t == nullptr) return false;
  if (t->kind == TermKind::kTemplateString) return true;
  for (const Term* item : t->items) {
    if (contains_template(item)) return true;
  }
  for (const Expr* e : t->body) {
    for (const Term* x : e->terms) {
      if (contains_template(x)) return true;
    }
  }
  return false;
}

}  // namespace

void rewrite_template_strings(Context& c) {
  Policy& p = c.policy;
  for_each_rule(p, [&](ModuleIr* m, RuleIr* r) {
    bool any = contains_template(r->value) || contains_template(r->key);
    walk_exprs(r->body, [&](Expr* e) {
      for (const Term* t : e->terms) any = any || contains_template(t);
      any = any || contains_template(e->domain);
      for (const With& w : e->with) any = any || contains_template(w.value);
      return any;
    });
    if (!any) return;
    VarSet globals;
    for (const Term* a : r->args) collect_vars(a, VisitParams{}, globals);
    globals.add(Names::kData);
    globals.add(Names::kInput);
    TemplateRewriter rewriter(c, m);
    VarSet safe = rewriter.body(r->body, globals);
    for (Term*& a : r->args) rewriter.term(a, safe);
    if (r->key) rewriter.term(r->key, safe);
    if (r->value) rewriter.term(r->value, safe);
  });
}

// ---- Void calls and print ----

void check_void_calls(Context& c) {
  Policy& p = c.policy;
  std::vector<RegoError> errors;
  for (ModuleIr* m : p.modules) {
    auto visit_term = [&](auto& self, const Term* t) -> void {
      if (t == nullptr) return;
      if (t->kind == TermKind::kCall) {
        const BuiltinDecl* b = c.builtin(t->items[0]);
        if (b != nullptr && b->signature.result.type == nullptr) {
          errors.push_back(c.error(kTypeError, term_string(t, p.names) + " used as value", m->file,
                                   t->location));
        }
      }
      for (const Term* item : t->items) self(self, item);
      for (const Expr* e : t->body) {
        for (const Term* x : e->terms) self(self, x);
        self(self, e->key);
        self(self, e->value);
        self(self, e->domain);
        for (const With& w : e->with) {
          self(self, w.target);
          self(self, w.value);
        }
      }
    };
    auto visit_body = [&](auto& self_body, const Body& b) -> void {
      for (const Expr* e : b) {
        for (const Term* x : e->terms) visit_term(visit_term, x);
        visit_term(visit_term, e->key);
        visit_term(visit_term, e->value);
        visit_term(visit_term, e->domain);
        if (e->kind == ExprKind::kEvery) self_body(self_body, e->body);
        for (const With& w : e->with) {
          visit_term(visit_term, w.target);
          visit_term(visit_term, w.value);
        }
      }
    };
    for (RuleIr* rule : m->rules) {
      for (RuleIr* r = rule; r != nullptr; r = r->else_rule) {
        for (const Term* a : r->args) visit_term(visit_term, a);
        visit_term(visit_term, r->key);
        visit_term(visit_term, r->value);
        visit_body(visit_body, r->body);
      }
    }
  }
  if (!errors.empty()) c.errors.add(std::move(errors));
}

namespace {

// rewritePrintCalls, as `opa check`, `opa eval` and `opa test` run it (print statements
// enabled): each operand must be bound by the expressions before the call, and becomes a set
// comprehension so that an undefined operand prints instead of stopping the body.
class PrintRewriter {
 public:
  PrintRewriter(Context& c, ModuleIr* m) : c_(c), p_(c.policy), m_(m) {}

  // False once an error was reported.
  bool body(Body& b, const VarSet& globals) {
    for (size_t i = 0; i < b.size(); ++i) {
      if (!has_closure(b[i])) continue;
      VarSet safe = prefix_outputs(b, i, globals, false);
      if (!closures(b[i], safe)) return false;
    }
    for (size_t i = 0; i < b.size(); ++i) {
      if (!is_global_builtin(b[i], p_.well_known.print)) continue;
      VarSet safe = prefix_outputs(b, i, globals, true);
      std::vector<RegoError> errors;
      for (size_t j = 1; j < b[i]->terms.size(); ++j) {
        const Term* arg = b[i]->terms[j];
        std::vector<std::string> names;
        for (VarId v : vars_of(arg, kSafetyParams).diff(safe)) {
          names.emplace_back(p_.names.display(v));
        }
        std::sort(names.begin(), names.end());
        for (const std::string& n : names) {
          errors.push_back(
              c_.error(kCompileError, "var " + n + " is undeclared", m_->file, arg->location));
        }
      }
      if (!errors.empty()) {
        c_.errors.add(std::move(errors));
        return false;
      }
      Expr* e = b[i];
      Term* array = p_.arena.term(TermKind::kArray, e->location);
      for (size_t j = 1; j < e->terms.size(); ++j) {
        Term* arg = e->terms[j];
        Term* x = p_.arena.var(p_.names.generate_local(), arg->location);
        Term* set = p_.arena.term(TermKind::kSetComprehension, arg->location);
        set->items.push_back(x);
        set->body.push_back(
            p_.make_eq(p_.arena.var(x->var, arg->location), arg, arg->location, false));
        array->items.push_back(set);
      }
      Expr* call = p_.arena.expr(ExprKind::kCall, e->location);
      call->terms = {p_.arena.ref({p_.arena.var(p_.names.intern("internal"), e->location),
                                   p_.arena.string("print", e->location)},
                                  e->location),
                     array};
      b[i] = call;
    }
    return true;
  }

 private:
  VarSet prefix_outputs(const Body& b, size_t i, const VarSet& globals, bool generated) {
    Body prefix(b.begin(), b.begin() + i);
    VarSet safe = output_vars_for_body(c_, prefix, globals);
    safe.add_all(globals);
    if (generated) {
      for (VarId v : vars_of(prefix)) {
        if (p_.names.is_generated(v)) safe.add(v);
      }
    }
    return safe;
  }

  static bool term_has_closure(const Term* t) {
    if (t == nullptr) return false;
    if (is_comprehension(t)) return true;
    for (const Term* item : t->items) {
      if (term_has_closure(item)) return true;
    }
    return false;
  }

  static bool has_closure(const Expr* e) {
    if (e->kind == ExprKind::kEvery) return true;
    for (const Term* t : e->terms) {
      if (term_has_closure(t)) return true;
    }
    for (const With& w : e->with) {
      if (term_has_closure(w.target) || term_has_closure(w.value)) return true;
    }
    return false;
  }

  // WalkClosures: comprehension and `every` bodies get the safe set (every adds its vars).
  bool closures(Expr* e, VarSet& safe) {
    if (e->kind == ExprKind::kEvery) {
      if (e->key) collect_vars(e->key, VisitParams{}, safe);
      collect_vars(e->value, VisitParams{}, safe);
      return body(e->body, safe);
    }
    for (Term* t : e->terms) {
      if (!term_closures(t, safe)) return false;
    }
    for (With& w : e->with) {
      if (!term_closures(w.target, safe) || !term_closures(w.value, safe)) return false;
    }
    return true;
  }

  bool term_closures(Term* t, VarSet& safe) {
    if (t == nullptr) return true;
    if (is_comprehension(t)) return body(t->body, safe);
    for (Term* item : t->items) {
      if (!term_closures(item, safe)) return false;
    }
    return true;
  }

  Context& c_;
  Policy& p_;
  ModuleIr* m_;
};

}  // namespace

void rewrite_print_calls(Context& c) {
  Policy& p = c.policy;
  for (ModuleIr* m : p.modules) {
    PrintRewriter rewriter(c, m);
    for (RuleIr* rule : m->rules) {
      for (RuleIr* r = rule; r != nullptr; r = r->else_rule) {
        VarSet globals;
        globals.add(Names::kData);
        globals.add(Names::kInput);
        for (const Term* a : r->args) collect_vars(a, VisitParams{}, globals);
        // Bodies in the head first (OPA walks the head's bodies, then the rule's).
        auto head = [&](Body& b) { rewriter.body(b, globals); };
        for (Term* a : r->args) for_each_body_pre_in_term(a, head);
        for_each_body_pre_in_term(r->key, head);
        for_each_body_pre_in_term(r->value, head);
        rewriter.body(r->body, globals);
      }
    }
  }
}

// ---- Expression terms ----

namespace {

class ExprTermExpander {
 public:
  explicit ExprTermExpander(Policy& p) : p_(p) {}

  // expandExprTerm: the expressions that compute t's nested calls, t rewritten in place.
  void term(Term*& t, std::vector<Expr*>& support) {
    switch (t->kind) {
      case TermKind::kCall: {
        for (size_t i = 1; i < t->items.size(); ++i) term(t->items[i], support);
        Term* output = p_.arena.var(p_.names.generate_local(), t->location);
        Expr* e = p_.arena.expr(ExprKind::kCall, t->location);
        e->generated = true;
        e->terms = t->items;
        e->terms.push_back(output);
        support.push_back(e);
        t = p_.arena.var(output->var, t->location);
        return;
      }
      case TermKind::kRef: {
        for (Term*& item : t->items) term(item, support);
        Term* subject = t->items[0];
        switch (subject->kind) {
          case TermKind::kArray:
          case TermKind::kObject:
          case TermKind::kSet:
          case TermKind::kArrayComprehension:
          case TermKind::kSetComprehension:
          case TermKind::kObjectComprehension:
          case TermKind::kCall: {
            Expr* eq = p_.generate_eq(subject);
            support.push_back(eq);
            t->items[0] = p_.arena.var(eq->terms[1]->var, subject->location);
            break;
          }
          default:
            break;
        }
        return;
      }
      case TermKind::kArray:
      case TermKind::kObject:
      case TermKind::kSet:
        for (Term*& item : t->items) term(item, support);
        return;
      case TermKind::kArrayComprehension:
      case TermKind::kSetComprehension:
      case TermKind::kObjectComprehension: {
        for (Term*& head : t->items) {
          std::vector<Expr*> inner;
          term(head, inner);
          for (Expr* e : inner) t->body.push_back(e);
        }
        t->body = body(t->body);
        return;
      }
      default:
        return;
    }
  }

  Body body(const Body& b) {
    Body out;
    out.reserve(b.size());
    for (Expr* e : b) expr(e, out);
    return out;
  }

 private:
  // expandExpr.
  void expr(Expr* e, Body& out) {
    for (With& w : e->with) term(w.value, out);
    switch (e->kind) {
      case ExprKind::kTerm: {
        std::vector<Expr*> extras;
        term(e->terms[0], extras);
        for (Expr* x : extras) {
          if (!e->with.empty()) x->with = e->with;
          out.push_back(x);
        }
        out.push_back(e);
        return;
      }
      case ExprKind::kCall:
        for (size_t i = 1; i < e->terms.size(); ++i) {
          std::vector<Expr*> extras;
          term(e->terms[i], extras);
          for (Expr* x : extras) {
            if (!e->with.empty()) x->with = e->with;
            out.push_back(x);
          }
        }
        out.push_back(e);
        return;
      case ExprKind::kEvery: {
        Term* v = p_.arena.var(p_.names.generate_local(), e->domain->location);
        Expr* eq = p_.make_eq(v, e->domain, e->domain->location, true);
        eq->with = e->with;
        expr(eq, out);
        e->domain = p_.arena.var(v->var, e->domain->location);
        e->body = body(e->body);
        out.push_back(e);
        return;
      }
      case ExprKind::kSome:
        out.push_back(e);
        return;
    }
  }

  Policy& p_;
};

}  // namespace

void rewrite_expr_terms(Context& c) {
  Policy& p = c.policy;
  ExprTermExpander expander(p);
  for_each_rule(p, [&](ModuleIr*, RuleIr* r) {
    std::vector<Expr*> support;
    for (Term*& a : r->args) expander.term(a, support);
    if (r->key) expander.term(r->key, support);
    if (r->value) expander.term(r->value, support);
    for (Expr* e : support) r->body.push_back(e);
    r->body = expander.body(r->body);
  });
}

void rewrite_comprehension_terms(Context& c) {
  Policy& p = c.policy;
  // Inner comprehensions first; then this one's head terms, if they need evaluation.
  auto visit_term = [&](auto& self, Term* t) -> void {
    if (t == nullptr) return;
    for (Term* item : t->items) self(self, item);
    auto visit_body = [&](auto& self_body, Body& b) -> void {
      for (Expr* e : b) {
        for (Term* x : e->terms) self(self, x);
        self(self, e->key);
        self(self, e->value);
        self(self, e->domain);
        self_body(self_body, e->body);
        for (With& w : e->with) {
          self(self, w.target);
          self(self, w.value);
        }
      }
    };
    visit_body(visit_body, t->body);
    if (!is_comprehension(t)) return;
    for (Term*& head : t->items) {
      if (!requires_eval(head)) continue;
      Expr* eq = p.generate_eq(head);
      t->body.push_back(eq);
      head = eq->terms[1];
    }
  };
  auto visit_body = [&](auto& self, Body& b) -> void {
    for (Expr* e : b) {
      for (Term* x : e->terms) visit_term(visit_term, x);
      visit_term(visit_term, e->key);
      visit_term(visit_term, e->value);
      visit_term(visit_term, e->domain);
      self(self, e->body);
      for (With& w : e->with) {
        visit_term(visit_term, w.target);
        visit_term(visit_term, w.value);
      }
    }
  };
  for_each_rule(p, [&](ModuleIr*, RuleIr* r) {
    for (Term* a : r->args) visit_term(visit_term, a);
    visit_term(visit_term, r->key);
    visit_term(visit_term, r->value);
    visit_body(visit_body, r->body);
  });
}

void rewrite_refs_in_head(Context& c) {
  Policy& p = c.policy;
  for_each_rule(p, [&](ModuleIr*, RuleIr* r) {
    auto move = [&](Term*& t) {
      if (!requires_eval(t)) return;
      Expr* eq = p.generate_eq(t);
      r->body.push_back(eq);
      t = eq->terms[1];
    };
    if (r->key) move(r->key);
    if (r->value) move(r->value);
    for (Term*& a : r->args) move(a);
  });
}

// ---- With modifiers ----

namespace {

bool has_function(const std::vector<RuleIr*>& rules) {
  for (const RuleIr* r : rules) {
    if (!r->args.empty()) return true;
  }
  return false;
}

}  // namespace

void rewrite_with_values(Context& c) {
  Policy& p = c.policy;
  auto builtin_named = [&](const Term* t) -> const BuiltinDecl* {
    if (t->kind == TermKind::kVar) return find_builtin(p.names.text(t->var));
    if (t->kind == TermKind::kRef) return c.builtin(t);
    return nullptr;
  };
  // validateWithFunctionValue: a ref to a rule, or a built-in.
  auto function_value = [&](const Term* value) {
    if (value->kind == TermKind::kRef && c.tree->find(value->items) != nullptr) return true;
    return builtin_named(value) != nullptr;
  };
  // validateWith: false with an error, or whether the value must be bound first.
  auto validate = [&](ModuleIr* m, With& w, bool* eval) -> bool {
    *eval = false;
    Term* target = w.target;
    Term* value = w.value;
    if (value->kind == TermKind::kVar && find_builtin(p.names.text(value->var)) != nullptr) {
      w.value = value = p.arena.ref({p.arena.var(value->var, value->location)}, value->location);
    }
    const BuiltinDecl* target_builtin = builtin_named(target);
    const bool is_ref = target->kind == TermKind::kRef && !target->items.empty() &&
                        target->items[0]->kind == TermKind::kVar;
    if (is_ref && target->items[0]->var == Names::kData) {
      const auto& ref = target->items;
      TreeNode* node = c.tree->root();
      for (size_t i = 0; i + 1 < ref.size(); ++i) {
        TreeNode* child = node->child(ref[i]);
        if (child == nullptr) break;
        if (!child->values.empty()) {
          c.errors.add(c.error(kCompileError,
                               "with keyword cannot partially replace virtual document(s)", m->file,
                               target->location));
          return false;
        }
        node = child;
      }
      if (TreeNode* child = node->child(ref.back())) {
        if (has_function(child->values) && function_value(value)) return true;
      }
      if (value->kind == TermKind::kRef) {
        if (TreeNode* vnode = c.tree->find(value->items)) {
          if (has_function(vnode->values)) return true;
        }
      }
    } else if (is_ref && target->items[0]->var == Names::kInput) {
      // ok
    } else if (target_builtin != nullptr) {
      if (target->kind == TermKind::kVar) {
        w.target = target =
            p.arena.ref({p.arena.var(target->var, target->location)}, target->location);
      }
      const std::string name(target_builtin->name);
      std::string error;
      if (name == "eq" || name == "rego.metadata.chain" || name == "rego.metadata.rule") {
        error = "with keyword replacing built-in function: replacement of \"" + name + "\" invalid";
      } else if (name.starts_with("internal.")) {
        error = "with keyword replacing built-in function: replacement of internal function \"" +
                name + "\" invalid";
      } else if (target_builtin->relation) {
        error = "with keyword replacing built-in function: target must not be a relation";
      } else if (target_builtin->signature.result.type == nullptr) {
        error = "with keyword replacing built-in function: target must not be a void function";
      }
      if (!error.empty()) {
        c.errors.add(c.error(kCompileError, error, m->file, target->location));
        return false;
      }
      if (function_value(value)) return true;
    } else {
      c.errors.add(c.error(kTypeError,
                           "with keyword target must reference existing input, data, or a function",
                           m->file, target->location));
      return false;
    }
    *eval = requires_eval(value);
    return true;
  };
  for_each_rule(p, [&](ModuleIr* m, RuleIr* r) {
    // A body stops at its first invalid modifier, as OPA's rewriteWithModifiersInBody does.
    auto rewrite = [&](Body& b) {
      bool any = false;
      for (const Expr* e : b) any = any || !e->with.empty();
      if (!any) return;
      Body out;
      for (Expr* e : b) {
        for (With& w : e->with) {
          bool eval = false;
          if (!validate(m, w, &eval)) return;
          if (eval) {
            Expr* eq = p.generate_eq(w.value);
            out.push_back(eq);
            w.value = p.arena.var(eq->terms[1]->var, w.value->location);
          }
        }
        out.push_back(e);
      }
      b = std::move(out);
    };
    for (Term* a : r->args) for_each_body_pre_in_term(a, rewrite);
    for_each_body_pre_in_term(r->key, rewrite);
    for_each_body_pre_in_term(r->value, rewrite);
    for_each_body_pre(r->body, rewrite);
  });
}

}  // namespace assay::rego::ir
