// Shared by the files of the CheckTypes stage: type_check.cc (rule bodies), rule_types.cc (the
// types of rules, OPA's TypeEnv for `data`) and ref_errors.cc (the "undefined ref" texts).
// Internal to the compiler. Not thread-safe: one RuleTypes per compile() call.
#pragma once

#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "src/rego/compile_stages.h"
#include "src/rego/types.h"

namespace assay::rego::ir {

// A type as this checker knows it: nullopt is "unknown here"; a null TypePtr is OPA's nil.
using Known = std::optional<types::TypePtr>;

class RuleTypes;

// What checking one rule (its body, then its head) gave: the rule's type as OPA's checkRule
// inserts it (nil: not inserted), or nullopt where this checker did not follow the whole body.
Known check_rule(Context& c, RuleTypes& rule_types, RuleIr* rule, std::vector<RegoError>& errors);

// The types of the policy's rules, as OPA's CheckTypes puts them in its type environment, each
// computed on first use so that a rule is checked after the rules it refers to (the order of
// OPA's dependency graph; recursion was rejected before). Only the rules of a rule-tree node
// with no rules above or below it get a type here (a leaf of OPA's type tree that nothing was
// merged into); every other path stays unknown.
class RuleTypes {
 public:
  RuleTypes(Context& c, std::vector<RegoError>& errors);

  // A ref's walk to the rules it names: the node holding them and the index of the first ref
  // item below it. Null node when the ref's constant prefix does not end at such a node.
  struct Leaf {
    TreeNode* node = nullptr;
    size_t next = 0;
  };
  Leaf find_leaf(const std::vector<Term*>& ref);
  // The merged type of the rules at a leaf (OPA's Insert, mergeTypes).
  Known node_type(TreeNode* node);
  // Checks every rule of the policy once; errors go to the vector given to the constructor.
  void check_all();

 private:
  Known rule_type(RuleIr* rule);

  Context& c_;
  std::vector<RegoError>& errors_;
  std::unordered_set<const ModuleIr*> own_modules_;  // queries see a base policy's tree
  std::unordered_map<const RuleIr*, Known> rule_types_;
  std::unordered_map<const TreeNode*, Known> node_types_;
};

// OPA's mergeTypes (env.go) for the types of rules at one path; nullopt where OPA's result is
// not reproduced (a merge that updates a union in place).
Known merge_rule_types(const types::TypePtr& a, const types::TypePtr& b);

// "undefined ref: <ref>" errors, as check.go's RefErrUnsupportedDetail and RefErrInvalidDetail
// print them. `ref` is the ref with vars already shown by their original names; `pos` indexes
// its items.
types::TypeErrorText ref_error_unsupported(const std::vector<Term*>& ref, size_t pos,
                                           const types::TypePtr& have, const Names& names);
// `have` null: the item at pos is shown as a term ("have: \"x\""); `one_of` non-empty: the keys
// the value has ("want (one of): [\"a\" \"b\"]"), else "want (type): <want>".
types::TypeErrorText ref_error_invalid(const std::vector<Term*>& ref, size_t pos,
                                       const types::TypePtr& have, const types::TypePtr& want,
                                       const std::vector<types::Key>& one_of, const Names& names);
// OPA's getOneOfForType: the static keys of an object type (or of a union's objects), sorted
// and without duplicates.
std::vector<types::Key> one_of_keys(const types::TypePtr& type);

}  // namespace assay::rego::ir
