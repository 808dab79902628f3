#include "src/rego/builtins/registry.h"

#include <algorithm>
#include <cassert>
#include <vector>

#include "src/rego/builtins/table.h"

namespace assay::rego {

namespace {

struct Registry {
  std::vector<BuiltinDecl> by_name;          // sorted by name
  std::vector<const BuiltinDecl*> by_infix;  // the operators, in by_name's order
};

Registry Build() {
  using builtins::Rows;
  Registry registry;
  for (Rows (*part)() : {
           builtins::aggregates_builtins, builtins::arrays_builtins,
           builtins::bits_builtins,       builtins::conversions_builtins,
           builtins::crypto_builtins,     builtins::encoding_builtins,
           builtins::glob_builtins,       builtins::graph_builtins,
           builtins::graphql_builtins,    builtins::http_builtins,
           builtins::jwt_builtins,        builtins::misc_builtins,
           builtins::net_builtins,        builtins::numbers_builtins,
           builtins::objects_builtins,    builtins::operators_builtins,
           builtins::providers_builtins,  builtins::regex_builtins,
           builtins::rego_builtins,       builtins::semver_builtins,
           builtins::sets_builtins,       builtins::strings_builtins,
           builtins::time_builtins,       builtins::types_builtins,
           builtins::units_builtins,      builtins::uuid_builtins,
       }) {
    Rows rows = part();
    registry.by_name.insert(registry.by_name.end(), rows.begin(), rows.end());
  }
  std::sort(registry.by_name.begin(), registry.by_name.end(),
            [](const BuiltinDecl& a, const BuiltinDecl& b) { return a.name < b.name; });
  assert(std::adjacent_find(registry.by_name.begin(), registry.by_name.end(),
                            [](const BuiltinDecl& a, const BuiltinDecl& b) {
                              return a.name == b.name;
                            }) == registry.by_name.end());
  for (const BuiltinDecl& decl : registry.by_name) {
    if (decl.infix_operator) registry.by_infix.push_back(&decl);
  }
  return registry;
}

// Built on first use; C++ guarantees one thread builds it while others wait.
const Registry& Get() {
  static const Registry registry = Build();
  return registry;
}

}  // namespace

const BuiltinDecl* find_builtin(std::string_view name) {
  const std::vector<BuiltinDecl>& all = Get().by_name;
  auto at = std::lower_bound(all.begin(), all.end(), name,
                             [](const BuiltinDecl& d, std::string_view n) { return d.name < n; });
  return at != all.end() && at->name == name ? &*at : nullptr;
}

std::span<const BuiltinDecl> all_builtins() { return Get().by_name; }

const BuiltinDecl* find_infix(std::string_view op, size_t operands) {
  for (const BuiltinDecl* decl : Get().by_infix) {
    if (decl->infix == op && decl->arity() == operands) return decl;
  }
  return nullptr;
}

}  // namespace assay::rego
