#include "src/rego/rule_tree.h"

#include <algorithm>
#include <unordered_set>

namespace assay::rego::ir {

namespace {

template <typename Node>
Node* find_child(const std::vector<Node*>& children, const Term* k) {
  if (k->kind == TermKind::kRef || k->kind == TermKind::kCall) return nullptr;
  auto it = std::lower_bound(
      children.begin(), children.end(), k,
      [](const Node* n, const Term* key) { return compare_terms(n->key, key) < 0; });
  if (it != children.end() && compare_terms((*it)->key, k) == 0) return *it;
  return nullptr;
}

template <typename Node>
void insert_child(std::vector<Node*>& children, Node* child) {
  auto it = std::lower_bound(
      children.begin(), children.end(), child,
      [](const Node* a, const Node* b) { return compare_terms(a->key, b->key) < 0; });
  children.insert(it, child);
}

}  // namespace

TreeNode* TreeNode::child(const Term* k) const { return find_child(children, k); }
ModuleTreeNode* ModuleTreeNode::child(const Term* k) const { return find_child(children, k); }

TreeNode* RuleTree::add_child(TreeNode* parent, const Term* key) {
  if (TreeNode* existing = parent->child(key)) return existing;
  TreeNode* node = &nodes_.emplace_back();
  node->key = key;
  insert_child(parent->children, node);
  return node;
}

ModuleTreeNode* RuleTree::add_module_child(ModuleTreeNode* parent, const Term* key) {
  if (ModuleTreeNode* existing = parent->child(key)) return existing;
  ModuleTreeNode* node = &module_nodes_.emplace_back();
  node->key = key;
  insert_child(parent->children, node);
  return node;
}

RuleTree::RuleTree(Policy& policy) {
  nodes_.emplace_back();
  module_nodes_.emplace_back();
  for (ModuleIr* m : policy.modules) {
    ModuleTreeNode* node = module_root();
    for (const Term* item : m->package) node = add_module_child(node, item);
    node->modules.push_back(m);
  }
  // Rules enter the rule tree in module tree order, as OPA's NewRuleTree adds them.
  module_depth_first([&](ModuleTreeNode* mnode) {
    for (ModuleIr* m : mnode->modules) {
      if (m->rules.empty()) {
        TreeNode* node = root();
        for (const Term* item : m->package) node = add_child(node, item);
      }
      for (RuleIr* rule : m->rules) {
        TreeNode* node = root();
        for (const Term* item : ground_prefix(rule_ref(rule, policy))) node = add_child(node, item);
        node->values.push_back(rule);
      }
    }
    return false;
  });
  // data.system is hidden.
  if (TreeNode* data = root()->children.empty() ? nullptr : root()->children.front()) {
    Term system_key;
    system_key.kind = TermKind::kString;
    system_key.text = "system";
    if (TreeNode* system = data->child(&system_key)) system->hide = true;
  }
}

TreeNode* RuleTree::find(const std::vector<Term*>& ref) const {
  TreeNode* node = const_cast<TreeNode*>(&nodes_.front());
  for (const Term* item : ref) {
    node = node->child(item);
    if (node == nullptr) return nullptr;
  }
  return node;
}

const std::vector<RuleIr*>* RuleTree::rules_exact(const std::vector<Term*>& ref) const {
  TreeNode* node = find(ref);
  return node == nullptr ? nullptr : &node->values;
}

std::vector<RuleIr*> RuleTree::rules_dynamic(const std::vector<Term*>& ref) const {
  std::vector<RuleIr*> out;
  std::unordered_set<RuleIr*> seen;
  auto insert = [&](const std::vector<RuleIr*>& rules) {
    for (RuleIr* r : rules) {
      if (seen.insert(r).second) out.push_back(r);
    }
  };
  auto walk = [&](auto& self, const TreeNode* node, size_t i) -> void {
    if (i >= ref.size()) {
      auto all = [&](auto& all_self, const TreeNode* n) -> void {
        insert(n->values);
        for (const TreeNode* c : n->children) all_self(all_self, c);
      };
      all(all, node);
      return;
    }
    if (i == 0 || is_constant(ref[i])) {
      const TreeNode* child = node->child(ref[i]);
      if (child == nullptr) return;
      insert(child->values);
      self(self, child, i + 1);
      return;
    }
    for (const TreeNode* child : node->children) {
      insert(child->values);
      self(self, child, i + 1);
    }
  };
  walk(walk, &nodes_.front(), 0);
  return out;
}

}  // namespace assay::rego::ir
