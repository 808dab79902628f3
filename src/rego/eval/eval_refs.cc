// References: `input.a[x]`, `xs[i].name`, and `data.p.q[k]` over the base documents merged with
// the virtual documents the rules define (OPA's topdown evalRef, evalTree, evalVirtual). A ref
// walks the document index while its keys are known, evaluates the rules of the node it reaches,
// and indexes into their value; a var key enumerates the keys of both trees.
#include <algorithm>
#include <map>

#include "src/rego/eval/eval_state.h"

namespace assay::rego::eval {

namespace {

bool is_prefix(const std::vector<Value>& prefix, const std::vector<Value>& path) {
  if (prefix.size() > path.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (!(prefix[i] == path[i])) return false;
  }
  return true;
}

// The keys a var enumerates in a collection: array indices, object keys, set members.
void collection_keys(const Value& v, std::vector<Value>& out) {
  if (v.is_array()) {
    for (size_t i = 0; i < v.size(); ++i) out.push_back(Value::integer(static_cast<int64_t>(i)));
  } else if (v.is_object()) {
    for (const auto& [key, value] : v.object_entries()) out.push_back(key);
  } else if (v.is_set()) {
    for (const Value& member : v.set_items()) out.push_back(member);
  }
}

// The member of an override's value at `path` (at or below the override's own path), or null.
const Value* overridden_at(const DataOverride& o, const std::vector<Value>& path) {
  const Value* v = &o.value;
  for (size_t j = o.path.size(); j < path.size() && v != nullptr; ++j) {
    v = v->is_collection() ? v->find(path[j]) : nullptr;
  }
  return v;
}

}  // namespace

std::vector<Value> Evaluator::keys_below(const DocNode* node, const std::vector<Value>& path,
                                         bool below) const {
  std::vector<Value> keys;
  if (node != nullptr) {
    for (const auto& [key, child] : node->children) keys.push_back(key);
  }
  if (below) {
    for (const DataOverride& o : data_overrides_) {
      if (o.path.size() > path.size() && is_prefix(path, o.path)) keys.push_back(o.path[path.size()]);
    }
  }
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  return keys;
}

bool Evaluator::ref(Frame& f, const Term* r, ValueNext k) {
  const Term* head = r->items[0];
  if (head->kind == TermKind::kVar) {
    if (head->var == ir::Names::kData) {
      std::vector<Value> path;
      return data_ref(f, r, &policy_.index().root, &options_.data, path, 1, k);
    }
    // Copies: the frame, the input and the overrides may change while the continuation runs.
    if (head->var == ir::Names::kInput) {
      if (!input_) return true;
      const Value input = *input_;
      return index(f, input, r->items, 1, k);
    }
    const Value* v = f.find(head->var);
    if (v == nullptr) {
      fail(kEvalTypeError, "var " + std::string(f.names().display(head->var)) + " is unbound",
           f.file(), head->location);
    }
    const Value copy = *v;
    return index(f, copy, r->items, 1, k);
  }
  return term(f, head, [&](const Value& v) { return index(f, v, r->items, 1, k); });
}

bool Evaluator::index(Frame& f, const Value& v, const std::vector<Term*>& items, size_t i,
                      ValueNext k) {
  if (i == items.size()) return k(v);
  const Term* item = items[i];
  if (has_unbound(f, item)) {
    if (v.is_array()) {
      auto elements = v.array_items();
      for (size_t j = 0; j < elements.size(); ++j) {
        const bool go_on = unify_value(f, item, Value::integer(static_cast<int64_t>(j)),
                                       [&] { return index(f, elements[j], items, i + 1, k); });
        if (!go_on) return false;
      }
    } else if (v.is_object()) {
      for (const ObjectEntry& entry : v.object_entries()) {
        const Value& member = entry.second;
        if (!unify_value(f, item, entry.first, [&] { return index(f, member, items, i + 1, k); })) {
          return false;
        }
      }
    } else if (v.is_set()) {
      for (const Value& member : v.set_items()) {
        if (!unify_value(f, item, member, [&] { return index(f, member, items, i + 1, k); })) {
          return false;
        }
      }
    }
    return true;
  }
  return term(f, item, [&](const Value& key) {
    if (!v.is_collection()) return true;
    const Value* member = v.find(key);
    if (member == nullptr) return true;
    return index(f, *member, items, i + 1, k);
  });
}

const DataOverride* Evaluator::override_at(const std::vector<Value>& path, bool* below) const {
  *below = false;
  for (auto it = data_overrides_.rbegin(); it != data_overrides_.rend(); ++it) {
    if (it->path.size() <= path.size()) {
      if (is_prefix(it->path, path)) return &*it;  // at or above: it replaces this document
    } else if (is_prefix(path, it->path)) {
      *below = true;
    }
  }
  return nullptr;
}

bool Evaluator::data_ref(Frame& f, const Term* r, const DocNode* node, const Value* base,
                         std::vector<Value>& path, size_t i, ValueNext k) {
  const std::vector<Term*>& items = r->items;
  bool below = false;
  if (const DataOverride* o = override_at(path, &below)) {
    // The override replaces the document at its own path; index into it from there.
    const Value* v = overridden_at(*o, path);
    if (v == nullptr) return true;
    const Value copy = *v;
    return index(f, copy, items, i, k);
  }
  // Where a base document and rules define the same path, OPA reads the base document.
  if (node != nullptr && !node->rules.empty() && base == nullptr) {
    if (node->functions) return true;
    std::optional<Value> v = rules_value(node);
    if (!v) return true;
    return index(f, *v, items, i, k);
  }
  if (i == items.size()) {
    std::optional<Value> doc = document(node, base, path);
    return doc ? k(*doc) : true;
  }
  auto descend = [&](const Value& key) {
    const DocNode* child = node != nullptr ? node->child(key) : nullptr;
    const Value* member = base != nullptr && base->is_collection() ? base->find(key) : nullptr;
    // The base documents are stored as JSON: `data.x[2]` finds the key "2", as OPA's store does.
    if (member == nullptr && base != nullptr && base->is_object() && key.is_number()) {
      member = base->find(Value::string(key.as_number().to_string()));
    }
    path.push_back(key);
    bool reachable = child != nullptr || member != nullptr;
    if (!reachable && below) {
      bool deeper = false;
      reachable = override_at(path, &deeper) != nullptr || deeper;
    }
    const bool go_on = !reachable || data_ref(f, r, child, member, path, i + 1, k);
    path.pop_back();
    return go_on;
  };
  const Term* item = items[i];
  if (!has_unbound(f, item)) return term(f, item, descend);
  std::vector<Value> keys = keys_below(node, path, below);
  if (base != nullptr) {
    collection_keys(*base, keys);
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  }
  for (const Value& key : keys) {
    if (!unify_value(f, item, key, [&] { return descend(key); })) return false;
  }
  return true;
}

std::optional<Value> Evaluator::document(const DocNode* node, const Value* base,
                                         std::vector<Value>& path) {
  bool below = false;
  if (const DataOverride* o = override_at(path, &below)) {
    const Value* v = overridden_at(*o, path);
    return v != nullptr ? std::optional<Value>(*v) : std::nullopt;
  }
  if (node != nullptr && !node->rules.empty() && base == nullptr) {
    if (node->functions) return std::nullopt;
    return rules_value(node);
  }
  const bool has_children = node != nullptr && !node->children.empty();
  if (!has_children && !below) {
    if (base != nullptr) return *base;
    if (node != nullptr && node->package) return Value::object({});
    return std::nullopt;
  }
  if (base != nullptr && !base->is_object()) return *base;
  std::map<Value, Value> entries;
  if (base != nullptr) {
    for (const auto& [key, value] : base->object_entries()) entries.emplace(key, value);
  }
  for (const Value& key : keys_below(node, path, below)) {
    const DocNode* child = node != nullptr ? node->child(key) : nullptr;
    auto existing = entries.find(key);
    const Value* member = existing != entries.end() ? &existing->second : nullptr;
    path.push_back(key);
    std::optional<Value> v = document(child, member, path);
    path.pop_back();
    if (v) entries[key] = std::move(*v);
  }
  std::vector<ObjectEntry> out(entries.begin(), entries.end());
  return Value::object(std::move(out));
}

}  // namespace assay::rego::eval
