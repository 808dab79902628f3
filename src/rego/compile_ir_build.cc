// Building the compiler's working copy (compile_ir.h) from the parsed AST (ast.h), in the shape
// OPA's parser gives its own AST: each `_` a distinct wildcard var, a lone `data` or `input` a
// ref, an implied rule value `true`, an empty rule body OPA's generated `true`, and an `else`
// branch a copy of its rule's head.
#include <algorithm>

#include "src/rego/compile_ir.h"

namespace assay::rego::ir {

// ---- Building the working copy ----

namespace {

class Builder {
 public:
  explicit Builder(Policy& policy) : p_(policy), a_(policy.arena) {}

  Body query(const rego::Body& b) { return body(b); }

  ModuleIr* module(const Module& m) {
    ModuleIr* out = a_.module();
    out->file = m.file;
    out->version = m.version;
    out->v1_compatible = m.version == RegoVersion::kV1;
    out->package_location = m.package_location;
    if (m.package) {
      if (m.package->kind == rego::TermKind::kRef) {
        for (const TermPtr& item : m.package->items) out->package.push_back(path_item(*item));
      } else {
        out->package.push_back(path_item(*m.package));
      }
      if (out->package_location.row == 0) out->package_location = m.package->location;
    }
    for (const Import& imp : m.imports) {
      ImportIr ii;
      ii.location = imp.location;
      ii.path = imp.path ? term(*imp.path, true)
                         : a_.ref({a_.var(Names::kData, imp.location)}, imp.location);
      if (ii.path->kind != TermKind::kRef) ii.path = a_.ref({ii.path}, ii.path->location);
      if (!imp.alias.empty()) {
        ii.alias = p_.names.intern(imp.alias);
        ii.has_alias = true;
      }
      // `import rego.v1` makes a v0 module v1-compatible (OPA's RegoV0CompatV1).
      const auto& items = ii.path->items;
      if (items.size() == 2 && items[0]->kind == TermKind::kVar &&
          p_.names.text(items[0]->var) == "rego" && items[1]->kind == TermKind::kString &&
          items[1]->text == "v1") {
        out->v1_compatible = true;
      }
      out->imports.push_back(ii);
    }
    for (const Rule& r : m.rules) out->rules.push_back(rule(r, out, nullptr));
    return out;
  }

 private:
  Term* path_item(const rego::Term& t) {
    if (t.kind == rego::TermKind::kVar) return a_.var(p_.names.intern(t.text), t.location);
    return term(t, false);
  }

  RuleIr* rule(const Rule& r, ModuleIr* m, RuleIr* parent) {
    RuleIr* out = a_.rule();
    out->module = m;
    out->is_default = r.is_default;
    out->location = r.location;
    out->head_location = r.head.location.row != 0 ? r.head.location : r.location;
    out->assign = r.head.assign;
    if (parent == nullptr) {
      out->ref = head_ref(r.head);
      for (const TermPtr& arg : r.head.args) out->args.push_back(term(*arg, true));
    } else {
      // OPA's parser gives an else branch a copy of the rule's head (name, ref and arguments,
      // each `_` argument a new wildcard) with its own value.
      out->is_else = true;
      for (Term* item : parent->ref) out->ref.push_back(a_.copy(item));
      if (!r.head.args.empty()) {
        for (const TermPtr& arg : r.head.args) out->args.push_back(term(*arg, true));
      } else {
        for (Term* arg : parent->args) out->args.push_back(fresh_wildcards(a_.copy(arg)));
      }
    }
    if (r.head.key && (r.head.contains || !r.head.value)) out->key = term(*r.head.key, true);
    if (r.head.value) {
      out->value = term(*r.head.value, true);
    } else if (out->key == nullptr) {
      out->value = a_.boolean(true, out->head_location);  // `p if ...`: OPA's generated value
    }
    if (r.body.empty()) {
      // OPA's generated body: `true` at the rule's location.
      Expr* e = a_.expr(ExprKind::kTerm, r.location);
      e->terms.push_back(a_.boolean(true, r.location));
      out->body.push_back(e);
    } else {
      out->body = body(r.body);
    }
    if (r.else_rule) out->else_rule = rule(*r.else_rule, m, parent ? parent : out);
    return out;
  }

  Term* fresh_wildcards(Term* t) {
    if (t->kind == TermKind::kVar && p_.names.is_wildcard(t->var)) {
      t->var = p_.names.generate_wildcard();
    }
    for (Term* item : t->items) fresh_wildcards(item);
    return t;
  }

  std::vector<Term*> head_ref(const RuleHead& head) {
    std::vector<Term*> ref;
    if (!head.reference) return ref;
    const rego::Term& r = *head.reference;
    if (r.kind == rego::TermKind::kRef && !r.items.empty()) {
      ref.push_back(path_item(*r.items[0]));
      for (size_t i = 1; i < r.items.size(); ++i) ref.push_back(term(*r.items[i], true));
    } else {
      ref.push_back(path_item(r));
    }
    return ref;
  }

  Body body(const rego::Body& b) {
    Body out;
    out.reserve(b.size());
    for (const rego::Expr& e : b) out.push_back(expr(e));
    return out;
  }

  Expr* expr(const rego::Expr& e) {
    Expr* out = a_.expr(ExprKind::kTerm, e.location);
    out->negated = e.negated;
    switch (e.kind) {
      case rego::ExprKind::kTerm:
        out->kind = ExprKind::kTerm;
        for (const TermPtr& t : e.terms) out->terms.push_back(term(*t, true));
        break;
      case rego::ExprKind::kCall:
        out->kind = ExprKind::kCall;
        for (size_t i = 0; i < e.terms.size(); ++i) {
          out->terms.push_back(i == 0 ? operator_ref(*e.terms[0]) : term(*e.terms[i], true));
        }
        break;
      case rego::ExprKind::kSome:
        out->kind = ExprKind::kSome;
        for (const TermPtr& t : e.terms) {
          out->terms.push_back(t->kind == rego::TermKind::kVar ? var(*t) : term(*t, true));
        }
        break;
      case rego::ExprKind::kEvery:
        out->kind = ExprKind::kEvery;
        if (e.terms.size() >= 3) {
          if (e.terms[0]) out->key = var_or_term(*e.terms[0]);
          out->value = var_or_term(*e.terms[1]);
          out->domain = term(*e.terms[2], true);
        }
        if (e.body) out->body = body(*e.body);
        break;
    }
    for (const rego::With& w : e.with) {
      out->with.push_back({term(*w.target, true), term(*w.value, true), w.location});
    }
    return out;
  }

  Term* var_or_term(const rego::Term& t) {
    return t.kind == rego::TermKind::kVar ? var(t) : term(t, true);
  }

  Term* var(const rego::Term& t) {
    if (t.text == "_") return a_.var(p_.names.generate_wildcard(), t.location);
    return a_.var(p_.names.intern(t.text), t.location);
  }

  // A call's operator: a ref of a var and strings (`count`, `json.marshal`, `data.p.f`).
  Term* operator_ref(const rego::Term& t) {
    if (t.kind == rego::TermKind::kRef) return ref(t);
    if (t.kind == rego::TermKind::kVar) return a_.ref({var(t)}, t.location);
    return term(t, false);
  }

  Term* ref(const rego::Term& t) {
    Term* out = a_.term(TermKind::kRef, t.location);
    for (size_t i = 0; i < t.items.size(); ++i) {
      const rego::Term& item = *t.items[i];
      if (i == 0 && item.kind == rego::TermKind::kVar) {
        out->items.push_back(var(item));
      } else {
        out->items.push_back(term(item, true));
      }
    }
    return out;
  }

  // `root_as_ref`: a lone `data` or `input` in a term position is a ref, as OPA's parser makes
  // it (parseTermFinish).
  Term* term(const rego::Term& t, bool root_as_ref) {
    switch (t.kind) {
      case rego::TermKind::kNull:
        return a_.term(TermKind::kNull, t.location);
      case rego::TermKind::kBoolean:
        return a_.boolean(t.boolean, t.location);
      case rego::TermKind::kNumber: {
        Term* out = a_.term(TermKind::kNumber, t.location);
        out->text = t.text;
        return out;
      }
      case rego::TermKind::kString:
        return a_.string(t.text, t.location);
      case rego::TermKind::kVar: {
        Term* v = var(t);
        if (root_as_ref && (v->var == Names::kData || v->var == Names::kInput)) {
          return a_.ref({v}, t.location);
        }
        return v;
      }
      case rego::TermKind::kRef:
        return ref(t);
      case rego::TermKind::kCall: {
        Term* out = a_.term(TermKind::kCall, t.location);
        for (size_t i = 0; i < t.items.size(); ++i) {
          out->items.push_back(i == 0 ? operator_ref(*t.items[0]) : term(*t.items[i], true));
        }
        return out;
      }
      case rego::TermKind::kArray:
      case rego::TermKind::kSet:
      case rego::TermKind::kObject:
      case rego::TermKind::kTemplateString: {
        TermKind kind = t.kind == rego::TermKind::kArray    ? TermKind::kArray
                        : t.kind == rego::TermKind::kSet    ? TermKind::kSet
                        : t.kind == rego::TermKind::kObject ? TermKind::kObject
                                                            : TermKind::kTemplateString;
        Term* out = a_.term(kind, t.location);
        for (const TermPtr& item : t.items) out->items.push_back(term(*item, true));
        return out;
      }
      case rego::TermKind::kArrayComprehension:
      case rego::TermKind::kSetComprehension:
      case rego::TermKind::kObjectComprehension: {
        TermKind kind =
            t.kind == rego::TermKind::kArrayComprehension ? TermKind::kArrayComprehension
            : t.kind == rego::TermKind::kSetComprehension ? TermKind::kSetComprehension
                                                          : TermKind::kObjectComprehension;
        Term* out = a_.term(kind, t.location);
        for (const TermPtr& item : t.items) out->items.push_back(term(*item, true));
        if (t.body) out->body = body(*t.body);
        return out;
      }
    }
    return a_.term(TermKind::kNull, t.location);
  }

  Policy& p_;
  Arena& a_;
};

}  // namespace

void build_policy(const std::vector<std::unique_ptr<Module>>& modules, Policy& policy) {
  std::vector<const Module*> sorted;
  sorted.reserve(modules.size());
  for (const auto& m : modules) {
    if (m) sorted.push_back(m.get());
  }
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const Module* a, const Module* b) { return a->file < b->file; });
  Builder builder(policy);
  for (const Module* m : sorted) policy.modules.push_back(builder.module(*m));
}

Body build_body(const rego::Body& body, Policy& policy) {
  Builder builder(policy);
  return builder.query(body);
}

}  // namespace assay::rego::ir
