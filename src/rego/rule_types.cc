// The types of rules (OPA's checkRule results in the TypeEnv of CheckTypes, env.go's Insert and
// mergeTypes): each rule's type is computed when a body first refers to it, so every rule is
// checked after the rules it depends on, as OPA checks them in the order of its dependency
// graph. A path's type is the merge of the types of all rules (else branches included) at it.
#include "src/rego/type_check_internal.h"

namespace assay::rego::ir {

RuleTypes::RuleTypes(Context& c, std::vector<RegoError>& errors) : c_(c), errors_(errors) {
  for (const ModuleIr* m : c.policy.modules) own_modules_.insert(m);
}

RuleTypes::Leaf RuleTypes::find_leaf(const std::vector<Term*>& ref) {
  if (c_.tree == nullptr || ref.empty() || ref[0]->kind != TermKind::kVar ||
      ref[0]->var != Names::kData) {
    return {};
  }
  TreeNode* node = c_.tree->root();
  for (size_t i = 0; i < ref.size(); ++i) {
    const Term* item = ref[i];
    // OPA's checkRef wants strings (or vars) right below `data`; vars are not followed here.
    const bool walkable = i == 0 || (i <= 2 ? item->kind == TermKind::kString : is_scalar(item));
    if (!walkable) return {};
    node = node->child(item);
    if (node == nullptr) return {};
    if (node->values.empty()) continue;
    // The first node with rules: a leaf of OPA's type tree only if nothing lies below it.
    if (!node->children.empty()) return {};
    // A query's refs reach the compiled policy's rules, typed when the policy was compiled.
    if (c_.base_rule_types != nullptr && c_.base_rule_types->count(node) != 0) {
      return {node, i + 1};
    }
    for (const RuleIr* r : node->values) {
      if (own_modules_.count(r->module) == 0) return {};
    }
    return {node, i + 1};
  }
  return {};
}

Known RuleTypes::node_type(TreeNode* node) {
  auto it = node_types_.find(node);
  if (it != node_types_.end()) return it->second;
  if (c_.base_rule_types != nullptr) {
    auto base = c_.base_rule_types->find(node);
    if (base != c_.base_rule_types->end()) return base->second;
  }
  Known merged = types::TypePtr{};
  for (RuleIr* rule : node->values) {
    for (RuleIr* r = rule; r != nullptr && merged; r = r->else_rule) {
      Known t = rule_type(r);
      if (!t) {
        merged = std::nullopt;
      } else if (*t != nullptr) {
        merged = merge_rule_types(*merged, *t);
      }
    }
  }
  node_types_[node] = merged;
  return merged;
}

Known RuleTypes::rule_type(RuleIr* rule) {
  auto it = rule_types_.find(rule);
  if (it != rule_types_.end()) return it->second;
  rule_types_[rule] = std::nullopt;  // a cycle (rejected earlier) would read unknown
  Known t = check_rule(c_, *this, rule, errors_);
  rule_types_[rule] = t;
  return t;
}

void RuleTypes::check_all() {
  for (ModuleIr* m : c_.policy.modules) {
    for (RuleIr* rule : m->rules) {
      for (RuleIr* r = rule; r != nullptr; r = r->else_rule) rule_type(r);
    }
  }
  if (c_.rule_types_out == nullptr || c_.tree == nullptr) return;
  // Keep the type of every leaf for the queries against this policy.
  c_.tree->depth_first([&](TreeNode* node) {
    if (node->values.empty()) return false;
    if (node->children.empty()) {
      if (Known t = node_type(node)) (*c_.rule_types_out)[node] = *t;
    }
    return true;
  });
}

Known merge_rule_types(const types::TypePtr& a, const types::TypePtr& b) {
  using types::Kind;
  if (a == nullptr) return b;
  if (b == nullptr) return a;
  switch (a->kind()) {
    case Kind::kObject:
      if (b->kind() == Kind::kObject && a->static_properties().empty() &&
          b->static_properties().empty() && a->dynamic_property() && b->dynamic_property()) {
        Known value = merge_rule_types(a->dynamic_property()->value, b->dynamic_property()->value);
        if (!value) return std::nullopt;
        return types::ObjectOf(types::Or(a->dynamic_property()->key, b->dynamic_property()->key),
                               *value);
      }
      if (b->kind() == Kind::kAny && a->static_properties().empty()) {
        // OPA updates the union's object in place here: not reproduced.
        for (const types::TypePtr& m : b->members()) {
          if (m->kind() == Kind::kObject && m->static_properties().empty()) return std::nullopt;
        }
      }
      break;
    case Kind::kSet:
      if (b->kind() == Kind::kSet) return types::Set(types::Or(a->set_element(), b->set_element()));
      break;
    case Kind::kAny:
      if (b->kind() != Kind::kAny) return merge_rule_types(b, a);
      break;
    default:
      break;
  }
  return types::Or(a, b);
}

}  // namespace assay::rego::ir
