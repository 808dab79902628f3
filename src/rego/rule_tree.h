// The rule tree and module tree of OPA's compiler (compile.go: TreeNode, ModuleTreeNode): the
// policy's rules indexed once by the ground prefix of their refs (`data.a.b.p`), and its modules
// by package path. Every lookup a check needs (the rules a ref may refer to, a function's arity,
// whether a path holds rules) walks this index instead of scanning all rules, so the checks stay
// linear in the size of the policy.
//
// Children are kept sorted by key (OPA keeps them in Go maps; sorting makes traversal order, and
// with it the order of errors, deterministic). Built once per compile() call after the stage
// that rewrites rule head refs; the trees point into the Policy and are read-only afterwards.
// Not thread-safe.
#pragma once

#include <vector>

#include "src/rego/compile_ir.h"

namespace assay::rego::ir {

struct TreeNode {
  const Term* key = nullptr;  // null at the root
  std::vector<RuleIr*> values;
  std::vector<TreeNode*> children;  // sorted by compare_terms on key
  bool hide = false;                // data.system

  // The child with this key, or null (refs and calls never match, as in OPA).
  TreeNode* child(const Term* k) const;
};

struct ModuleTreeNode {
  const Term* key = nullptr;
  std::vector<ModuleIr*> modules;
  std::vector<ModuleTreeNode*> children;  // sorted by key

  ModuleTreeNode* child(const Term* k) const;
};

class RuleTree {
 public:
  // Indexes every (non-else) rule of the policy by its ground prefix, modules in package order.
  explicit RuleTree(Policy& policy);
  RuleTree(const RuleTree&) = delete;
  RuleTree& operator=(const RuleTree&) = delete;

  TreeNode* root() { return &nodes_.front(); }
  ModuleTreeNode* module_root() { return &module_nodes_.front(); }

  // Rules at exactly this ref (OPA's GetRulesExact).
  const std::vector<RuleIr*>* rules_exact(const std::vector<Term*>& ref) const;
  // Rules the ref may refer to, hidden modules included (GetRulesDynamicWithOpts), in a stable
  // order without duplicates.
  std::vector<RuleIr*> rules_dynamic(const std::vector<Term*>& ref) const;
  // The node at this ref, or null (TreeNode.Find).
  TreeNode* find(const std::vector<Term*>& ref) const;

  // Visits nodes depth first, children in key order; f returns true to skip a node's children.
  template <typename F>
  void depth_first(F&& f) {
    depth_first_from(root(), f);
  }
  template <typename F>
  static void depth_first_from(TreeNode* n, F& f) {
    if (f(n)) return;
    for (TreeNode* c : n->children) depth_first_from(c, f);
  }
  template <typename F>
  void module_depth_first(F&& f) {
    module_depth_first_from(module_root(), f);
  }
  template <typename F>
  static void module_depth_first_from(ModuleTreeNode* n, F& f) {
    if (f(n)) return;
    for (ModuleTreeNode* c : n->children) module_depth_first_from(c, f);
  }

 private:
  TreeNode* add_child(TreeNode* parent, const Term* key);
  ModuleTreeNode* add_module_child(ModuleTreeNode* parent, const Term* key);

  std::deque<TreeNode> nodes_;
  std::deque<ModuleTreeNode> module_nodes_;
};

}  // namespace assay::rego::ir
