// The CheckTypes stage (OPA's checkTypes, v1/ast/check.go), kept to what can be decided exactly:
// built-in and user-function calls whose arguments are of the wrong type ("upper: invalid
// argument(s)" with OPA's have/want lines), unifications of incompatible values ("match error"),
// including `==`, which OPA's RewriteEquals stage turns into unification first, and refs into
// values whose type has no such key or is no collection ("undefined ref: data.p.q.x" with OPA's
// marker lines).
//
// OPA infers types for every var, ref and rule. This port tracks a var's type only where OPA's
// inference is reproduced step by step — constants, `input` (any), built-in and user-function
// results, unification, refs into typed values, and the types of rules (rule_types.cc), each
// rule checked before its users — and marks every other var "unknown". An expression that
// involves an unknown type is not judged, and a rule whose body was not followed entirely gets
// no type, so a type error is reported only where OPA reports the same one (no false
// positives). Comprehension bodies are checked (nesting bounded); `every` bodies, function
// replacements by `with` and refs to non-leaf `data` paths (OPA's object extents) are not.
#include <algorithm>
#include <optional>
#include <unordered_map>
#include <unordered_set>

#include "src/rego/builtins/registry.h"
#include "src/rego/type_check_internal.h"

namespace assay::rego::ir {

namespace {

using types::TypePtr;

enum class Verdict { kYes, kNo, kUnknown };

class BodyChecker {
 public:
  BodyChecker(Context& c, RuleTypes& rule_types, const std::string& file,
              std::vector<RegoError>& errors)
      : c_(c), p_(c.policy), rule_types_(rule_types), file_(file), errors_(errors) {}
  // A closure's body: checked in a copy of the enclosing env, into its own errors.
  BodyChecker(const BodyChecker& outer, std::vector<RegoError>& errors)
      : c_(outer.c_),
        p_(outer.p_),
        rule_types_(outer.rule_types_),
        file_(outer.file_),
        errors_(errors),
        env_(outer.env_),
        depth_(outer.depth_ + 1) {}

  void body(const Body& b) {
    for (const Expr* e : b) expr(e);
  }

  // After body(): the rule's type as OPA's checkRule inserts it, or nullopt.
  Known head_type(RuleIr* r);

  // Errors this body reported (rules checked on the way report their own).
  size_t reported() const { return reported_; }

 private:
  // ---- Types of terms (TypeEnv.GetByValue) ----

  Known var_type(VarId v) {
    auto it = env_.find(v);
    if (it != env_.end()) return it->second;
    // A var named like a built-in would resolve to the built-in's type in OPA's environment.
    if (shadows_builtin(v)) return std::nullopt;
    return TypePtr{};
  }

  bool shadows_builtin(VarId v) {
    // The first components of every built-in's name ("count", "json", "internal", ...).
    static const std::unordered_set<std::string_view>* roots = [] {
      auto* out = new std::unordered_set<std::string_view>();
      for (const BuiltinDecl& b : all_builtins()) out->insert(b.name.substr(0, b.name.find('.')));
      return out;
    }();
    return roots->count(p_.names.text(v)) != 0;
  }

  Known type(const Term* t) {
    switch (t->kind) {
      case TermKind::kNull:
        return types::Null();
      case TermKind::kBoolean:
        return types::Boolean();
      case TermKind::kNumber:
        return types::Number();
      case TermKind::kString:
        return types::String();
      case TermKind::kVar:
        return var_type(t->var);
      case TermKind::kArray: {
        std::vector<TypePtr> elems;
        for (const Term* item : t->items) {
          Known k = type(item);
          if (!k) return std::nullopt;
          elems.push_back(*k);
        }
        const bool empty = elems.empty();
        return types::Array(std::move(elems), empty ? types::AnyOf({}) : nullptr);
      }
      case TermKind::kSet: {
        TypePtr of;
        for (const Term* item : t->items) {
          Known k = type(item);
          if (!k) return std::nullopt;
          of = types::Or(of, *k);
        }
        return types::Set(of ? of : types::AnyOf({}));
      }
      case TermKind::kObject: {
        std::vector<types::StaticProperty> statics;
        std::optional<types::DynamicProperty> dynamic;
        for (size_t i = 0; i + 1 < t->items.size(); i += 2) {
          Known v = type(t->items[i + 1]);
          if (!v) return std::nullopt;
          std::optional<types::Key> key = scalar_key(t->items[i]);
          if (key) {
            for (const types::StaticProperty& s : statics) {
              if (types::CompareKeys(s.key, *key) == 0) return std::nullopt;
            }
            statics.push_back({*key, *v});
          } else {
            if (is_constant(t->items[i])) return std::nullopt;  // composite keys: not modelled
            Known k = type(t->items[i]);
            if (!k) return std::nullopt;
            dynamic = types::DynamicProperty{*k, *v};
          }
        }
        if (statics.empty() && !dynamic) {
          dynamic = types::DynamicProperty{types::AnyOf({}), types::AnyOf({})};
        }
        return types::Object(std::move(statics), std::move(dynamic));
      }
      case TermKind::kRef:
        return ref_type(t);
      case TermKind::kCall:
        return TypePtr{};
      case TermKind::kArrayComprehension:
      case TermKind::kSetComprehension:
      case TermKind::kObjectComprehension:
        return closure_type(t);
      default:
        return std::nullopt;  // template strings
    }
  }

  static std::optional<types::Key> scalar_key(const Term* k) {
    switch (k->kind) {
      case TermKind::kString:
        return types::Key::string(k->text);
      case TermKind::kNumber:
        return types::Key::number(k->text);
      case TermKind::kBoolean:
        return types::Key::boolean(k->boolean);
      case TermKind::kNull:
        return types::Key::null();
      default:
        return std::nullopt;
    }
  }

  // TypeEnv.GetByRef. `input...` is any (no input schema); `data...` is any where no rule lies
  // on or below the path, else the type of the rules it names (RuleTypes) with the rest of the
  // ref selected from it; a local var's ref selects from the var's type. Unknown otherwise.
  Known ref_type(const Term* t) {
    if (t->items.empty() || t->items[0]->kind != TermKind::kVar) return std::nullopt;
    const VarId head = t->items[0]->var;
    if (head == Names::kInput) return types::AnyOf({});
    if (head == Names::kData) {
      if (c_.tree->rules_dynamic(t->items).empty()) return types::AnyOf({});
      RuleTypes::Leaf leaf = rule_types_.find_leaf(t->items);
      if (leaf.node == nullptr) return std::nullopt;
      Known rules = rule_types_.node_type(leaf.node);
      if (!rules) return std::nullopt;
      // Rules OPA typed nil are not in its type tree: the ref falls back to `data`, any.
      if (*rules == nullptr) return types::AnyOf({});
      if ((*rules)->kind() == types::Kind::kFunction) return std::nullopt;
      return select_ref(*rules, t->items, leaf.next);
    }
    Known var = var_type(head);
    if (!var || *var == nullptr) return var;
    return select_ref(*var, t->items, 1);
  }

  // env.go's selectRef over items[from...]: constants select, everything else enumerates.
  static Known select_ref(TypePtr tpe, const std::vector<Term*>& items, size_t from) {
    for (size_t i = from; i < items.size() && tpe != nullptr; ++i) {
      const Term* item = items[i];
      std::optional<types::Key> key = scalar_key(item);
      if (key) {
        tpe = types::Select(tpe, *key);
      } else if (item->kind == TermKind::kVar || item->kind == TermKind::kRef ||
                 item->kind == TermKind::kArray || item->kind == TermKind::kObject ||
                 item->kind == TermKind::kSet) {
        tpe = types::Values(tpe);
      } else {
        return std::nullopt;
      }
    }
    return tpe;
  }

  // ---- Closures (check.go: checkClosures; env.go: the types of comprehensions) ----

  // OPA checks a closure's body again wherever its type is needed: nesting is bounded here, so
  // that the work stays polynomial in the policy.
  static constexpr int kMaxClosureDepth = 3;

  static bool is_closure(const Term* t) {
    return t->kind == TermKind::kArrayComprehension || t->kind == TermKind::kSetComprehension ||
           t->kind == TermKind::kObjectComprehension;
  }

  static void collect_closures(const Term* t, std::vector<const Term*>& out) {
    if (t == nullptr) return;
    if (is_closure(t)) {
      out.push_back(t);
      return;
    }
    for (const Term* item : t->items) collect_closures(item, out);
  }

  static bool has_closures(const Body& body) {
    bool found = false;
    walk_exprs(body, [&](const Expr* e) {
      std::vector<const Term*> inner;
      for (const Term* t : e->terms) collect_closures(t, inner);
      for (const With& w : e->with) collect_closures(w.value, inner);
      if (e->kind == ExprKind::kEvery) found = true;  // not followed: treated alike
      found = found || !inner.empty();
      return false;
    });
    return found;
  }

  // A comprehension's type: its head's type after its body, nil if the body has errors.
  Known closure_type(const Term* t) {
    if (depth_ >= kMaxClosureDepth) return std::nullopt;
    std::vector<RegoError> discarded;
    BodyChecker inner(*this, discarded);
    inner.body(t->body);
    if (inner.gave_up_) return std::nullopt;
    if (inner.reported_ != 0) return TypePtr{};
    Known head = inner.type(t->items[0]);
    if (!head || *head == nullptr) return std::nullopt;
    if (t->kind == TermKind::kArrayComprehension) return types::ArrayOf(*head);
    if (t->kind == TermKind::kSetComprehension) return types::Set(*head);
    Known value = inner.type(t->items[1]);
    if (!value || *value == nullptr) return std::nullopt;
    return types::ObjectOf(*head, *value);
  }

  // checkClosures: OPA keeps the errors of the last closure of the expression that has any.
  // Where a closure was not followed (or holds closures OPA would check twice) nothing is
  // reported, as that closure's errors could be the ones OPA keeps.
  void check_closures(const Expr* e) {
    std::vector<const Term*> closures;
    for (const Term* t : e->terms) collect_closures(t, closures);
    std::vector<RegoError> kept;
    bool uncertain = false;
    for (const Term* closure : closures) {
      if (depth_ >= kMaxClosureDepth) {
        uncertain = true;
        continue;
      }
      std::vector<RegoError> errors;
      BodyChecker inner(*this, errors);
      inner.body(closure->body);
      if (!errors.empty()) {
        kept = std::move(errors);
        uncertain = false;
      } else if (inner.gave_up_ || has_closures(closure->body)) {
        uncertain = true;
      }
    }
    if (uncertain) {
      gave_up_ = true;
      return;
    }
    if (kept.empty()) return;
    ref_errors_in_expr_ = true;  // closure errors suppress nil-caused ones alike
    reported_ += kept.size();
    for (RegoError& err : kept) errors_.push_back(std::move(err));
  }

  // ---- Unification (check.go: unify1, unify2) ----

  Verdict unify1(const Term* term, const TypePtr& tpe, bool union_) {
    switch (term->kind) {
      case TermKind::kArray:
        if (tpe && tpe->kind() == types::Kind::kArray) {
          const auto& statics = tpe->static_elements();
          if (term->items.size() != statics.size() && tpe->dynamic_element() == nullptr) {
            return Verdict::kNo;
          }
          for (size_t i = 0; i < term->items.size(); ++i) {
            Verdict v = unify1(term->items[i],
                               types::Select(tpe, types::Key::number(std::to_string(i))), union_);
            if (v != Verdict::kYes) return v;
          }
          return Verdict::kYes;
        }
        return any_case(term, tpe);
      case TermKind::kObject:
        if (tpe && tpe->kind() == types::Kind::kObject) {
          if (term->items.size() / 2 != tpe->static_properties().size() &&
              !tpe->dynamic_property()) {
            return Verdict::kNo;
          }
          for (size_t i = 0; i + 1 < term->items.size(); i += 2) {
            std::optional<types::Key> key = scalar_key(term->items[i]);
            if (key) {
              TypePtr child = types::Select(tpe, *key);
              if (child == nullptr) return Verdict::kNo;
              Verdict v = unify1(term->items[i + 1], child, union_);
              if (v != Verdict::kYes) return v;
            } else {
              if (is_constant(term->items[i])) return Verdict::kUnknown;
              Verdict v = unify1(term->items[i + 1], types::AnyOf({}), union_);
              if (v == Verdict::kUnknown) return v;
            }
          }
          return Verdict::kYes;
        }
        return any_case(term, tpe);
      case TermKind::kSet:
        if (tpe && tpe->kind() == types::Kind::kSet) {
          TypePtr of = types::Values(tpe);
          for (const Term* item : term->items) {
            Verdict v = unify1(item, of, union_);
            if (v != Verdict::kYes) return v;
          }
          return Verdict::kYes;
        }
        return any_case(term, tpe);
      case TermKind::kVar: {
        Known exist = var_type(term->var);
        if (!exist) return Verdict::kUnknown;
        if (!union_) {
          if (*exist != nullptr) return types::Unifies(*exist, tpe) ? Verdict::kYes : Verdict::kNo;
          env_[term->var] = tpe;
        } else {
          env_[term->var] = types::Or(*exist, tpe);
        }
        return Verdict::kYes;
      }
      default: {
        Known t = type(term);
        if (!t) return Verdict::kUnknown;
        return types::Unifies(*t, tpe) ? Verdict::kYes : Verdict::kNo;
      }
    }
  }

  // unify1 of a composite against `any` or a union.
  Verdict any_case(const Term* term, const TypePtr& tpe) {
    if (!tpe || tpe->kind() != types::Kind::kAny) return Verdict::kNo;
    if (tpe->members().empty()) {
      // Every element (every key and value of an object) is unified with any.
      for (const Term* item : term->items) {
        if (unify1(item, types::AnyOf({}), true) == Verdict::kUnknown) return Verdict::kUnknown;
      }
      return Verdict::kYes;
    }
    bool unifies = false;
    for (const TypePtr& member : tpe->members()) {
      Verdict v = unify1(term, member, true);
      if (v == Verdict::kUnknown) return v;
      unifies = unifies || v == Verdict::kYes;
    }
    return unifies ? Verdict::kYes : Verdict::kNo;
  }

  Verdict unify2(const Term* a, const TypePtr& ta, const Term* b, const TypePtr& tb) {
    const bool nil_a = types::Nil(ta);
    const bool nil_b = types::Nil(tb);
    if (nil_a && !nil_b) return unify1(a, tb, false);
    if (nil_b && !nil_a) return unify1(b, ta, false);
    if (!nil_a && !nil_b) return types::Unifies(ta, tb) ? Verdict::kYes : Verdict::kNo;
    switch (a->kind) {
      case TermKind::kArray:
        return unify2_array(a, b);
      case TermKind::kObject:
        return unify2_object(a, b);
      case TermKind::kVar:
        switch (b->kind) {
          case TermKind::kVar:
            return unify_var_pair(a, b);
          case TermKind::kArray:
            return unify2_array(b, a);
          case TermKind::kObject:
            return unify2_object(b, a);
          default:
            break;
        }
        break;
      default:
        break;
    }
    return Verdict::kNo;
  }

  // unify1(a, any) then unify1(b, type of a).
  Verdict unify_var_pair(const Term* a, const Term* b) {
    Verdict v = unify1(a, types::AnyOf({}), false);
    if (v != Verdict::kYes) return v;
    Known ta = type(a);
    if (!ta) return Verdict::kUnknown;
    return unify1(b, *ta, false);
  }

  Verdict unify2_array(const Term* a, const Term* b) {
    if (b->kind == TermKind::kArray) {
      if (a->items.size() != b->items.size()) return Verdict::kNo;
      for (size_t i = 0; i < a->items.size(); ++i) {
        Known ta = type(a->items[i]);
        Known tb = type(b->items[i]);
        if (!ta || !tb) return Verdict::kUnknown;
        Verdict v = unify2(a->items[i], *ta, b->items[i], *tb);
        if (v != Verdict::kYes) return v;
      }
      return Verdict::kYes;
    }
    if (b->kind == TermKind::kVar) return unify_var_pair(a, b);
    return Verdict::kNo;
  }

  Verdict unify2_object(const Term* a, const Term* b) {
    if (b->kind == TermKind::kObject) {
      // Only objects with the same constant keys unify structurally.
      const size_t n = a->items.size() / 2;
      if (n != b->items.size() / 2) return Verdict::kNo;
      for (size_t i = 0; i + 1 < a->items.size(); i += 2) {
        if (!is_constant(a->items[i])) return Verdict::kUnknown;
        const Term* match = nullptr;
        for (size_t j = 0; j + 1 < b->items.size(); j += 2) {
          if (terms_equal(a->items[i], b->items[j])) match = b->items[j + 1];
        }
        if (match == nullptr) return Verdict::kNo;
        Known ta = type(a->items[i + 1]);
        Known tb = type(match);
        if (!ta || !tb) return Verdict::kUnknown;
        Verdict v = unify2(a->items[i + 1], *ta, match, *tb);
        if (v != Verdict::kYes) return v;
      }
      return Verdict::kYes;
    }
    if (b->kind == TermKind::kVar) return unify_var_pair(a, b);
    return Verdict::kNo;
  }

  // ---- Refs (check.go's refChecker: checkRef, checkRefLeaf) ----

  // Vars in a term this checker could not follow become unknown.
  void give_up(const Term* t) {
    gave_up_ = true;
    if (t == nullptr) return;
    VarSet vars;
    collect_vars(t, VisitParams{}, vars);
    for (VarId v : vars) {
      auto it = env_.find(v);
      if (it == env_.end() || (it->second && *it->second == nullptr)) env_[v] = std::nullopt;
    }
  }

  // The refChecker's walk over a term: every ref, outer before inner; closures are skipped.
  void check_refs(const Term* t) {
    if (t == nullptr) return;
    switch (t->kind) {
      case TermKind::kArrayComprehension:
      case TermKind::kSetComprehension:
      case TermKind::kObjectComprehension:
        return;
      case TermKind::kCall:
      case TermKind::kTemplateString:
        give_up(t);
        return;
      case TermKind::kRef:
        check_ref(t);
        break;
      default:
        break;
    }
    for (const Term* item : t->items) check_refs(item);
  }

  void check_ref(const Term* t) {
    const Term* head = t->items[0];
    if (head->kind != TermKind::kVar) {
      give_up(t);
      return;
    }
    if (head->var == Names::kInput) {
      check_ref_leaf(types::AnyOf({}), t, 1);
      return;
    }
    if (head->var == Names::kData) {
      RuleTypes::Leaf leaf = rule_types_.find_leaf(t->items);
      if (leaf.node != nullptr) {
        Known rules = rule_types_.node_type(leaf.node);
        if (rules && *rules == nullptr) {
          check_ref_leaf(types::AnyOf({}), t, 1);  // not in OPA's type tree: `data` is any
          return;
        }
        if (rules && (*rules)->kind() != types::Kind::kFunction) {
          check_ref_leaf(*rules, t, leaf.next);
          return;
        }
      } else if (c_.tree->rules_dynamic(t->items).empty()) {
        check_ref_leaf(types::AnyOf({}), t, 1);
        return;
      }
      give_up(t);
      return;
    }
    Known var = var_type(head->var);
    if (!var || *var == nullptr) {
      give_up(t);
      return;
    }
    check_ref_leaf(*var, t, 1);
  }

  // checkRefLeaf: items from idx select from or enumerate a value of type tpe.
  void check_ref_leaf(TypePtr tpe, const Term* ref, size_t idx) {
    const std::vector<Term*>& items = ref->items;
    for (; idx < items.size(); ++idx) {
      if (tpe == nullptr) break;
      TypePtr keys = types::Keys(tpe);
      if (keys == nullptr) {
        report_ref(ref, ref_error_unsupported(shown(items), idx - 1, tpe, p_.names));
        return;
      }
      const Term* item = items[idx];
      std::optional<types::Key> key = scalar_key(item);
      if (key) {
        TypePtr child = types::Select(tpe, *key);
        if (child == nullptr) {
          report_ref(ref, ref_error_invalid(shown(items), idx, nullptr, keys, one_of_keys(tpe),
                                            p_.names));
          return;
        }
        tpe = child;
        continue;
      }
      if (item->kind == TermKind::kVar) {
        Known exist = var_type(item->var);
        if (!exist) break;
        if (*exist == nullptr) {
          env_[item->var] = keys;
        } else if (!types::Unifies(*exist, keys)) {
          report_ref(ref, ref_error_invalid(shown(items), idx, *exist, keys, one_of_keys(tpe),
                                            p_.names));
          return;
        }
      } else if (item->kind == TermKind::kRef) {
        Known exist = ref_type(item);
        if (!exist) break;
        if (*exist != nullptr && !types::Unifies(*exist, keys)) {
          report_ref(ref, ref_error_invalid(shown(items), idx, *exist, keys, one_of_keys(tpe),
                                            p_.names));
          return;
        }
      } else if (item->kind == TermKind::kArray || item->kind == TermKind::kObject ||
                 item->kind == TermKind::kSet) {
        Verdict v = unify1(item, keys, false);
        if (v == Verdict::kUnknown) break;
        if (v == Verdict::kNo) {
          Known have = type(item);
          if (!have) break;
          report_ref(ref, ref_error_invalid(shown(items), idx, *have, keys, {}, p_.names));
          return;
        }
      } else {
        break;
      }
      tpe = types::Values(tpe);
    }
    if (idx < items.size()) give_up(ref);
  }

  // The ref's items with generated vars shown by the names they replaced (OPA's varRewriter).
  std::vector<Term*> shown(const std::vector<Term*>& items) {
    std::vector<Term*> out;
    for (Term* item : items) {
      if (item->kind == TermKind::kVar && p_.original(item->var) != item->var) {
        out.push_back(p_.arena.var(p_.original(item->var), item->location));
      } else {
        out.push_back(item);
      }
    }
    return out;
  }

  void report_ref(const Term* ref, const types::TypeErrorText& text) {
    ref_errors_in_expr_ = true;
    ++reported_;
    errors_.push_back(c_.error(kTypeError, text.full(), file_, ref->items[0]->location));
  }

  // ---- Expressions ----

  // Vars OPA's ref checker may type as it walks an `every` expression: untyped ones become
  // unknown here.
  void forget_every(const Expr* e) {
    give_up(e->key);
    give_up(e->value);
    give_up(e->domain);
    for (const Expr* x : e->body) {
      for (const Term* t : x->terms) give_up(t);
      if (x->kind == ExprKind::kEvery) forget_every(x);
    }
  }

  // After an expression this checker cannot follow: its untyped vars become unknown.
  void forget_operand_vars(const Expr* e) {
    for (size_t i = 1; i < e->terms.size(); ++i) give_up(e->terms[i]);
  }

  // `with` changes nothing OPA's checker sees when it replaces documents: targets `input...`, or
  // `data...` where no function lies, and values without closures (whose errors OPA would
  // check). Function replacements (checkExprWith's arity check) are not judged.
  bool plain_with(const Expr* e) {
    for (const With& w : e->with) {
      std::vector<const Term*> closures;
      collect_closures(w.value, closures);
      if (!closures.empty()) return false;
      const Term* t = w.target;
      if (t->kind != TermKind::kRef || t->items[0]->kind != TermKind::kVar) return false;
      if (t->items[0]->var == Names::kInput) continue;
      if (t->items[0]->var != Names::kData) return false;
      for (const RuleIr* r : c_.tree->rules_dynamic(t->items)) {
        if (!r->args.empty()) return false;
      }
      // A prefix of a function's ref would be an object OPA could still compare: not judged.
      RuleTypes::Leaf leaf = rule_types_.find_leaf(t->items);
      if (leaf.node == nullptr && !c_.tree->rules_dynamic(t->items).empty()) return false;
    }
    return true;
  }

  void expr(const Expr* e) {
    ref_errors_in_expr_ = false;
    if (e->kind == ExprKind::kEvery) {
      forget_every(e);
      return;
    }
    if (!plain_with(e)) {
      for (const Term* t : e->terms) give_up(t);
      return;
    }
    check_closures(e);
    const size_t from = e->kind == ExprKind::kCall ? 1 : 0;
    for (size_t i = from; i < e->terms.size(); ++i) check_refs(e->terms[i]);
    if (e->kind != ExprKind::kCall) return;
    const Term* op = e->terms[0];
    if (is_equality(e, p_.well_known) ||
        (is_global_builtin(e, p_.well_known.equal) && e->operand_count() == 2)) {
      eq(e);
      return;
    }
    const BuiltinDecl* b = c_.builtin(op);
    if (b != nullptr) {
      if (b->signature.variadic != nullptr) {
        forget_operand_vars(e);
        return;
      }
      call(e, b->signature);
      return;
    }
    // A user function: the type of the functions at its ref.
    RuleTypes::Leaf leaf = rule_types_.find_leaf(op->items);
    if (leaf.node != nullptr && leaf.next == op->items.size()) {
      Known f = rule_types_.node_type(leaf.node);
      if (f && *f != nullptr && (*f)->kind() == types::Kind::kFunction) {
        call(e, (*f)->function());
        return;
      }
    }
    forget_operand_vars(e);
  }

  void eq(const Expr* e) {
    if (e->operand_count() != 2) {
      forget_operand_vars(e);
      return;
    }
    const Term* a = e->operand(0);
    const Term* b = e->operand(1);
    Known ta = type(a);
    Known tb = type(b);
    if (!ta || !tb) {
      forget_operand_vars(e);
      return;
    }
    auto saved = env_;
    Verdict v = unify2(a, *ta, b, *tb);
    if (v == Verdict::kUnknown) {
      env_ = std::move(saved);
      forget_operand_vars(e);
      return;
    }
    if (v == Verdict::kNo) {
      // OPA drops an error caused by a nil type when a ref in the expression had one.
      if (ref_errors_in_expr_ && (types::Nil(*ta) || types::Nil(*tb))) return;
      report(e, types::MatchError(*ta, *tb));
    }
  }

  void call(const Expr* e, const types::FunctionType& signature) {
    std::vector<types::Param> want = signature.args;
    if (signature.result.type != nullptr) want.push_back(signature.result);
    const size_t operands = e->operand_count();
    if (operands > want.size() || operands < signature.args.size()) {
      forget_operand_vars(e);  // arity errors were reported by an earlier stage
      return;
    }
    auto saved = env_;
    for (size_t i = 0; i < operands; ++i) {
      Verdict v = unify1(e->operand(i), want[i].type, false);
      if (v == Verdict::kYes) continue;
      if (v == Verdict::kNo) {
        std::vector<TypePtr> have;
        bool known = true;
        bool nil = false;
        for (size_t j = 0; j < operands; ++j) {
          Known t = type(e->operand(j));
          if (!t) known = false;
          have.push_back(t ? *t : nullptr);
          nil = nil || (t && types::Nil(*t));
        }
        if (known) {
          if (ref_errors_in_expr_ && nil) return;
          std::vector<Term*> items = e->terms[0]->items;
          report(e, types::ArgError(ref_string(items, p_.names), types::kInvalidArguments, have,
                                    signature));
          return;
        }
      }
      env_ = std::move(saved);
      forget_operand_vars(e);
      return;
    }
  }

  void report(const Expr* e, const types::TypeErrorText& text) {
    ++reported_;
    errors_.push_back(c_.error(kTypeError, text.full(), file_, e->location));
  }

  Context& c_;
  Policy& p_;
  RuleTypes& rule_types_;
  const std::string& file_;
  std::vector<RegoError>& errors_;
  std::unordered_map<VarId, Known> env_;
  size_t reported_ = 0;
  bool gave_up_ = false;             // some expression was not followed
  bool ref_errors_in_expr_ = false;  // the current expression had ref or closure errors
  int depth_ = 0;                    // of closures around this body
};

// checkRule's type for the rule, from the types its body gave its vars.
Known BodyChecker::head_type(RuleIr* r) {
  if (gave_up_) return std::nullopt;
  if (!r->args.empty()) {
    // Args the body does not type are any.
    std::vector<TypePtr> args;
    for (const Term* a : r->args) {
      for (VarId v : vars_of(a)) {
        Known t = var_type(v);
        if (!t) return std::nullopt;
        if (*t == nullptr) env_[v] = types::AnyOf({});
      }
    }
    for (const Term* a : r->args) {
      Known t = type(a);
      if (!t || types::Nil(*t)) return std::nullopt;
      args.push_back(*t);
    }
    Known result = r->value ? type(r->value) : std::nullopt;
    if (!result || types::Nil(*result)) return std::nullopt;
    return types::Function(std::move(args), *result);
  }
  if (r->multi_value()) {
    for (size_t i = 1; i < r->ref.size(); ++i) {
      if (!is_ground(r->ref[i])) return std::nullopt;  // OPA inserts at a path with vars
    }
    Known key = type(r->key);
    if (!key) return std::nullopt;
    if (*key == nullptr) return key;
    if (types::Nil(*key)) return std::nullopt;
    return types::Set(*key);
  }
  Known value = type(r->value);
  if (!value || (*value != nullptr && types::Nil(*value))) return std::nullopt;
  // A ref head with vars: object types nested along the path below its ground prefix.
  size_t ground = 0;
  while (ground < r->ref.size() && (ground == 0 || is_ground(r->ref[ground]))) ++ground;
  TypePtr t = *value;
  for (size_t i = r->ref.size(); i > ground && t != nullptr; --i) {
    Known k = type(r->ref[i - 1]);
    if (!k) return std::nullopt;
    if (*k == nullptr) return TypePtr{};
    t = types::ObjectOf(*k, t);
  }
  return t;
}

}  // namespace

Known check_rule(Context& c, RuleTypes& rule_types, RuleIr* rule, std::vector<RegoError>& errors) {
  BodyChecker checker(c, rule_types, rule->module->file, errors);
  checker.body(rule->body);
  // OPA types a rule with errors in its body as any, so that its users report nothing more.
  if (checker.reported() != 0) return types::AnyOf({});
  return checker.head_type(rule);
}

void check_types(Context& c) {
  // METADATA schema annotations give `input` and `data` types this checker does not model.
  if (c.has_schema_annotations) return;
  std::vector<RegoError> errors;
  RuleTypes rule_types(c, errors);
  rule_types.check_all();
  // OPA sorts the type checker's errors by location, then by text.
  std::stable_sort(errors.begin(), errors.end(), [](const RegoError& a, const RegoError& b) {
    if (a.file != b.file) return a.file < b.file;
    if (a.location.row != b.location.row) return a.location.row < b.location.row;
    if (a.location.col != b.location.col) return a.location.col < b.location.col;
    return a.message < b.message;
  });
  if (!errors.empty()) c.errors.add(std::move(errors));
}

}  // namespace assay::rego::ir
