// The ResolveRefs stage (OPA's resolveAllRefs): a var that names a rule of the module's package
// or an import becomes the absolute ref it stands for (`p` -> `data.pkg.p`, `bar[x]` ->
// `data.foo.bar[x]` under `import data.foo.bar`), unless a local declaration (`:=`, `some`, a
// function argument, an `every` key or value) shadows it. Later stages see rules only as refs,
// so a rule name used in a body is never mistaken for an unsafe var.
#include <unordered_map>

#include "src/rego/compile_stages.h"

namespace assay::rego::ir {

namespace {

struct Global {
  std::vector<Term*> ref;
  bool used = false;
};

using Globals = std::unordered_map<VarId, Global>;

void declared_vars_in_term(const Term* t, VarSet& out) {
  if (t == nullptr) return;
  switch (t->kind) {
    case TermKind::kArrayComprehension:
    case TermKind::kSetComprehension:
    case TermKind::kObjectComprehension:
      return;
    default:
      break;
  }
  for (const Term* item : t->items) declared_vars_in_term(item, out);
  // Template string parts may hold expressions; they are terms here.
}

class Resolver {
 public:
  Resolver(Context& c, Globals& globals) : c_(c), p_(c.policy), globals_(globals) {}

  // resolveRefsInRule; false with `error` set when an argument shadows a root document.
  bool rule(RuleIr* r, std::string& error) {
    ignore_.clear();
    VarSet arg_vars;
    for (Term* arg : r->args) {
      if (!arg_vars_of(arg, arg_vars, error)) return false;
    }
    ignore_.push_back(std::move(arg_vars));
    VarSet declared;
    declared_vars_in_body(r->body, declared, p_.well_known);
    ignore_.push_back(std::move(declared));
    for (size_t i = 1; i < r->ref.size(); ++i) r->ref[i] = term(r->ref[i]);
    if (r->key) r->key = term(r->key);
    if (r->value) r->value = term(r->value);
    body(r->body);
    return true;
  }

 private:
  // Vars of a rule argument, and the check that it does not shadow `input` or `data`.
  bool arg_vars_of(const Term* t, VarSet& out, std::string& error) {
    if (t->kind == TermKind::kRef && is_root_document_ref(t)) {
      error =
          "args must not shadow " + term_string(t, p_.names) + " (use a different variable name)";
      return false;
    }
    switch (t->kind) {
      case TermKind::kVar:
        out.add(t->var);
        return true;
      case TermKind::kObject:
        for (size_t i = 1; i < t->items.size(); i += 2) {
          if (!arg_vars_of(t->items[i], out, error)) return false;
        }
        return true;
      case TermKind::kSet:
      case TermKind::kArrayComprehension:
      case TermKind::kSetComprehension:
      case TermKind::kObjectComprehension:
      case TermKind::kCall:
        return true;
      default:
        for (const Term* item : t->items) {
          if (!arg_vars_of(item, out, error)) return false;
        }
        return true;
    }
  }

  bool ignored(VarId v) const {
    for (auto it = ignore_.rbegin(); it != ignore_.rend(); ++it) {
      if (it->contains(v)) return true;
    }
    return false;
  }

  // The global `v` names, as a fresh ref whose items carry `at`, or null.
  Global* global(VarId v) {
    auto it = globals_.find(v);
    if (it == globals_.end() || ignored(v)) return nullptr;
    it->second.used = true;
    return &it->second;
  }

  std::vector<Term*> copy_ref(const Global& g, SourceLocation at) {
    std::vector<Term*> out;
    out.reserve(g.ref.size());
    for (const Term* item : g.ref) {
      Term* copy = p_.arena.copy(item);
      copy->location = at;
      out.push_back(copy);
    }
    return out;
  }

  void body(Body& b) {
    for (Expr* e : b) expr(e);
  }

  void expr(Expr* e) {
    switch (e->kind) {
      case ExprKind::kTerm:
      case ExprKind::kCall:
        for (Term*& t : e->terms) t = term(t);
        break;
      case ExprKind::kSome:
        if (!e->terms.empty() && e->terms[0]->kind == TermKind::kCall) {
          Term* call = e->terms[0];
          for (Term*& item : call->items) item = term(item);
        }
        break;
      case ExprKind::kEvery: {
        VarSet locals;
        if (e->key) collect_vars(e->key, VisitParams{}, locals);
        collect_vars(e->value, VisitParams{}, locals);
        ignore_.push_back(std::move(locals));
        e->domain = term(e->domain);
        body(e->body);
        ignore_.pop_back();
        break;
      }
    }
    for (With& w : e->with) {
      w.target = term(w.target);
      w.value = term(w.value);
    }
  }

  Term* term(Term* t) {
    switch (t->kind) {
      case TermKind::kVar:
        if (Global* g = global(t->var)) return p_.arena.ref(copy_ref(*g, t->location), t->location);
        return t;
      case TermKind::kRef: {
        std::vector<Term*> out;
        out.reserve(t->items.size());
        for (size_t i = 0; i < t->items.size(); ++i) {
          Term* x = t->items[i];
          if (x->kind == TermKind::kVar) {
            if (Global* g = global(x->var)) {
              std::vector<Term*> cpy = copy_ref(*g, x->location);
              if (i == 0) {
                out = std::move(cpy);
              } else {
                out.push_back(p_.arena.ref(std::move(cpy), x->location));
              }
              continue;
            }
            out.push_back(x);
          } else if (is_scalar(x)) {
            out.push_back(x);
          } else {
            out.push_back(term(x));
          }
        }
        t->items = std::move(out);
        return t;
      }
      case TermKind::kArray:
      case TermKind::kObject:
      case TermKind::kSet:
      case TermKind::kCall:
      case TermKind::kTemplateString:
        for (Term*& item : t->items) item = term(item);
        return t;
      case TermKind::kArrayComprehension:
      case TermKind::kSetComprehension:
      case TermKind::kObjectComprehension: {
        VarSet declared;
        declared_vars_in_body(t->body, declared, p_.well_known);
        ignore_.push_back(std::move(declared));
        for (Term*& item : t->items) item = term(item);
        body(t->body);
        ignore_.pop_back();
        return t;
      }
      default:
        return t;
    }
  }

  Context& c_;
  Policy& p_;
  Globals& globals_;
  std::vector<VarSet> ignore_;
};

bool is_future_or_rego(const ImportIr& imp, const WellKnown& w) {
  const Term* head = imp.path->items.empty() ? nullptr : imp.path->items[0];
  return head != nullptr && head->kind == TermKind::kVar &&
         (head->var == w.future || head->var == w.rego);
}

}  // namespace

void declared_vars_in_expr(const Expr* e, VarSet& out, const WellKnown& w) {
  if (is_assignment(e, w) && e->operand_count() == 2) {
    collect_vars(e->operand(0), VisitParams{}, out);
  } else if (e->kind == ExprKind::kSome) {
    for (const Term* s : e->terms) {
      if (s->kind == TermKind::kVar) {
        out.add(s->var);
      } else if (s->kind == TermKind::kCall) {
        // args = the call's operands: `some x in xs` [x, xs]; `some k, v in xs` [k, v, xs].
        if (s->items.size() == 4) collect_vars(s->items[2], VisitParams{}, out);
        if (s->items.size() >= 2) collect_vars(s->items[1], VisitParams{}, out);
      }
    }
  }
  for (const Term* t : e->terms) declared_vars_in_term(t, out);
  if (e->kind == ExprKind::kEvery) {
    declared_vars_in_term(e->key, out);
    declared_vars_in_term(e->value, out);
    declared_vars_in_term(e->domain, out);
    declared_vars_in_body(e->body, out, w);
  }
  for (const With& wi : e->with) {
    declared_vars_in_term(wi.target, out);
    declared_vars_in_term(wi.value, out);
  }
}

void declared_vars_in_body(const Body& body, VarSet& out, const WellKnown& w) {
  for (const Expr* e : body) declared_vars_in_expr(e, out, w);
}

VarId import_name(const ImportIr& imp, Names& names) {
  if (imp.has_alias) return imp.alias;
  const auto& items = imp.path->items;
  if (items.size() == 1) return items[0]->kind == TermKind::kVar ? items[0]->var : 0;
  const Term* last = items.back();
  if (last->kind == TermKind::kString) return names.intern(last->text);
  if (last->kind == TermKind::kVar) return last->var;
  return names.intern(term_string(last, names));
}

std::string import_string(const ImportIr& imp, const Names& names) {
  std::string out = "import " + term_string(imp.path, names);
  if (imp.has_alias) out += " as " + names.text(imp.alias);
  return out;
}

void resolve_refs(Context& c) {
  Policy& p = c.policy;
  // The rules each package exports: the first element of each rule's ground ref.
  std::unordered_map<std::string, VarSet> exports;
  std::vector<std::string> package_keys;
  for (ModuleIr* m : p.modules) {
    std::string key = ref_string(m->package, p.names);
    VarSet& names = exports[key];
    for (RuleIr* r : m->rules) {
      if (!r->ref.empty() && r->ref[0]->kind == TermKind::kVar) names.add(r->ref[0]->var);
    }
  }
  for (ModuleIr* m : p.modules) {
    Globals globals;
    for (VarId v : exports[ref_string(m->package, p.names)]) {
      Global g;
      g.ref = m->package;
      g.ref.push_back(p.arena.string(p.names.text(v), {}));
      globals[v] = std::move(g);
    }
    for (const ImportIr& imp : m->imports) {
      if (is_future_or_rego(imp, p.well_known)) continue;
      Global g;
      g.ref = imp.path->items;
      globals[import_name(imp, p.names)] = std::move(g);
    }
    Resolver resolver(c, globals);
    bool stop = false;
    for (RuleIr* rule : m->rules) {
      for (RuleIr* r = rule; r != nullptr && !stop; r = r->else_rule) {
        std::string error;
        if (!resolver.rule(r, error)) {
          if (!c.errors.add(c.error(kCompileError, error, m->file, r->location))) stop = true;
          break;  // OPA does not descend into the else branches of a rule in error
        }
      }
    }
    if (c.strict) {
      // Unused imports (OPA checks them in strict mode only).
      for (const ImportIr& imp : m->imports) {
        if (is_future_or_rego(imp, p.well_known)) continue;
        auto it = globals.find(import_name(imp, p.names));
        if (it != globals.end() && !it->second.used) {
          if (!c.errors.add(c.error(kCompileError, import_string(imp, p.names) + " unused", m->file,
                                    imp.location))) {
            return;
          }
        }
      }
    }
  }
}

}  // namespace assay::rego::ir
