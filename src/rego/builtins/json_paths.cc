// json.filter and json.remove: keep or drop the parts of an object named by JSON paths, as
// OPA's v1/topdown/json.go computes them (pathsToObject, then ast's filterObject or
// jsonRemove).
//
// The paths become a trie (OPA builds the same shape as nested objects with null leaves): a
// shorter path wins over the longer ones it prefixes, and the empty path selects nothing.
// Array elements are named by their index written as a string ("a/0/b"), as OPA looks them up;
// set members by themselves. The trie lives in an arena so that a very long path cannot make
// its destruction recurse, and the walks give up with an error past kMaxDepth levels.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "src/rego/builtins/json_documents.h"
#include "src/rego/builtins/text_support.h"

namespace assay::rego::builtins {

namespace {

constexpr size_t kMaxDepth = 2000;

class PathTrie {
 public:
  static constexpr size_t kRoot = 0;

  PathTrie() : nodes_(1) {}

  void add(const std::vector<Value>& path) {
    if (path.empty()) return;  // OPA skips empty paths
    size_t node = kRoot;
    for (size_t i = 0; i + 1 < path.size(); ++i) {
      auto it = nodes_[node].children.find(path[i]);
      if (it == nodes_[node].children.end()) {
        size_t child = new_node();
        nodes_[node].children.emplace(path[i], child);
        node = child;
        continue;
      }
      if (nodes_[it->second].leaf) return;  // a shorter path already selects all of it
      node = it->second;
    }
    size_t leaf = new_node();
    nodes_[leaf].leaf = true;
    nodes_[node].children[path.back()] = leaf;
  }

  bool leaf(size_t node) const { return nodes_[node].leaf; }

  std::optional<size_t> child(size_t node, const Value& key) const {
    auto it = nodes_[node].children.find(key);
    if (it == nodes_[node].children.end()) return std::nullopt;
    return it->second;
  }

 private:
  struct Node {
    bool leaf = false;
    std::map<Value, size_t> children;
  };

  size_t new_node() {
    nodes_.emplace_back();
    return nodes_.size() - 1;
  }

  std::vector<Node> nodes_;
};

const Value& index_key(std::vector<Value>* cache, size_t i) {
  while (cache->size() <= i) cache->push_back(Value::string(std::to_string(cache->size())));
  return (*cache)[i];
}

// Set when a walk passes kMaxDepth; the walk then unwinds with placeholder values.
struct Walk {
  const PathTrie& trie;
  std::vector<Value> index_keys;
  bool too_deep = false;
};

// ast's filterObject: what of `value` the trie node selects.
Value filter(const Value& value, Walk* walk, size_t node, size_t depth) {
  const PathTrie& trie = walk->trie;
  if (trie.leaf(node)) return value;
  if (depth > kMaxDepth || walk->too_deep) {
    walk->too_deep = true;
    return value;
  }
  std::vector<Value>* index_keys = &walk->index_keys;
  switch (value.kind()) {
    case ValueKind::kArray: {
      std::vector<Value> items;
      std::span<const Value> elements = value.array_items();
      for (size_t i = 0; i < elements.size(); ++i) {
        if (auto sub = trie.child(node, index_key(index_keys, i))) {
          items.push_back(filter(elements[i], walk, *sub, depth + 1));
        }
      }
      return Value::array(std::move(items));
    }
    case ValueKind::kSet: {
      std::vector<Value> members;
      for (const Value& member : value.set_items()) {
        if (auto sub = trie.child(node, member)) {
          members.push_back(filter(member, walk, *sub, depth + 1));
        }
      }
      return Value::set(std::move(members));
    }
    case ValueKind::kObject: {
      std::vector<ObjectEntry> entries;
      for (const auto& [key, member] : value.object_entries()) {
        if (auto sub = trie.child(node, key)) {
          entries.emplace_back(key, filter(member, walk, *sub, depth + 1));
        }
      }
      return Value::object(std::move(entries));
    }
    default:
      return value;
  }
}

// OPA's jsonRemove: `value` without what the trie node names; nullopt when the node names all
// of it.
std::optional<Value> remove(const Value& value, Walk* walk, size_t node, size_t depth) {
  const PathTrie& trie = walk->trie;
  if (trie.leaf(node)) return std::nullopt;
  if (depth > kMaxDepth || walk->too_deep) {
    walk->too_deep = true;
    return value;
  }
  std::vector<Value>* index_keys = &walk->index_keys;
  auto kept = [&](const Value& key, const Value& member) -> std::optional<Value> {
    std::optional<size_t> sub = trie.child(node, key);
    if (!sub) return member;
    return remove(member, walk, *sub, depth + 1);
  };
  switch (value.kind()) {
    case ValueKind::kArray: {
      // Removed elements close up, as JSON patch's remove does.
      std::vector<Value> items;
      std::span<const Value> elements = value.array_items();
      for (size_t i = 0; i < elements.size(); ++i) {
        if (auto item = kept(index_key(index_keys, i), elements[i])) items.push_back(*item);
      }
      return Value::array(std::move(items));
    }
    case ValueKind::kSet: {
      std::vector<Value> members;
      for (const Value& member : value.set_items()) {
        if (auto item = kept(member, member)) members.push_back(*item);
      }
      return Value::set(std::move(members));
    }
    case ValueKind::kObject: {
      std::vector<ObjectEntry> entries;
      for (const auto& [key, member] : value.object_entries()) {
        if (auto item = kept(key, member)) entries.emplace_back(key, *item);
      }
      return Value::object(std::move(entries));
    }
    default:
      return value;
  }
}

// OPA's getJSONPaths: the paths operand as a trie, or its operand error.
std::optional<BuiltinResult> paths_trie(const Value& paths, PathTrie* trie) {
  if (!paths.is_array() && !paths.is_set()) {
    return operand_type_error(2, paths, "one of {set, array}");
  }
  for (const Value& path : paths.is_array() ? paths.array_items() : paths.set_items()) {
    std::optional<std::vector<Value>> segments = parse_json_path(path);
    if (!segments) {
      return operand_error(2,
                           "must be one of {set, array} containing string paths or array of "
                           "path segments but got " +
                               std::string(path.type_name()));
    }
    trie->add(*segments);
  }
  return std::nullopt;
}

BuiltinResult too_deep() { return builtin_error("objects nested too deeply"); }

}  // namespace

std::optional<std::vector<Value>> parse_json_path(const Value& path) {
  std::vector<Value> segments;
  if (path.is_array()) {
    segments.assign(path.array_items().begin(), path.array_items().end());
    return segments;
  }
  if (!path.is_string()) return std::nullopt;
  std::string_view text = path.as_string();
  if (text.empty()) return segments;
  text.remove_prefix(std::min(text.find_first_not_of('/'), text.size()));
  while (true) {
    size_t slash = text.find('/');
    std::string_view part = text.substr(0, slash);
    // "~1" first, then "~0", as OPA (and RFC 6901) unescape.
    std::string unescaped;
    for (size_t i = 0; i < part.size(); ++i) {
      if (part[i] == '~' && i + 1 < part.size() && part[i + 1] == '1') {
        unescaped += '/';
        ++i;
      } else {
        unescaped += part[i];
      }
    }
    std::string segment;
    for (size_t i = 0; i < unescaped.size(); ++i) {
      if (unescaped[i] == '~' && i + 1 < unescaped.size() && unescaped[i + 1] == '0') {
        segment += '~';
        ++i;
      } else {
        segment += unescaped[i];
      }
    }
    segments.push_back(Value::string(std::move(segment)));
    if (slash == std::string_view::npos) break;
    text.remove_prefix(slash + 1);
  }
  return segments;
}

BuiltinResult json_filter(BuiltinContext&, std::span<const Value> args) {
  if (!args[0].is_object()) return operand_type_error(1, args[0], "object");
  PathTrie trie;
  if (auto error = paths_trie(args[1], &trie)) return *error;
  Walk walk{trie, {}};
  Value out = filter(args[0], &walk, PathTrie::kRoot, 0);
  if (walk.too_deep) return too_deep();
  return BuiltinResult::value(std::move(out));
}

BuiltinResult json_remove(BuiltinContext&, std::span<const Value> args) {
  if (!args[0].is_object()) return operand_type_error(1, args[0], "object");
  PathTrie trie;
  if (auto error = paths_trie(args[1], &trie)) return *error;
  Walk walk{trie, {}};
  std::optional<Value> out = remove(args[0], &walk, PathTrie::kRoot, 0);
  if (walk.too_deep) return too_deep();
  if (!out) return BuiltinResult::undefined();
  return BuiltinResult::value(std::move(*out));
}

}  // namespace assay::rego::builtins
