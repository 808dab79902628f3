// The compiler's working copy (compile_ir.h): interned names, var sets, the node arena, the
// queries on terms OPA's compiler asks (ground, constant, requires evaluation, ...) and var
// collection with OPA's VarVisitor parameters.
#include "src/rego/compile_ir.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

namespace assay::rego::ir {

// ---- Names ----

Names::Names() {
  intern("data");
  intern("input");
}

VarId Names::intern(std::string_view name) {
  auto it = ids_.find(name);
  if (it != ids_.end()) return it->second;
  const VarId id = static_cast<VarId>(texts_.size());
  texts_.emplace_back(name);
  ids_.emplace(std::string(name), id);
  return id;
}

VarId Names::generate_local() {
  for (;;) {
    std::string name = "__local" + std::to_string(next_local_++) + "__";
    if (ids_.find(name) == ids_.end()) return intern(name);
  }
}

VarId Names::generate_wildcard() {
  for (;;) {
    std::string name = "$" + std::to_string(next_wildcard_++);
    if (ids_.find(name) == ids_.end()) return intern(name);
  }
}

bool Names::is_generated(VarId id) const { return texts_[id].starts_with("__local"); }
bool Names::is_wildcard(VarId id) const { return texts_[id].starts_with("$"); }

std::string_view Names::display(VarId id) const {
  if (is_wildcard(id)) return "_";
  return texts_[id];
}

// ---- VarSet ----

bool VarSet::contains(VarId v) const { return std::binary_search(v_.begin(), v_.end(), v); }

void VarSet::add(VarId v) {
  auto it = std::lower_bound(v_.begin(), v_.end(), v);
  if (it == v_.end() || *it != v) v_.insert(it, v);
}

void VarSet::add_all(const VarSet& other) {
  if (other.v_.empty()) return;
  if (v_.empty()) {
    v_ = other.v_;
    return;
  }
  std::vector<VarId> merged;
  merged.reserve(v_.size() + other.v_.size());
  std::set_union(v_.begin(), v_.end(), other.v_.begin(), other.v_.end(),
                 std::back_inserter(merged));
  v_ = std::move(merged);
}

void VarSet::remove(VarId v) {
  auto it = std::lower_bound(v_.begin(), v_.end(), v);
  if (it != v_.end() && *it == v) v_.erase(it);
}

VarSet VarSet::diff(const VarSet& other) const {
  VarSet out;
  std::set_difference(v_.begin(), v_.end(), other.v_.begin(), other.v_.end(),
                      std::back_inserter(out.v_));
  return out;
}

VarSet VarSet::intersect(const VarSet& other) const {
  VarSet out;
  std::set_intersection(v_.begin(), v_.end(), other.v_.begin(), other.v_.end(),
                        std::back_inserter(out.v_));
  return out;
}

size_t VarSet::diff_count(const VarSet& other) const {
  size_t n = 0;
  for (VarId v : v_) n += other.contains(v) ? 0 : 1;
  return n;
}

// ---- Arena ----

Term* Arena::term(TermKind kind, SourceLocation at) {
  Term* t = &terms_.emplace_back();
  t->kind = kind;
  t->location = at;
  return t;
}

Term* Arena::var(VarId v, SourceLocation at) {
  Term* t = term(TermKind::kVar, at);
  t->var = v;
  return t;
}

Term* Arena::string(std::string value, SourceLocation at) {
  Term* t = term(TermKind::kString, at);
  t->text = std::move(value);
  return t;
}

Term* Arena::boolean(bool value, SourceLocation at) {
  Term* t = term(TermKind::kBoolean, at);
  t->boolean = value;
  return t;
}

Term* Arena::ref(std::vector<Term*> items, SourceLocation at) {
  Term* t = term(TermKind::kRef, at);
  t->items = std::move(items);
  return t;
}

namespace {

Body copy_body(Arena& arena, const Body& body) {
  Body out;
  out.reserve(body.size());
  for (const Expr* e : body) out.push_back(arena.copy(e));
  return out;
}

}  // namespace

Expr* Arena::copy(const Expr* e) {
  Expr* c = expr(e->kind, e->location);
  c->negated = e->negated;
  c->generated = e->generated;
  for (const Term* t : e->terms) c->terms.push_back(copy(t));
  for (const With& w : e->with) c->with.push_back({copy(w.target), copy(w.value), w.location});
  c->key = copy(e->key);
  c->value = copy(e->value);
  c->domain = copy(e->domain);
  c->body = copy_body(*this, e->body);
  return c;
}

Term* Arena::copy(const Term* t) {
  if (t == nullptr) return nullptr;
  Term* c = term(t->kind, t->location);
  c->boolean = t->boolean;
  c->var = t->var;
  c->text = t->text;
  c->items.reserve(t->items.size());
  for (const Term* item : t->items) c->items.push_back(copy(item));
  c->body = copy_body(*this, t->body);
  return c;
}

Expr* Arena::expr(ExprKind kind, SourceLocation at) {
  Expr* e = &exprs_.emplace_back();
  e->kind = kind;
  e->location = at;
  return e;
}

WellKnown::WellKnown(Names& names)
    : eq(names.intern("eq")),
      assign(names.intern("assign")),
      equal(names.intern("equal")),
      print(names.intern("print")),
      internal(names.intern("internal")),
      member2(names.intern("internal.member_2")),
      member3(names.intern("internal.member_3")),
      template_string(names.intern("internal.template_string")),
      future(names.intern("future")),
      rego(names.intern("rego")),
      keywords(names.intern("keywords")),
      system(names.intern("system")) {}

VarId Policy::original(VarId v) const {
  auto it = rewritten.find(v);
  return it == rewritten.end() ? v : it->second;
}

Expr* Policy::make_eq(Term* lhs, Term* rhs, SourceLocation at, bool generated) {
  Expr* e = arena.expr(ExprKind::kCall, at);
  e->generated = generated;
  e->terms = {arena.ref({arena.var(well_known.eq, at)}, at), lhs, rhs};
  return e;
}

Expr* Policy::generate_eq(Term* other) {
  Term* v = arena.var(names.generate_local(), other->location);
  return make_eq(v, other, other->location, true);
}

// ---- Queries ----

bool is_scalar(const Term* t) {
  switch (t->kind) {
    case TermKind::kNull:
    case TermKind::kBoolean:
    case TermKind::kNumber:
    case TermKind::kString:
      return true;
    default:
      return false;
  }
}

bool is_ground(const Term* t) {
  switch (t->kind) {
    case TermKind::kNull:
    case TermKind::kBoolean:
    case TermKind::kNumber:
    case TermKind::kString:
      return true;
    case TermKind::kVar:
      return false;
    case TermKind::kRef:
      // OPA's Ref.IsGround ignores the head.
      for (size_t i = 1; i < t->items.size(); ++i) {
        if (!is_ground(t->items[i])) return false;
      }
      return true;
    case TermKind::kArray:
    case TermKind::kSet:
    case TermKind::kObject:
    case TermKind::kCall:
      for (const Term* item : t->items) {
        if (!is_ground(item)) return false;
      }
      return true;
    default:
      return false;  // comprehensions and template strings
  }
}

bool is_constant(const Term* t) {
  switch (t->kind) {
    case TermKind::kNull:
    case TermKind::kBoolean:
    case TermKind::kNumber:
    case TermKind::kString:
      return true;
    case TermKind::kArray:
    case TermKind::kSet:
    case TermKind::kObject:
      for (const Term* item : t->items) {
        if (!is_constant(item)) return false;
      }
      return true;
    default:
      return false;
  }
}

bool is_root_document_ref(const Term* t) {
  return t->kind == TermKind::kRef && t->items.size() == 1 && t->items[0]->kind == TermKind::kVar &&
         (t->items[0]->var == Names::kData || t->items[0]->var == Names::kInput);
}

bool is_global_builtin(const Expr* e, VarId name) {
  if (e->kind != ExprKind::kCall || e->terms.empty()) return false;
  const Term* op = e->terms[0];
  return op->kind == TermKind::kRef && op->items.size() == 1 &&
         op->items[0]->kind == TermKind::kVar && op->items[0]->var == name;
}

namespace {

bool contains_ref_or_comprehension(const Term* t) {
  switch (t->kind) {
    case TermKind::kRef:
    case TermKind::kArrayComprehension:
    case TermKind::kSetComprehension:
    case TermKind::kObjectComprehension:
      return true;
    default:
      break;
  }
  for (const Term* item : t->items) {
    if (contains_ref_or_comprehension(item)) return true;
  }
  return false;
}

int number_compare(const std::string& a, const std::string& b) {
  if (a == b) return 0;
  const long double x = std::strtold(a.c_str(), nullptr);
  const long double y = std::strtold(b.c_str(), nullptr);
  if (x < y) return -1;
  if (x > y) return 1;
  return a < b ? -1 : 1;
}

int slice_compare(const std::vector<Term*>& a, const std::vector<Term*>& b) {
  const size_t n = std::min(a.size(), b.size());
  for (size_t i = 0; i < n; ++i) {
    if (int c = compare_terms(a[i], b[i]); c != 0) return c;
  }
  if (a.size() < b.size()) return -1;
  if (a.size() > b.size()) return 1;
  return 0;
}

}  // namespace

bool requires_eval(const Term* t) { return t != nullptr && contains_ref_or_comprehension(t); }

int compare_terms(const Term* a, const Term* b) {
  if (a == b) return 0;
  if (a == nullptr) return -1;
  if (b == nullptr) return 1;
  if (a->kind != b->kind) return a->kind < b->kind ? -1 : 1;
  switch (a->kind) {
    case TermKind::kNull:
      return 0;
    case TermKind::kBoolean:
      return a->boolean == b->boolean ? 0 : (a->boolean ? 1 : -1);
    case TermKind::kNumber:
      return number_compare(a->text, b->text);
    case TermKind::kString:
      return a->text.compare(b->text) < 0 ? -1 : (a->text == b->text ? 0 : 1);
    case TermKind::kVar:
      // Interned ids are compared by identity; the order among different vars only has to be
      // total and stable within one compilation.
      return a->var == b->var ? 0 : (a->var < b->var ? -1 : 1);
    default:
      return slice_compare(a->items, b->items);
  }
}

bool terms_equal(const Term* a, const Term* b) {
  if (a == b) return true;
  if (a == nullptr || b == nullptr || a->kind != b->kind) return false;
  switch (a->kind) {
    case TermKind::kNull:
      return true;
    case TermKind::kBoolean:
      return a->boolean == b->boolean;
    case TermKind::kNumber:
      return number_compare(a->text, b->text) == 0;
    case TermKind::kString:
      return a->text == b->text;
    case TermKind::kVar:
      return a->var == b->var;
    default:
      if (a->items.size() != b->items.size() || a->body.size() != b->body.size()) return false;
      for (size_t i = 0; i < a->items.size(); ++i) {
        if (!terms_equal(a->items[i], b->items[i])) return false;
      }
      return a->body.empty();  // comprehensions with bodies are never "equal" here
  }
}

std::vector<Term*> ground_prefix(const std::vector<Term*>& ref) {
  std::vector<Term*> out;
  for (size_t i = 0; i < ref.size(); ++i) {
    if (i > 0 && !is_ground(ref[i])) break;
    out.push_back(ref[i]);
  }
  return out;
}

bool ref_is_ground(const std::vector<Term*>& ref) {
  for (size_t i = 1; i < ref.size(); ++i) {
    if (!is_ground(ref[i])) return false;
  }
  return true;
}

std::vector<Term*> rule_ref(const RuleIr* rule, Policy& policy) {
  std::vector<Term*> out = rule->module->package;
  if (!rule->ref.empty()) {
    Term* head = rule->ref[0];
    if (head->kind == TermKind::kVar) {
      // Ref.Extend: the head var becomes a string path element.
      head = policy.arena.string(policy.names.text(head->var), head->location);
    }
    out.push_back(head);
    for (size_t i = 1; i < rule->ref.size(); ++i) out.push_back(rule->ref[i]);
  }
  return out;
}

// ---- Var collection ----

namespace {

void walk_with(const With& w, const VisitParams& p, VarSet& out) {
  if (p.skip_with_target) {
    collect_vars(w.value, p, out);
    return;
  }
  if (p.skip_ref_call_head) {
    if (w.target->kind == TermKind::kRef) {
      for (size_t i = 1; i < w.target->items.size(); ++i) collect_vars(w.target->items[i], p, out);
    }
    if (w.value->kind == TermKind::kRef) {
      for (size_t i = 1; i < w.value->items.size(); ++i) collect_vars(w.value->items[i], p, out);
    } else {
      collect_vars(w.value, p, out);
    }
    return;
  }
  collect_vars(w.target, p, out);
  collect_vars(w.value, p, out);
}

}  // namespace

void collect_vars(const Term* t, const VisitParams& p, VarSet& out) {
  if (t == nullptr) return;
  switch (t->kind) {
    case TermKind::kVar:
      out.add(t->var);
      return;
    case TermKind::kObject:
      if (p.skip_object_keys) {
        for (size_t i = 1; i < t->items.size(); i += 2) collect_vars(t->items[i], p, out);
        return;
      }
      break;
    case TermKind::kRef:
      if (p.skip_ref_head) {
        for (size_t i = 1; i < t->items.size(); ++i) collect_vars(t->items[i], p, out);
        return;
      }
      break;
    case TermKind::kArrayComprehension:
    case TermKind::kSetComprehension:
    case TermKind::kObjectComprehension:
    case TermKind::kTemplateString:
      if (p.skip_closures) return;
      break;
    case TermKind::kSet:
      if (p.skip_sets) return;
      break;
    case TermKind::kCall:
      if (p.skip_ref_call_head) {
        const Term* op = t->items[0];
        if (op->kind == TermKind::kRef) {
          for (size_t i = 1; i < op->items.size(); ++i) collect_vars(op->items[i], p, out);
        }
        for (size_t i = 1; i < t->items.size(); ++i) collect_vars(t->items[i], p, out);
        return;
      }
      break;
    default:
      break;
  }
  for (const Term* item : t->items) collect_vars(item, p, out);
  if (!t->body.empty()) collect_vars(t->body, p, out);
}

void collect_vars(const Expr* e, const VisitParams& p, VarSet& out) {
  if (e->kind == ExprKind::kEvery) {
    if (p.skip_closures) {
      collect_vars(e->domain, p, out);
      return;
    }
    collect_vars(e->key, p, out);
    collect_vars(e->value, p, out);
    collect_vars(e->domain, p, out);
    collect_vars(e->body, p, out);
  } else if (e->kind == ExprKind::kCall && p.skip_ref_call_head) {
    const Term* op = e->terms[0];
    if (op->kind == TermKind::kRef) {
      for (size_t i = 1; i < op->items.size(); ++i) collect_vars(op->items[i], p, out);
    }
    for (size_t i = 1; i < e->terms.size(); ++i) collect_vars(e->terms[i], p, out);
  } else {
    for (const Term* t : e->terms) collect_vars(t, p, out);
  }
  for (const With& w : e->with) walk_with(w, p, out);
}

void collect_vars(const Body& b, const VisitParams& p, VarSet& out) {
  for (const Expr* e : b) collect_vars(e, p, out);
}

VarSet vars_of(const Term* t, const VisitParams& p) {
  VarSet out;
  collect_vars(t, p, out);
  return out;
}

VarSet vars_of(const Expr* e, const VisitParams& p) {
  VarSet out;
  collect_vars(e, p, out);
  return out;
}

VarSet vars_of(const Body& b, const VisitParams& p) {
  VarSet out;
  collect_vars(b, p, out);
  return out;
}

}  // namespace assay::rego::ir
