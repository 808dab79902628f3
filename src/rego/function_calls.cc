// The CheckUndefinedFuncs stage (OPA's checkUndefinedFuncs): every call names a built-in or a
// function of the policy (after refs were resolved, so `f(x)` names `data.pkg.f` and imports
// are followed), with an arity that fits: a call has the function's arguments, or those plus
// one output operand (`count(xs, n)`); a call nested in a term, which the expression rewrite
// gave an output operand, must have exactly the arguments. Errors are rego_type_error:
// "undefined function f", "count: arity mismatch" (with OPA's have/want lines), "function
// data.p.f has arity 1, got 2 arguments".
#include "src/rego/builtins/registry.h"
#include "src/rego/compile_stages.h"
#include "src/rego/types.h"

namespace assay::rego::ir {

namespace {

// The type OPA's type environment gives a term before any rule is checked (builtins only):
// scalars and composites of them; `input` and `data` refs are `any`; vars and other refs are
// unknown (nil).
types::TypePtr early_type(const Term* t, const Policy& p) {
  switch (t->kind) {
    case TermKind::kNull:
      return types::Null();
    case TermKind::kBoolean:
      return types::Boolean();
    case TermKind::kNumber:
      return types::Number();
    case TermKind::kString:
      return types::String();
    case TermKind::kArray: {
      std::vector<types::TypePtr> elems;
      for (const Term* item : t->items) elems.push_back(early_type(item, p));
      return types::Array(elems, elems.empty() ? types::AnyOf({}) : nullptr);
    }
    case TermKind::kSet: {
      types::TypePtr of;
      for (const Term* item : t->items) of = types::Or(of, early_type(item, p));
      return types::Set(of ? of : types::AnyOf({}));
    }
    case TermKind::kObject: {
      std::vector<types::StaticProperty> statics;
      std::optional<types::DynamicProperty> dynamic;
      for (size_t i = 0; i + 1 < t->items.size(); i += 2) {
        const Term* k = t->items[i];
        const types::TypePtr v = early_type(t->items[i + 1], p);
        if (is_scalar(k)) {
          types::Key key = k->kind == TermKind::kString    ? types::Key::string(k->text)
                           : k->kind == TermKind::kNumber  ? types::Key::number(k->text)
                           : k->kind == TermKind::kBoolean ? types::Key::boolean(k->boolean)
                                                           : types::Key::null();
          bool duplicate = false;
          for (auto& s : statics) {
            if (types::CompareKeys(s.key, key) == 0) {
              s.value = v;
              duplicate = true;
            }
          }
          if (!duplicate) statics.push_back({key, v});
        } else {
          dynamic = types::DynamicProperty{early_type(k, p), v};
        }
      }
      if (statics.empty() && !dynamic) {
        dynamic = types::DynamicProperty{types::AnyOf({}), types::AnyOf({})};
      }
      return types::Object(std::move(statics), std::move(dynamic));
    }
    case TermKind::kRef:
      if (!t->items.empty() && t->items[0]->kind == TermKind::kVar &&
          (t->items[0]->var == Names::kData || t->items[0]->var == Names::kInput)) {
        return types::AnyOf({});
      }
      return nullptr;
    default:
      return nullptr;
  }
}

}  // namespace

void check_undefined_funcs(Context& c) {
  Policy& p = c.policy;
  for (ModuleIr* m : p.modules) {
    std::vector<RegoError> errors;
    auto visit = [&](Expr* e) {
      if (e->kind != ExprKind::kCall) return false;
      const Term* op = e->terms[0];
      // Names in messages: generated vars as written.
      std::vector<Term*> items = op->items;
      for (Term*& item : items) {
        if (item->kind == TermKind::kVar) item = p.arena.var(p.original(item->var), item->location);
      }
      const std::string name = ref_string(items, p.names);
      const int arity = c.arity(op);
      if (arity < 0) {
        errors.push_back(c.error(kTypeError, "undefined function " + name, m->file, e->location));
        return true;
      }
      const size_t operands = e->operand_count();
      size_t actual;
      if (e->generated) {
        if (is_equality(e, p.well_known) || operands == static_cast<size_t>(arity) + 1)
          return false;
        actual = operands - 1;
      } else {
        if (operands == static_cast<size_t>(arity) || operands == static_cast<size_t>(arity) + 1) {
          return false;
        }
        actual = operands;
      }
      if (const BuiltinDecl* b = c.builtin(op)) {
        std::vector<types::TypePtr> have;
        for (size_t i = 1; i < e->terms.size(); ++i) have.push_back(early_type(e->terms[i], p));
        types::FunctionType want = b->signature;
        want.result.type = nullptr;  // OPA's NamedFuncArgs: the arguments only
        errors.push_back(c.error(kTypeError,
                                 types::ArgError(name, types::kArityMismatch, have, want).full(),
                                 m->file, e->location));
      } else {
        errors.push_back(c.error(kTypeError,
                                 "function " + name + " has arity " + std::to_string(arity) +
                                     ", got " + std::to_string(actual) +
                                     (actual == 1 ? " argument" : " arguments"),
                                 m->file, e->location));
      }
      return true;
    };
    for (RuleIr* rule : m->rules) {
      for (RuleIr* r = rule; r != nullptr; r = r->else_rule) {
        for (Term* a : r->args) walk_exprs_in_term(a, visit);
        walk_exprs_in_term(r->key, visit);
        walk_exprs_in_term(r->value, visit);
        walk_exprs(r->body, visit);
      }
    }
    if (!errors.empty() && !c.errors.add(std::move(errors))) return;
  }
}

}  // namespace assay::rego::ir
