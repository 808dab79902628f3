// Safety: OPA's CheckSafetyRuleHeads and CheckSafetyRuleBodies stages and the output-var analysis
// behind them (compile.go, unify.go), ported step by step so that exactly the vars OPA finds
// unsafe are reported, at the expression OPA names.
#include "src/rego/safety.h"

#include <algorithm>
#include <map>

namespace assay::rego::ir {

namespace {

constexpr VisitParams kUnifyParams{
    .skip_ref_head = true, .skip_closures = true, .skip_object_keys = true};
constexpr VisitParams kCallArgParams{
    .skip_ref_head = true, .skip_closures = true, .skip_sets = true, .skip_object_keys = true};

bool is_closure(const Term* t) {
  return t->kind == TermKind::kArrayComprehension || t->kind == TermKind::kSetComprehension ||
         t->kind == TermKind::kObjectComprehension;
}

bool is_ref_safe(const Term* ref, const VarSet& safe) {
  const Term* head = ref->items[0];
  if (head->kind == TermKind::kVar) return safe.contains(head->var);
  return vars_of(head, kSafetyParams).diff_count(safe) == 0;
}

bool is_call_safe(const Term* call, const VarSet& safe) {
  return vars_of(call, kSafetyParams).diff_count(safe) == 0;
}

class Unifier {
 public:
  explicit Unifier(const VarSet& safe) : safe_(safe) {}

  void unify(const Term* a, const Term* b) {
    switch (a->kind) {
      case TermKind::kVar:
        switch (b->kind) {
          case TermKind::kVar:
            if (is_safe(b->var)) {
              mark_safe(a->var);
            } else if (is_safe(a->var)) {
              mark_safe(b->var);
            } else {
              unknown_[a->var].add(b->var);
              unknown_[b->var].add(a->var);
            }
            break;
          case TermKind::kArray:
          case TermKind::kObject:
            unify_all(a->var, b);
            break;
          case TermKind::kRef:
            if (is_ref_safe(b, safe_)) mark_safe(a->var);
            break;
          case TermKind::kCall:
            if (is_call_safe(b, safe_)) mark_safe(a->var);
            break;
          default:
            mark_safe(a->var);
        }
        break;
      case TermKind::kRef:
        if (is_ref_safe(a, safe_)) mark_var_or_all(b);
        break;
      case TermKind::kCall:
        if (is_call_safe(a, safe_)) mark_var_or_all(b);
        break;
      case TermKind::kArrayComprehension:
        if (b->kind == TermKind::kVar) mark_safe(b->var);
        if (b->kind == TermKind::kArray) mark_all_safe(b);
        break;
      case TermKind::kObjectComprehension:
        if (b->kind == TermKind::kVar) mark_safe(b->var);
        if (b->kind == TermKind::kObject) mark_all_safe(b);
        break;
      case TermKind::kSetComprehension:
        if (b->kind == TermKind::kVar) mark_safe(b->var);
        break;
      case TermKind::kArray:
        switch (b->kind) {
          case TermKind::kVar:
            unify_all(b->var, a);
            break;
          case TermKind::kArrayComprehension:
          case TermKind::kObjectComprehension:
          case TermKind::kSetComprehension:
            mark_all_safe(a);
            break;
          case TermKind::kRef:
            if (is_ref_safe(b, safe_)) mark_all_safe(a);
            break;
          case TermKind::kCall:
            if (is_call_safe(b, safe_)) mark_all_safe(a);
            break;
          case TermKind::kArray:
            if (a->items.size() == b->items.size()) {
              for (size_t i = 0; i < a->items.size(); ++i) unify(a->items[i], b->items[i]);
            }
            break;
          default:
            break;
        }
        break;
      case TermKind::kObject:
        switch (b->kind) {
          case TermKind::kVar:
            unify_all(b->var, a);
            break;
          case TermKind::kRef:
            if (is_ref_safe(b, safe_)) mark_all_safe(a);
            break;
          case TermKind::kCall:
            if (is_call_safe(b, safe_)) mark_all_safe(a);
            break;
          case TermKind::kObject:
            if (a->items.size() == b->items.size()) {
              for (size_t i = 0; i + 1 < a->items.size(); i += 2) {
                for (size_t j = 0; j + 1 < b->items.size(); j += 2) {
                  if (terms_equal(a->items[i], b->items[j])) {
                    unify(a->items[i + 1], b->items[j + 1]);
                    break;
                  }
                }
              }
            }
            break;
          default:
            break;
        }
        break;
      default:
        if (b->kind == TermKind::kVar) mark_safe(b->var);
    }
  }

  const VarSet& unified() const { return unified_; }

 private:
  bool is_safe(VarId v) const { return safe_.contains(v) || unified_.contains(v); }

  void mark_var_or_all(const Term* b) {
    if (b->kind == TermKind::kVar) mark_safe(b->var);
    if (b->kind == TermKind::kArray || b->kind == TermKind::kObject) mark_all_safe(b);
  }

  void mark_all_safe(const Term* x) {
    for (VarId v : vars_of(x, kUnifyParams)) mark_safe(v);
  }

  void mark_safe(VarId x) {
    unified_.add(x);
    if (auto it = unknown_.find(x); it != unknown_.end()) {
      VarSet deps = std::move(it->second);
      unknown_.erase(it);
      for (VarId v : deps) mark_safe(v);
    }
    std::vector<VarId> keys;
    for (const auto& [v, deps] : unknown_) keys.push_back(v);
    for (VarId v : keys) {
      auto it = unknown_.find(v);
      if (it == unknown_.end() || !it->second.contains(x)) continue;
      it->second.remove(x);
      if (it->second.empty()) mark_safe(v);
    }
  }

  void unify_all(VarId a, const Term* b) {
    if (is_safe(a)) {
      mark_all_safe(b);
      return;
    }
    VarSet unsafe = vars_of(b, kUnifyParams).diff(safe_).diff(unified_);
    if (unsafe.empty()) {
      mark_safe(a);
    } else {
      for (VarId v : unsafe) unknown_[a].add(v);
    }
  }

  const VarSet& safe_;
  VarSet unified_;
  std::map<VarId, VarSet> unknown_;
};

void terms_output(const Term* t, const VarSet& safe, VarSet& out) {
  if (t == nullptr) return;
  if (is_closure(t) || t->kind == TermKind::kTemplateString) return;
  if (t->kind == TermKind::kRef) {
    if (!is_ref_safe(t, safe)) return;
    if (!is_ground(t)) collect_vars(t, VisitParams{.skip_ref_head = true}, out);
  }
  for (const Term* item : t->items) terms_output(item, safe, out);
}

class OutputVars {
 public:
  explicit OutputVars(Context& c) : c_(c) {}

  // outputVarsForExpr with OPA's shared scratch set (`output`), whose leftovers an `every`
  // expression's outputs pick up as they do in OPA.
  VarSet expr(const Expr* e, const VarSet& safe, VarSet& scratch) {
    if (e->negated) return {};
    for (const With& w : e->with) {
      VarSet vars;
      // With modifier inputs must be safe.
      if (w.target->kind == TermKind::kRef) {
        for (size_t i = 1; i < w.target->items.size(); ++i) {
          collect_vars(w.target->items[i], kSafetyParams, vars);
        }
      }
      if (w.value->kind == TermKind::kRef) {
        for (size_t i = 1; i < w.value->items.size(); ++i) {
          collect_vars(w.value->items[i], kSafetyParams, vars);
        }
      } else {
        collect_vars(w.value, kSafetyParams, vars);
      }
      if (vars.diff_count(safe) > 0) return {};
    }
    switch (e->kind) {
      case ExprKind::kTerm: {
        VarSet out;
        output_vars_for_terms(e, safe, out);
        return out;
      }
      case ExprKind::kCall: {
        if (is_equality(e, c_.policy.well_known)) return eq(e, safe, scratch);
        if (e->terms[0]->kind != TermKind::kRef) return {};
        const int arity = c_.arity(e->terms[0]);
        if (arity < 0) return {};
        return call(e, static_cast<size_t>(arity), safe, scratch);
      }
      case ExprKind::kEvery:
        terms_output(e->domain, safe, scratch);
        return scratch;
      case ExprKind::kSome:
        return {};
    }
    return {};
  }

  VarSet body(const Body& b, const VarSet& safe) {
    VarSet o = safe;
    VarSet scratch;
    for (const Expr* e : b) o.add_all(expr(e, o, scratch));
    return o.diff(safe);
  }

  static VarSet eq(const Expr* e, const VarSet& safe, VarSet& scratch) {
    if (e->operand_count() != 2) return safe;
    output_vars_for_terms(e, safe, scratch);
    scratch.add_all(safe);
    scratch.add_all(unify(scratch, e->operand(0), e->operand(1)));
    VarSet diff = scratch.diff(safe);
    scratch.clear();
    return diff;
  }

 private:
  VarSet call(const Expr* e, size_t arity, const VarSet& safe, VarSet& scratch) {
    scratch.clear();
    output_vars_for_terms(e, safe, scratch);
    const size_t inputs = arity + 1;
    if (inputs >= e->terms.size()) return scratch;
    VarSet in;
    for (size_t i = 0; i < inputs; ++i) collect_vars(e->terms[i], kCallArgParams, in);
    if (in.diff(scratch).diff_count(safe) > 0) return {};
    for (size_t i = inputs; i < e->terms.size(); ++i)
      collect_vars(e->terms[i], kCallArgParams, scratch);
    return scratch;
  }

  Context& c_;
};

// Vars inside the closures of e (unsafeVarsInClosures): comprehensions entirely, `every` bodies.
void closure_vars_in_term(const Term* t, VarSet& out) {
  if (t == nullptr) return;
  if (is_closure(t)) {
    collect_vars(t, VisitParams{}, out);
    return;
  }
  for (const Term* item : t->items) closure_vars_in_term(item, out);
}

VarSet closure_vars(const Expr* e) {
  VarSet out;
  if (e->kind == ExprKind::kEvery) {
    collect_vars(e->body, VisitParams{}, out);
    return out;
  }
  for (const Term* t : e->terms) closure_vars_in_term(t, out);
  for (const With& w : e->with) {
    closure_vars_in_term(w.target, out);
    closure_vars_in_term(w.value, out);
  }
  return out;
}

// bodySafetyTransformer: checks (and reorders) the closures of a safe expression.
class ClosureChecker {
 public:
  ClosureChecker(Context& c, VarSet& globals, UnsafeVars& unsafe)
      : c_(c), globals_(globals), unsafe_(unsafe) {}

  void expr(Expr* e) {
    current_ = e;
    if (e->kind == ExprKind::kEvery) {
      if (e->key) collect_vars(e->key, VisitParams{}, globals_);
      collect_vars(e->value, VisitParams{}, globals_);
      e->body = comprehension(VarSet{}, e->body);
      return;
    }
    for (Term* t : e->terms) term(t);
    for (With& w : e->with) {
      term(w.target);
      term(w.value);
    }
  }

 private:
  void term(Term* t) {
    switch (t->kind) {
      case TermKind::kArrayComprehension:
      case TermKind::kSetComprehension:
        t->body = comprehension(vars_of(t->items[0]), t->body);
        return;
      case TermKind::kObjectComprehension: {
        VarSet tv = vars_of(t->items[0]);
        tv.add_all(vars_of(t->items[1]));
        t->body = comprehension(tv, t->body);
        return;
      }
      default:
        for (Term* item : t->items) term(item);
    }
  }

  Body comprehension(const VarSet& term_vars, const Body& body) {
    VarSet bv = vars_of(body, kSafetyParams);
    bv.add_all(globals_);
    for (VarId v : term_vars.diff(bv)) unsafe_.add(current_, v);
    UnsafeVars inner;
    Body reordered = reorder_body_for_safety(c_, globals_, body, inner);
    if (inner.empty()) return reordered;
    unsafe_.merge(inner);
    return body;
  }

  Context& c_;
  VarSet& globals_;
  UnsafeVars& unsafe_;
  const Expr* current_ = nullptr;
};

bool location_less(SourceLocation a, SourceLocation b) {
  // Unknown locations sort last (OPA: nil locations are greater).
  if ((a.row == 0) != (b.row == 0)) return b.row == 0;
  if (a.row != b.row) return a.row < b.row;
  return a.col < b.col;
}

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

}  // namespace

VarSet unify(const VarSet& safe, const Term* a, const Term* b) {
  Unifier u(safe);
  u.unify(a, b);
  return u.unified();
}

void output_vars_for_terms(const Term* t, const VarSet& safe, VarSet& out) {
  terms_output(t, safe, out);
}

void output_vars_for_terms(const Expr* e, const VarSet& safe, VarSet& out) {
  for (const Term* t : e->terms) terms_output(t, safe, out);
  for (const With& w : e->with) {
    terms_output(w.target, safe, out);
    terms_output(w.value, safe, out);
  }
}

VarSet output_vars_for_expr_eq(const Expr* e, const VarSet& safe) {
  VarSet scratch;
  return OutputVars::eq(e, safe, scratch);
}

VarSet output_vars_for_body(Context& c, const Body& body, const VarSet& safe) {
  return OutputVars(c).body(body, safe);
}

void UnsafeVars::add(const Expr* e, VarId v) {
  if (VarSet* s = find(e)) {
    s->add(v);
    return;
  }
  VarSet s;
  s.add(v);
  entries_.emplace_back(e, std::move(s));
}

void UnsafeVars::set(const Expr* e, VarSet vars) {
  if (VarSet* s = find(e)) {
    *s = std::move(vars);
    return;
  }
  entries_.emplace_back(e, std::move(vars));
}

void UnsafeVars::merge(const UnsafeVars& other) {
  for (const auto& [e, vars] : other.entries_) {
    if (VarSet* s = find(e)) {
      s->add_all(vars);
    } else {
      entries_.emplace_back(e, vars);
    }
  }
}

void UnsafeVars::erase(const Expr* e) {
  for (auto it = entries_.begin(); it != entries_.end(); ++it) {
    if (it->first == e) {
      entries_.erase(it);
      return;
    }
  }
}

VarSet* UnsafeVars::find(const Expr* e) {
  for (auto& [x, vars] : entries_) {
    if (x == e) return &vars;
  }
  return nullptr;
}

Body reorder_body_for_safety(Context& c, const VarSet& globals, const Body& body,
                             UnsafeVars& unsafe) {
  OutputVars outputs(c);
  const VarSet body_vars = vars_of(body, kSafetyParams);
  VarSet safe = body_vars.intersect(globals);
  for (const Expr* e : body) {
    for (VarId v : vars_of(e, kSafetyParams)) {
      if (!safe.contains(v)) unsafe.add(e, v);
    }
  }
  Body reordered;
  reordered.reserve(body.size());
  std::vector<bool> done(body.size(), false);
  VarSet scratch;
  for (;;) {
    const size_t before = reordered.size();
    for (size_t i = 0; i < body.size(); ++i) {
      if (done[i]) continue;
      const Expr* e = body[i];
      VarSet ovs = outputs.expr(e, safe, scratch);
      VarSet cv = closure_vars(e).intersect(body_vars).diff(globals);
      if (!cv.empty()) {
        VarSet ob = outputs.body(reordered, safe);
        if (cv.diff_count(ob) > 0) {
          VarSet uv = cv.diff(ob);
          if (uv == ovs) continue;  // OPA's "closure-self" case
          unsafe.set(e, std::move(uv));
        }
      }
      if (VarSet* s = unsafe.find(e)) {
        VarSet kept;
        for (VarId v : *s) {
          if (!ovs.contains(v) && !safe.contains(v)) kept.add(v);
        }
        *s = std::move(kept);
        if (s->empty()) unsafe.erase(e);
      }
      if (unsafe.find(e) == nullptr) {
        done[i] = true;
        reordered.push_back(body[i]);
        safe.add_all(ovs);
      }
    }
    if (reordered.size() == before) break;
  }
  // Closures of the safe expressions, each seeing the vars of the expressions before it.
  VarSet g = globals;
  ClosureChecker checker(c, g, unsafe);
  for (size_t i = 0; i < reordered.size(); ++i) {
    if (i > 0) collect_vars(reordered[i - 1], kSafetyParams, g);
    checker.expr(reordered[i]);
  }
  return reordered;
}

std::vector<RegoError> safety_errors(Context& c, const UnsafeVars& unsafe,
                                     const std::string& file) {
  std::vector<RegoError> out;
  if (unsafe.empty()) return out;
  const Names& names = c.policy.names;
  std::vector<std::pair<VarId, SourceLocation>> locs;
  for (const auto& [e, vars] : unsafe.entries()) {
    for (VarId v : vars) {
      auto it = std::find_if(locs.begin(), locs.end(), [v](const auto& p) { return p.first == v; });
      if (it == locs.end()) {
        locs.emplace_back(v, e->location);
      } else if (location_less(e->location, it->second)) {
        it->second = e->location;
      }
    }
  }
  std::stable_sort(locs.begin(), locs.end(), [&](const auto& a, const auto& b) {
    if (location_less(a.second, b.second)) return true;
    if (location_less(b.second, a.second)) return false;
    return names.display(c.policy.original(a.first)) < names.display(c.policy.original(b.first));
  });
  for (const auto& [var, at] : locs) {
    const VarId v = c.policy.original(var);
    if (names.is_generated(v)) continue;
    const std::string_view name = names.display(v);
    if (name == "in" || name == "every" || name == "contains" || name == "if") {
      out.push_back(c.error(kUnsafeVarError,
                            "var " + std::string(name) +
                                " is unsafe (hint: `import future.keywords." + std::string(name) +
                                "` to import a future keyword)",
                            file, at));
      continue;
    }
    out.push_back(c.error(kUnsafeVarError, "var " + std::string(name) + " is unsafe", file, at));
  }
  if (!out.empty()) return out;
  // Only generated vars are unsafe: name the expressions instead.
  std::vector<std::pair<const Expr*, const VarSet*>> pairs;
  for (const auto& [e, vars] : unsafe.entries()) pairs.emplace_back(e, &vars);
  std::stable_sort(pairs.begin(), pairs.end(), [](const auto& a, const auto& b) {
    return location_less(a.first->location, b.first->location);
  });
  VarSet seen;
  for (const auto& [e, vars] : pairs) {
    const size_t before = seen.size();
    for (VarId v : *vars) {
      if (names.is_generated(v)) seen.add(v);
    }
    if (seen.size() > before) {
      out.push_back(c.error(kUnsafeVarError, "expression is unsafe", file, e->location));
    }
  }
  return out;
}

void check_safety_rule_heads(Context& c) {
  Policy& p = c.policy;
  for (ModuleIr* m : p.modules) {
    for (RuleIr* rule : m->rules) {
      for (RuleIr* r = rule; r != nullptr; r = r->else_rule) {
        if (!head_may_have_vars(r)) continue;
        VarSet body = vars_of(r->body, kSafetyParams);
        for (const Term* a : r->args) collect_vars(a, VisitParams{}, body);
        VarSet head;
        for (const Term* a : r->args) collect_vars(a, VisitParams{}, head);
        if (r->key) collect_vars(r->key, VisitParams{}, head);
        if (r->value) collect_vars(r->value, VisitParams{}, head);
        for (size_t i = 1; i < r->ref.size(); ++i) collect_vars(r->ref[i], VisitParams{}, head);
        std::vector<std::string> unsafe;
        for (VarId v : head.diff(body)) {
          const VarId w = p.original(v);
          if (!p.names.is_generated(w)) unsafe.emplace_back(p.names.display(w));
        }
        std::sort(unsafe.begin(), unsafe.end());
        for (const std::string& name : unsafe) {
          if (!c.errors.add(
                  c.error(kUnsafeVarError, "var " + name + " is unsafe", m->file, r->location))) {
            return;
          }
        }
      }
    }
  }
}

void check_safety_rule_bodies(Context& c) {
  Policy& p = c.policy;
  for (ModuleIr* m : p.modules) {
    for (RuleIr* rule : m->rules) {
      for (RuleIr* r = rule; r != nullptr; r = r->else_rule) {
        VarSet safe;
        safe.add(Names::kData);
        safe.add(Names::kInput);
        for (const Term* a : r->args) collect_vars(a, VisitParams{}, safe);
        UnsafeVars unsafe;
        Body reordered = reorder_body_for_safety(c, safe, r->body, unsafe);
        std::vector<RegoError> errors = safety_errors(c, unsafe, m->file);
        if (!errors.empty()) {
          if (!c.errors.add(std::move(errors))) return;
          continue;
        }
        r->body = std::move(reordered);
      }
    }
  }
}

}  // namespace assay::rego::ir
