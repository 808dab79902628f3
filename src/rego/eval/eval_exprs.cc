// Bodies, expressions, terms and unification (OPA's topdown eval.go: evalExpr, evalNot,
// evalEvery, unify, biunify).
#include <algorithm>
#include <utility>

#include "src/rego/eval/eval_state.h"

namespace assay::rego::eval {

namespace {

bool is_unbound_var(const Frame& f, const Term* t) {
  return t->kind == TermKind::kVar && f.find(t->var) == nullptr;
}

}  // namespace

bool has_unbound(const Frame& f, const Term* t) {
  switch (t->kind) {
    case TermKind::kVar:
      return f.find(t->var) == nullptr;
    case TermKind::kArray:
      for (const Term* item : t->items) {
        if (has_unbound(f, item)) return true;
      }
      return false;
    case TermKind::kObject:
      for (size_t i = 1; i < t->items.size(); i += 2) {
        if (has_unbound(f, t->items[i])) return true;
      }
      return false;
    default:
      return false;
  }
}

Evaluator::Nested::Nested(Evaluator& e, const std::string& file, SourceLocation at) : e_(e) {
  if (++e_.depth_ > e_.options_.max_depth) {
    --e_.depth_;
    e_.fail(kEvalCancelError,
            "evaluation nested deeper than " + std::to_string(e_.options_.max_depth) +
                " rule, function or comprehension evaluations",
            file, at);
  }
}

void Evaluator::fail(const char* code, std::string message, const std::string& file,
                     SourceLocation at) const {
  throw EvalError{RegoError{code, std::move(message), file, at}};
}

void Evaluator::step(const Frame& f, const Expr* e) {
  if (++steps_ > options_.max_steps) {
    fail(kEvalCancelError,
         "evaluation exceeded its budget of " + std::to_string(options_.max_steps) +
             " expression evaluations",
         f.file(), e->location);
  }
}

// Each call is one step: the budget counts every solution of every expression.
bool Evaluator::body(Frame& f, const Body& b, size_t i, Next k) {
  if (!b.empty()) step(f, b[std::min(i, b.size() - 1)]);
  if (i == b.size()) return k();
  return expr(f, b, i, [&] { return body(f, b, i + 1, k); });
}

bool Evaluator::expr(Frame& f, const Body& b, size_t i, Next k) {
  const Expr* e = b[i];
  if (!e->with.empty()) return with(f, e, k);
  return expr_plain(f, e, k);
}

bool Evaluator::expr_plain(Frame& f, const Expr* e, Next k) {
  if (!e->negated) return expr_positive(f, e, k);
  bool found = false;
  expr_positive(f, e, [&] {
    found = true;
    return false;
  });
  return found ? true : k();
}

bool Evaluator::expr_positive(Frame& f, const Expr* e, Next k) {
  switch (e->kind) {
    case ir::ExprKind::kTerm:
      return term(f, e->terms[0], [&](const Value& v) {
        if (v.is_boolean() && !v.as_boolean()) return true;
        return k();
      });
    case ir::ExprKind::kCall:
      return call(f, e, k);
    case ir::ExprKind::kSome:
      return k();  // declarations only: `some x in xs` was rewritten into a unification
    case ir::ExprKind::kEvery:
      return every(f, e, k);
  }
  return true;
}

// every k, v in domain { body }: the body holds for each member (an empty domain holds).
bool Evaluator::every(Frame& f, const Expr* e, Next k) {
  return term(f, e->domain, [&](const Value& domain) {
    auto holds = [&](const Value& key, const Value& value) {
      bool found = false;
      auto run_body = [&] {
        return body(f, e->body, 0, [&] {
          found = true;
          return false;
        });
      };
      auto bind_value = [&] { return unify_value(f, e->value, value, run_body); };
      if (e->key != nullptr) {
        unify_value(f, e->key, key, bind_value);
      } else {
        bind_value();
      }
      return found;
    };
    if (domain.is_array()) {
      auto items = domain.array_items();
      for (size_t i = 0; i < items.size(); ++i) {
        if (!holds(Value::integer(static_cast<int64_t>(i)), items[i])) return true;
      }
    } else if (domain.is_object()) {
      for (const auto& [key, value] : domain.object_entries()) {
        if (!holds(key, value)) return true;
      }
    } else if (domain.is_set()) {
      for (const Value& member : domain.set_items()) {
        if (!holds(member, member)) return true;
      }
    } else {
      return true;
    }
    return k();
  });
}

const Value& Evaluator::constant(const Term* t) {
  auto it = constants_.find(t);
  if (it != constants_.end()) return it->second;
  Value v;
  if (std::optional<Value> s = scalar_value(t)) {
    v = std::move(*s);
  } else {
    std::vector<Value> items;
    items.reserve(t->items.size());
    for (const Term* item : t->items) items.push_back(constant(item));
    if (t->kind == TermKind::kArray) {
      v = Value::array(std::move(items));
    } else if (t->kind == TermKind::kSet) {
      v = Value::set(std::move(items));
    } else {
      ObjectBuilder builder;
      for (size_t i = 0; i + 1 < items.size(); i += 2) builder.insert(items[i], items[i + 1]);
      v = std::move(builder).build();
    }
  }
  return constants_.emplace(t, std::move(v)).first->second;
}

bool Evaluator::terms(Frame& f, const std::vector<Term*>& items, size_t i, std::vector<Value>& out,
                      FnRef<bool(std::vector<Value>&)> k) {
  if (i == items.size()) return k(out);
  return term(f, items[i], [&](const Value& v) {
    out.push_back(v);
    const bool go_on = terms(f, items, i + 1, out, k);
    out.pop_back();
    return go_on;
  });
}

bool Evaluator::term(Frame& f, const Term* t, ValueNext k) {
  switch (t->kind) {
    case TermKind::kNull:
    case TermKind::kBoolean:
    case TermKind::kNumber:
    case TermKind::kString:
      return k(constant(t));
    case TermKind::kVar: {
      const Value* v = f.find(t->var);
      if (v == nullptr) {
        fail(kEvalTypeError, "var " + std::string(f.names().display(t->var)) + " is unbound",
             f.file(), t->location);
      }
      const Value copy = *v;  // the frame may grow (and move) while k runs
      return k(copy);
    }
    case TermKind::kRef:
      return ref(f, t, k);
    case TermKind::kArray:
    case TermKind::kSet:
    case TermKind::kObject: {
      if (constants_.count(t) != 0 || ir::is_constant(t)) return k(constant(t));
      std::vector<Value> values;
      values.reserve(t->items.size());
      return terms(f, t->items, 0, values, [&](std::vector<Value>& items) {
        if (t->kind == TermKind::kArray) return k(Value::array(items));
        if (t->kind == TermKind::kSet) return k(Value::set(items));
        ObjectBuilder builder;
        for (size_t i = 0; i + 1 < items.size(); i += 2) {
          if (!builder.insert(items[i], items[i + 1])) {
            fail(kEvalConflictError, "object keys must be unique", f.file(), t->location);
          }
        }
        return k(std::move(builder).build());
      });
    }
    case TermKind::kArrayComprehension:
    case TermKind::kSetComprehension:
    case TermKind::kObjectComprehension:
      return comprehension(f, t, k);
    case TermKind::kCall:
      return call_term(f, t, k);
    case TermKind::kTemplateString:
      fail(kEvalTypeError, "template string was not rewritten", f.file(), t->location);
  }
  return true;
}

bool Evaluator::comprehension(Frame& f, const Term* t, ValueNext k) {
  Nested nested(*this, f.file(), t->location);
  std::vector<Value> members;
  ObjectBuilder object;
  body(f, t->body, 0, [&] {
    if (t->kind == TermKind::kObjectComprehension) {
      term(f, t->items[0], [&](const Value& key) {
        return term(f, t->items[1], [&](const Value& value) {
          if (!object.insert(key, value)) {
            fail(kEvalConflictError, "object keys must be unique", f.file(), t->location);
          }
          return true;
        });
      });
    } else {
      term(f, t->items[0], [&](const Value& v) {
        members.push_back(v);
        return true;
      });
    }
    return true;
  });
  if (t->kind == TermKind::kArrayComprehension) return k(Value::array(std::move(members)));
  if (t->kind == TermKind::kSetComprehension) return k(Value::set(std::move(members)));
  return k(std::move(object).build());
}

bool Evaluator::unify(Frame& f, const Term* a, const Term* b, Next k) {
  if (is_unbound_var(f, a)) {
    if (is_unbound_var(f, b)) {
      fail(kEvalTypeError, "cannot unify two unbound vars", f.file(), a->location);
    }
    return term(f, b, [&](const Value& v) { return unify_value(f, a, v, k); });
  }
  if (is_unbound_var(f, b)) {
    return term(f, a, [&](const Value& v) { return unify_value(f, b, v, k); });
  }
  if (a->kind == TermKind::kArray && b->kind == TermKind::kArray &&
      (has_unbound(f, a) || has_unbound(f, b))) {
    if (a->items.size() != b->items.size()) return true;
    auto pairwise = [&](auto& self, size_t i) -> bool {
      if (i == a->items.size()) return k();
      return unify(f, a->items[i], b->items[i], [&] { return self(self, i + 1); });
    };
    return pairwise(pairwise, 0);
  }
  if (a->kind == TermKind::kObject && b->kind == TermKind::kObject && has_unbound(f, a) &&
      has_unbound(f, b)) {
    if (a->items.size() != b->items.size()) return true;
    // Keys are ground: pair each of a's values with b's value under the same key.
    std::vector<std::pair<const Term*, const Term*>> pairs;
    for (size_t i = 0; i + 1 < a->items.size(); i += 2) {
      const Value& key = constant(a->items[i]);
      const Term* match = nullptr;
      for (size_t j = 0; j + 1 < b->items.size(); j += 2) {
        if (constant(b->items[j]) == key) match = b->items[j + 1];
      }
      if (match == nullptr) return true;
      pairs.emplace_back(a->items[i + 1], match);
    }
    auto pairwise = [&](auto& self, size_t i) -> bool {
      if (i == pairs.size()) return k();
      return unify(f, pairs[i].first, pairs[i].second, [&] { return self(self, i + 1); });
    };
    return pairwise(pairwise, 0);
  }
  if (has_unbound(f, a)) {
    return term(f, b, [&](const Value& v) { return unify_value(f, a, v, k); });
  }
  return term(f, a, [&](const Value& v) { return unify_value(f, b, v, k); });
}

bool Evaluator::unify_value(Frame& f, const Term* pattern, const Value& v, Next k) {
  switch (pattern->kind) {
    case TermKind::kVar: {
      if (const Value* bound = f.find(pattern->var)) return *bound == v ? k() : true;
      const size_t mark = f.mark();
      f.bind(pattern->var, v);
      const bool go_on = k();
      f.undo(mark);
      return go_on;
    }
    case TermKind::kArray: {
      if (!has_unbound(f, pattern)) break;
      if (!v.is_array() || v.size() != pattern->items.size()) return true;
      auto items = v.array_items();
      auto each = [&](auto& self, size_t i) -> bool {
        if (i == items.size()) return k();
        return unify_value(f, pattern->items[i], items[i], [&] { return self(self, i + 1); });
      };
      return each(each, 0);
    }
    case TermKind::kObject: {
      if (!has_unbound(f, pattern)) break;
      if (!v.is_object() || v.size() * 2 != pattern->items.size()) return true;
      auto each = [&](auto& self, size_t i) -> bool {
        if (i >= pattern->items.size()) return k();
        return term(f, pattern->items[i], [&](const Value& key) {
          const Value* member = v.find(key);
          if (member == nullptr) return true;
          return unify_value(f, pattern->items[i + 1], *member, [&] { return self(self, i + 2); });
        });
      };
      return each(each, 0);
    }
    default:
      break;
  }
  return term(f, pattern, [&](const Value& mine) { return mine == v ? k() : true; });
}

}  // namespace assay::rego::eval
