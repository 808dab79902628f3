// The CheckKeywordOverrides and CheckDuplicateImports stages (OPA's checkRootDocumentOverrides
// and checkDuplicateImports). OPA applies both to Rego v1 modules only (and to every module in
// strict mode): a v0 module may still name a rule `input` or import the same name twice.
#include <unordered_map>

#include "src/rego/compile_stages.h"

namespace assay::rego::ir {

namespace {

bool checked(const Context& c, const ModuleIr* m) { return c.strict || m->v1_compatible; }

bool is_root_name(VarId v) { return v == Names::kData || v == Names::kInput; }

}  // namespace

void check_keyword_overrides(Context& c) {
  Policy& p = c.policy;
  for (ModuleIr* m : p.modules) {
    if (!checked(c, m)) continue;
    std::vector<RegoError> errors;
    for (RuleIr* r : m->rules) {
      if (!r->ref.empty() && r->ref[0]->kind == TermKind::kVar && is_root_name(r->ref[0]->var)) {
        errors.push_back(c.error(kCompileError,
                                 "rules must not shadow " + p.names.text(r->ref[0]->var) +
                                     " (use a different rule name)",
                                 m->file, r->location));
      }
      for (const Term* arg : r->args) {
        if (is_root_document_ref(arg)) {
          errors.push_back(c.error(kCompileError,
                                   "args must not shadow " + term_string(arg, p.names) +
                                       " (use a different variable name)",
                                   m->file, arg->location));
        }
      }
    }
    auto visit = [&](Expr* e) {
      if (is_assignment(e, p.well_known) && e->operand_count() >= 1) {
        const std::string name = term_string(e->operand(0), p.names);
        if (name == "data" || name == "input") {
          errors.push_back(
              c.error(kCompileError,
                      "variables must not shadow " + name + " (use a different variable name)",
                      m->file, e->location));
        }
      }
      return false;
    };
    for (RuleIr* rule : m->rules) {
      for (RuleIr* r = rule; r != nullptr; r = r->else_rule) {
        for (Term* t : r->args) walk_exprs_in_term(t, visit);
        walk_exprs_in_term(r->key, visit);
        walk_exprs_in_term(r->value, visit);
        walk_exprs(r->body, visit);
      }
    }
    if (!errors.empty() && !c.errors.add(std::move(errors))) return;
  }
}

void check_imports(Context& c) {
  Policy& p = c.policy;
  std::vector<RegoError> errors;
  for (ModuleIr* m : p.modules) {
    if (!checked(c, m)) continue;
    std::unordered_map<VarId, const ImportIr*> processed;
    for (const ImportIr& imp : m->imports) {
      const VarId name = import_name(imp, p.names);
      auto [it, inserted] = processed.emplace(name, &imp);
      if (!inserted) {
        errors.push_back(c.error(kCompileError,
                                 "import must not shadow " + import_string(*it->second, p.names),
                                 m->file, imp.location));
      }
    }
  }
  if (!errors.empty()) c.errors.add(std::move(errors));
}

}  // namespace assay::rego::ir
