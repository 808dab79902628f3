#include "validators/rego/network_calls.h"

#include <algorithm>

#include "src/rego/builtins/registry.h"

namespace assay::rego_validator {
namespace {

using rego::Term;
using rego::TermKind;

// The dotted name a call's operator spells (`http.send`), or "" when it is not a plain name.
std::string operator_name(const Term& op) {
  if (op.kind == TermKind::kVar) return op.text;
  if (op.kind != TermKind::kRef || op.items.empty() || op.items[0]->kind != TermKind::kVar) {
    return "";
  }
  std::string name = op.items[0]->text;
  for (size_t i = 1; i < op.items.size(); ++i) {
    if (op.items[i]->kind != TermKind::kString) return "";
    name += "." + op.items[i]->text;
  }
  return name;
}

class Finder {
 public:
  explicit Finder(const rego::Module& module) : file_(module.file) {}

  void body(const rego::Body& exprs, size_t depth) {
    for (const rego::Expr& expr : exprs) {
      if (expr.kind == rego::ExprKind::kCall && !expr.terms.empty()) {
        check_operator(*expr.terms[0], expr.location);
      }
      for (const rego::TermPtr& t : expr.terms) term(t.get(), depth);
      for (const rego::With& with : expr.with) term(with.value.get(), depth);
      if (expr.body) body(*expr.body, depth + 1);
    }
  }

  void term(const Term* t, size_t depth) {
    // The parser bounds nesting; this bound only keeps a hostile tree from the stack.
    if (t == nullptr || depth > 1000) return;
    if (t->kind == TermKind::kCall && !t->items.empty()) check_operator(*t->items[0], t->location);
    for (const rego::TermPtr& item : t->items) term(item.get(), depth + 1);
    if (t->body) body(*t->body, depth + 1);
  }

  void rule(const rego::Rule& r) {
    for (const rego::Rule* each = &r; each != nullptr; each = each->else_rule.get()) {
      term(each->head.key.get(), 0);
      term(each->head.value.get(), 0);
      body(each->body, 0);
    }
  }

  std::vector<NetworkCall> calls;

 private:
  void check_operator(const Term& op, rego::SourceLocation at) {
    const std::string name = operator_name(op);
    if (name.empty()) return;
    const rego::BuiltinDecl* decl = rego::find_builtin(name);
    if (decl != nullptr && decl->needs_network) calls.push_back({name, file_, at});
  }

  const std::string& file_;
};

}  // namespace

std::vector<NetworkCall> find_network_calls(const rego::Module& module) {
  Finder finder(module);
  for (const rego::Rule& rule : module.rules) finder.rule(rule);
  std::stable_sort(finder.calls.begin(), finder.calls.end(),
                   [](const NetworkCall& a, const NetworkCall& b) {
                     return a.location.offset < b.location.offset;
                   });
  return std::move(finder.calls);
}

}  // namespace assay::rego_validator
