// The texts of the type checker's "undefined ref" errors (check.go: newRefErrUnsupported,
// newRefErrInvalid and the Lines() of their details): the ref, a marker under the offending
// part, and what was found there against what the value allows.
#include <algorithm>

#include "src/rego/type_check_internal.h"

namespace assay::rego::ir {

namespace {

std::string prefix_string(const std::vector<Term*>& ref, size_t n, const Names& names) {
  std::vector<Term*> prefix(ref.begin(), ref.begin() + static_cast<std::ptrdiff_t>(n));
  return ref_string(prefix, names);
}

// A key as OPA prints the ast.Value it converts it to: strings quoted, numbers as written.
std::string key_string(const types::Key& key, const Names& names) {
  Term t;
  switch (key.kind()) {
    case types::Key::Kind::kNull:
      t.kind = TermKind::kNull;
      break;
    case types::Key::Kind::kBoolean:
      t.kind = TermKind::kBoolean;
      t.boolean = key.text() == "true";
      break;
    case types::Key::Kind::kNumber:
      t.kind = TermKind::kNumber;
      t.text = key.text();
      break;
    case types::Key::Kind::kString:
      t.kind = TermKind::kString;
      t.text = key.text();
      break;
  }
  return term_string(&t, names);
}

void collect_one_of(const types::TypePtr& type, std::vector<types::Key>& out) {
  if (type == nullptr) return;
  if (type->kind() == types::Kind::kObject) {
    for (const types::StaticProperty& p : type->static_properties()) out.push_back(p.key);
  } else if (type->kind() == types::Kind::kAny) {
    for (const types::TypePtr& member : type->members()) collect_one_of(member, out);
  }
}

}  // namespace

std::vector<types::Key> one_of_keys(const types::TypePtr& type) {
  std::vector<types::Key> keys;
  collect_one_of(type, keys);
  std::stable_sort(keys.begin(), keys.end(), [](const types::Key& a, const types::Key& b) {
    return types::CompareKeys(a, b) < 0;
  });
  keys.erase(std::unique(keys.begin(), keys.end(),
                         [](const types::Key& a, const types::Key& b) {
                           return types::CompareKeys(a, b) == 0;
                         }),
             keys.end());
  return keys;
}

types::TypeErrorText ref_error_unsupported(const std::vector<Term*>& ref, size_t pos,
                                           const types::TypePtr& have, const Names& names) {
  types::TypeErrorText text;
  const std::string whole = ref_string(ref, names);
  text.message = "undefined ref: " + whole;
  text.details.push_back(whole);
  text.details.push_back(std::string(prefix_string(ref, pos + 1, names).size(), '^'));
  text.details.push_back("have: " + types::to_string(have));
  return text;
}

types::TypeErrorText ref_error_invalid(const std::vector<Term*>& ref, size_t pos,
                                       const types::TypePtr& have, const types::TypePtr& want,
                                       const std::vector<types::Key>& one_of, const Names& names) {
  types::TypeErrorText text;
  const std::string whole = ref_string(ref, names);
  text.message = "undefined ref: " + whole;
  text.details.push_back(whole);
  const std::string pad(prefix_string(ref, pos, names).size() + 1, ' ');
  text.details.push_back(pad + "^");
  if (have != nullptr) {
    text.details.push_back(pad + "have (type): " + types::to_string(have));
  } else {
    text.details.push_back(pad + "have: " + term_string(ref[pos], names));
  }
  if (!one_of.empty()) {
    std::string list;
    for (const types::Key& k : one_of) {
      if (!list.empty()) list += " ";
      list += key_string(k, names);
    }
    text.details.push_back(pad + "want (one of): [" + list + "]");
  } else {
    text.details.push_back(pad + "want (type): " + types::to_string(want));
  }
  return text;
}

}  // namespace assay::rego::ir
