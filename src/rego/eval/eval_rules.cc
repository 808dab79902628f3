// Rules: the value of the rules at a node of the document index (complete rules, partial sets
// and objects, ref heads, `default`, `else`), and calls of user functions (OPA's topdown
// evalVirtualComplete, evalVirtualPartial, evalFunc), with OPA's conflict errors.
#include <algorithm>
#include <map>

#include "src/rego/eval/eval_state.h"

namespace assay::rego::eval {

namespace {

// The document the rules of one node build: a single value (complete rules), a set (multi-value
// rules), or an object of such leaves under the keys of their refs' remaining items.
class DocBuilder {
 public:
  bool empty() const { return !leaf_ && !is_set_ && children_.empty(); }

  // False on a conflict: another value at the same path.
  bool put(const std::vector<Value>& path, size_t i, const Value& v) {
    if (i == path.size()) {
      if (leaf_) return *leaf_ == v;
      if (is_set_ || !children_.empty()) return false;
      leaf_ = v;
      return true;
    }
    if (leaf_ || is_set_) return false;
    return child(path[i]).put(path, i + 1, v);
  }

  bool add_member(const std::vector<Value>& path, size_t i, const Value& member) {
    if (i == path.size()) {
      if (leaf_ || !children_.empty()) return false;
      is_set_ = true;
      members_.push_back(member);
      return true;
    }
    if (leaf_ || is_set_) return false;
    return child(path[i]).add_member(path, i + 1, member);
  }

  // Merges a whole document (the value of rules further down the tree) at this point.
  bool merge(const Value& v) {
    if (v.is_set() && !leaf_ && children_.empty()) {
      is_set_ = true;
      members_.insert(members_.end(), v.set_items().begin(), v.set_items().end());
      return true;
    }
    if (v.is_object() && !leaf_ && !is_set_ && (v.size() > 0 || !children_.empty())) {
      for (const auto& [key, member] : v.object_entries()) {
        if (!child(key).merge(member)) return false;
      }
      return true;
    }
    if (leaf_) return *leaf_ == v;
    if (is_set_ || !children_.empty()) return false;
    leaf_ = v;
    return true;
  }
  bool merge_at(const Value& key, const Value& v) {
    if (leaf_ || is_set_) return false;
    return child(key).merge(v);
  }

  Value build() const {
    if (leaf_) return *leaf_;
    if (is_set_) return Value::set(members_);
    std::vector<ObjectEntry> entries;
    entries.reserve(children_.size());
    for (const auto& [key, child] : children_) entries.emplace_back(key, child.build());
    return Value::object(std::move(entries));
  }

 private:
  DocBuilder& child(const Value& key) { return children_[key]; }

  std::optional<Value> leaf_;
  bool is_set_ = false;
  std::vector<Value> members_;
  std::map<Value, DocBuilder> children_;
};

}  // namespace

std::optional<Value> Evaluator::rules_value(const DocNode* node) {
  if (auto it = cache_->find(node); it != cache_->end()) return it->second;
  for (const DocNode* n : in_progress_) {
    if (n == node) {
      const RuleIr* r = node->rules.front().rule;
      fail("rego_recursion_error", "rule " + node->path + " is recursive", r->module->file,
           r->location);
    }
  }
  const RuleIr* first = node->rules.front().rule;
  Nested nested(*this, first->module->file, first->location);
  in_progress_.push_back(node);
  const ir::Names& names = policy_.index().policy->names;
  DocBuilder builder;
  const RulePlan* default_plan = nullptr;
  for (const RulePlan& plan : node->rules) {
    if (plan.rule->is_default) {
      default_plan = &plan;
      continue;
    }
    for (const RuleIr* r = plan.rule; r != nullptr; r = r->else_rule) {
      Frame f(names, r->module->file);
      bool produced = false;
      std::vector<Value> path;
      body(f, r->body, 0, [&] {
        return terms(f, plan.extra, 0, path, [&](std::vector<Value>& keys) {
                       produced = true;
                       if (r->multi_value()) {
                         return term(f, r->key, [&](const Value& member) {
                           if (!builder.add_member(keys, 0, member)) {
                             fail(kEvalConflictError, "object keys must be unique",
                                  r->module->file, r->location);
                           }
                           return true;
                         });
                       }
                       return term(f, r->value, [&](const Value& v) {
                         if (!builder.put(keys, 0, v)) {
                           fail(kEvalConflictError,
                                keys.empty() ? "complete rules must not produce multiple outputs"
                                             : "object keys must be unique",
                                r->module->file, r->location);
                         }
                         return true;
                       });
                     });
      });
      if (produced) break;  // `else` is tried only when the rule before it is undefined
    }
  }
  // Rules further down (`p.q.r := 1` next to `p.q[k] := v`) add to this node's document.
  for (const auto& [key, child] : node->children) {
    std::vector<Value> path = child->keys;
    std::optional<Value> doc = document(child.get(), nullptr, path);
    if (doc && !builder.merge_at(key, *doc)) {
      fail(kEvalConflictError, "object keys must be unique", first->module->file, first->location);
    }
  }
  if (builder.empty() && default_plan != nullptr) {
    // The body holds what the compiler pulled out of the default's value (a comprehension).
    const RuleIr* r = default_plan->rule;
    Frame f(names, r->module->file);
    body(f, r->body, 0, [&] {
      return term(f, r->value, [&](const Value& v) {
        builder.put({}, 0, v);
        return false;
      });
    });
  }
  in_progress_.pop_back();
  std::optional<Value> result;
  if (!builder.empty()) {
    result = builder.build();
  } else {
    // Partial sets and objects are defined even without members: set() and {}. Only complete
    // rules are undefined when no body holds.
    for (const RulePlan& plan : node->rules) {
      if (!plan.extra.empty()) {
        result = Value::object({});
      } else if (plan.rule->multi_value()) {
        result = Value::set({});
      }
    }
  }
  cache_->emplace(node, result);
  return result;
}

bool Evaluator::function_rule(const RuleIr* r, const std::vector<Value>& args, ValueNext on_value) {
  Frame f(policy_.index().policy->names, r->module->file);
  const size_t n = std::min(args.size(), r->args.size());
  auto bind_args = [&](auto& self, size_t i) -> bool {
    if (i == n) return body(f, r->body, 0, [&] { return term(f, r->value, on_value); });
    return unify_value(f, r->args[i], args[i], [&] { return self(self, i + 1); });
  };
  return bind_args(bind_args, 0);
}

bool Evaluator::call_function(Frame& caller, const DocNode* node, const std::vector<Value>& args,
                              const Expr* at, ValueNext k) {
  Nested nested(*this, caller.file(), at->location);
  std::optional<Value> result;
  const RulePlan* default_plan = nullptr;
  for (const RulePlan& plan : node->rules) {
    if (plan.rule->is_default) {
      default_plan = &plan;
      continue;
    }
    if (plan.rule->args.size() != args.size()) continue;
    for (const RuleIr* r = plan.rule; r != nullptr; r = r->else_rule) {
      bool produced = false;
      function_rule(r, args, [&](const Value& v) {
        produced = true;
        if (result && !(*result == v)) {
          fail(kEvalConflictError, "functions must not produce multiple outputs for same inputs",
               r->module->file, r->location);
        }
        result = v;
        return true;
      });
      if (produced) break;  // `else` is tried only when the definition before it is undefined
    }
  }
  if (!result && default_plan != nullptr) {
    function_rule(default_plan->rule, args, [&](const Value& v) {
      result = v;
      return false;
    });
  }
  if (!result) return true;
  return k(*result);
}

}  // namespace assay::rego::eval
