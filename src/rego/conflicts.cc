// The CheckRuleConflicts stage (OPA's checkRuleConflicts), on the rule tree: rules of different
// kinds or arities at one path ("conflicting rules data.x.p found"), a single-value rule with
// rules inside its extent ("rule data.x.p conflicts with [data.x.p.q]"), several default rules
// ("multiple default rules data.x.p found at a.rego:3, a.rego:4"), and a rule whose path is
// also a package ("package x.p conflicts with rule p defined at a.rego:3"). OPA reports these
// as rego_type_error.
#include <algorithm>

#include "src/rego/compile_stages.h"

namespace assay::rego::ir {

namespace {

// The rule's full ref with generated vars named as written (OPA's rewriteVarsInRef).
std::string rule_name(Context& c, const RuleIr* r) {
  Policy& p = c.policy;
  std::vector<Term*> ref = rule_ref(r, p);
  for (Term*& item : ref) {
    if (item->kind == TermKind::kVar && p.rewritten.count(item->var) != 0) {
      item = p.arena.var(p.original(item->var), item->location);
    }
  }
  return ref_string(ref, p.names);
}

// flattenChildren: the refs of the rules below n, shortest prefixes only, sorted.
std::vector<std::vector<Term*>> flatten_children(Context& c, TreeNode* n) {
  std::vector<std::vector<Term*>> refs;
  auto has_prefix = [](const std::vector<Term*>& r, const std::vector<Term*>& prefix) {
    if (prefix.size() > r.size()) return false;
    for (size_t i = 0; i < prefix.size(); ++i) {
      if (!terms_equal(r[i], prefix[i])) return false;
    }
    return true;
  };
  auto add_prefix = [&](std::vector<Term*> r) {
    for (const auto& existing : refs) {
      if (has_prefix(r, existing)) return;
    }
    std::vector<std::vector<Term*>> kept{r};
    for (auto& existing : refs) {
      if (!has_prefix(existing, r)) kept.push_back(std::move(existing));
    }
    refs = std::move(kept);
  };
  auto collect = [&](TreeNode* x) {
    for (RuleIr* r : x->values) add_prefix(rule_ref(r, c.policy));
    return false;
  };
  for (TreeNode* child : n->children) RuleTree::depth_first_from(child, collect);
  std::sort(refs.begin(), refs.end(), [](const auto& a, const auto& b) {
    const size_t k = std::min(a.size(), b.size());
    for (size_t i = 0; i < k; ++i) {
      if (int cmp = compare_terms(a[i], b[i]); cmp != 0) return cmp < 0;
    }
    return a.size() < b.size();
  });
  return refs;
}

}  // namespace

void check_rule_conflicts(Context& c) {
  Policy& p = c.policy;
  bool stop = false;
  c.tree->depth_first([&](TreeNode* node) {
    if (stop) return true;
    if (node->values.empty()) return false;
    bool single = false, multi = false;
    std::vector<size_t> arities;
    std::string name;
    std::vector<std::vector<Term*>> conflicts;
    bool has_conflicts = false;
    std::vector<RuleIr*> defaults;
    int complete = 0, partial = 0;
    for (RuleIr* r : node->values) {
      name = rule_name(c, r);
      (r->multi_value() ? multi : single) = true;
      if (std::find(arities.begin(), arities.end(), r->args.size()) == arities.end()) {
        arities.push_back(r->args.size());
      }
      if (r->is_default) defaults.push_back(r);
      const bool ground = ref_is_ground(rule_ref(r, p));
      if (ground && !node->children.empty()) {
        conflicts = flatten_children(c, node);
        has_conflicts = true;
      }
      if (!r->multi_value() && ground) {
        ++complete;
      } else {
        ++partial;
      }
    }
    const RuleIr* first = node->values[0];
    const std::string& file = first->module->file;
    if (has_conflicts) {
      std::string list = "[";
      for (size_t i = 0; i < conflicts.size(); ++i) {
        if (i > 0) list += " ";
        list += ref_string(conflicts[i], p.names);
      }
      list += "]";
      stop = !c.errors.add(
          c.error(kTypeError, "rule " + name + " conflicts with " + list, file, first->location));
      return true;
    }
    if ((single && multi) || arities.size() > 1 || (complete >= 1 && partial >= 1)) {
      stop = !c.errors.add(
          c.error(kTypeError, "conflicting rules " + name + " found", file, first->location));
      return true;
    }
    if (defaults.size() > 1) {
      std::string locations;
      for (size_t i = 0; i < defaults.size(); ++i) {
        if (i > 0) locations += ", ";
        locations += location_string(defaults[i]->module->file, defaults[i]->location);
      }
      const ModuleIr* m = defaults[0]->module;
      stop = !c.errors.add(c.error(kTypeError,
                                   "multiple default rules " + name + " found at " + locations,
                                   m->file, m->package_location));
      return true;
    }
    return false;
  });
  if (stop) return;
  // A rule whose (ground) path is also the path of a package.
  c.tree->module_depth_first([&](ModuleTreeNode* node) {
    if (stop) return true;
    for (ModuleIr* m : node->modules) {
      for (RuleIr* r : m->rules) {
        if (!ref_is_ground(r->ref)) continue;
        ModuleTreeNode* at = node;
        for (size_t i = 0; i < r->ref.size() && at != nullptr; ++i) {
          const Term* key = r->ref[i];
          Term head_key;
          if (i == 0 && key->kind == TermKind::kVar) {
            head_key.kind = TermKind::kString;
            head_key.text = p.names.text(key->var);
            key = &head_key;
          }
          at = (key->kind == TermKind::kString || key->kind == TermKind::kVar) ? at->child(key)
                                                                               : nullptr;
        }
        if (at == nullptr) continue;
        for (ModuleIr* child : at->modules) {
          if (child == m) continue;
          const std::string message = package_string(child, p.names) + " conflicts with rule " +
                                      ref_string(r->ref, p.names) + " defined at " +
                                      location_string(m->file, r->location);
          if (!c.errors.add(c.error(kTypeError, message, m->file, m->package_location))) {
            stop = true;
            return true;
          }
        }
      }
    }
    return false;
  });
}

}  // namespace assay::rego::ir
