// json.patch: RFC 6902 (add, remove, replace, move, copy, test) as OPA's v1/topdown/json.go
// applies it with its edit tree (internal/edittree): paths are OPA's JSON paths (strings or
// arrays of segments, json_documents.h), sets are addressed by their members (adding to a set
// needs the key to equal the value), array indexes are decimal strings without leading zeros
// or numbers, "-" is the end of an array. Any failing patch makes the result undefined, as in
// OPA; only a second operand that is not an array is an error.
//
// The document is edited as a tree of nodes that unfold lazily from the immutable Values, so a
// patch costs the sizes of the levels it touches, not of the whole document. Work and depth
// are bounded (kMaxWork, kMaxDepth): past them the call fails with an error.
#include <algorithm>
#include <charconv>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "src/rego/builtins/json_documents.h"
#include "src/rego/builtins/text_support.h"

namespace assay::rego::builtins {

namespace {

constexpr size_t kMaxDepth = 1000;
constexpr uint64_t kMaxWork = uint64_t{1} << 28;

// A part of the document being edited: either an untouched Value or, once a patch reaches
// inside it, its members as nodes (arrays: in order; objects and sets: sorted by key).
struct Node {
  Value value;
  bool unfolded = false;
  std::vector<Node> items;
  std::vector<std::pair<Value, Node>> members;

  explicit Node(Value v) : value(std::move(v)) {}
};

enum class Failure { kNone, kPatch, kTooCostly };

class Editor {
 public:
  explicit Editor(Value document) : root_(Node(std::move(document))) {}

  Failure failure() const { return failure_; }

  // Each returns false (with failure() set) when the operation fails.
  bool add(const std::vector<Value>& path, const Value& value);
  bool remove(const std::vector<Value>& path);
  bool copy(const std::vector<Value>& from, const std::vector<Value>& path, bool move);
  bool test(const std::vector<Value>& path, const Value& value);

  std::optional<Value> result() {
    if (!root_) return std::nullopt;
    return render(*root_);
  }

 private:
  bool fail(Failure why = Failure::kPatch) {
    if (failure_ == Failure::kNone) failure_ = why;
    return false;
  }
  bool charge(size_t units) {
    work_ += units;
    return work_ <= kMaxWork || fail(Failure::kTooCostly);
  }

  Value render(const Node& node);
  bool unfold(Node* node);
  Node* child(Node* node, const Value& key);
  Node* find(const std::vector<Value>& path, size_t length);
  bool insert(Node* parent, const Value& key, const Value& value);
  bool erase(Node* parent, const Value& key);

  std::optional<Node> root_;
  Failure failure_ = Failure::kNone;
  uint64_t work_ = 0;
};

// Go's strconv.ParseInt(text, 10, 64).
std::optional<int64_t> parse_go_int(std::string_view text) {
  bool negative = false;
  if (!text.empty() && (text[0] == '+' || text[0] == '-')) {
    negative = text[0] == '-';
    text.remove_prefix(1);
  }
  if (text.empty()) return std::nullopt;
  uint64_t magnitude = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), magnitude);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  if (magnitude > (negative ? uint64_t{1} << 63 : (uint64_t{1} << 63) - 1)) return std::nullopt;
  return negative ? static_cast<int64_t>(0 - magnitude) : static_cast<int64_t>(magnitude);
}

// The edit tree's toIndex: a path segment as an array index (unchecked against the bounds).
std::optional<int64_t> array_index(size_t length, const Value& segment) {
  if (segment.is_number()) return parse_go_int(segment.as_number().to_string());
  if (!segment.is_string()) return std::nullopt;
  std::string_view text = segment.as_string();
  if (text == "-") return static_cast<int64_t>(length);
  std::optional<int64_t> index = parse_go_int(text);
  if (index && text != "0" && text.starts_with('0')) return std::nullopt;  // leading zeros
  return index;
}

auto member_position(std::vector<std::pair<Value, Node>>& members, const Value& key) {
  return std::lower_bound(members.begin(), members.end(), key,
                          [](const auto& member, const Value& k) { return member.first < k; });
}

Value Editor::render(const Node& node) {
  if (!node.unfolded) return node.value;
  charge(node.items.size() + node.members.size());
  switch (node.value.kind()) {
    case ValueKind::kArray: {
      std::vector<Value> items;
      items.reserve(node.items.size());
      for (const Node& item : node.items) items.push_back(render(item));
      return Value::array(std::move(items));
    }
    case ValueKind::kObject: {
      std::vector<ObjectEntry> entries;
      entries.reserve(node.members.size());
      for (const auto& [key, member] : node.members) entries.emplace_back(key, render(member));
      return Value::object(std::move(entries));
    }
    default: {  // kSet
      std::vector<Value> members;
      members.reserve(node.members.size());
      for (const auto& member : node.members) members.push_back(render(member.second));
      return Value::set(std::move(members));
    }
  }
}

// Makes the members of a collection editable. Sets whose members were edited in place (an
// element reached through a composite key) are re-keyed first, as OPA collapses them.
bool Editor::unfold(Node* node) {
  if (!node->value.is_collection()) return fail();
  if (node->unfolded) {
    if (!node->value.is_set()) return true;
    bool edited = std::any_of(node->members.begin(), node->members.end(),
                              [](const auto& member) { return member.second.unfolded; });
    if (!edited) return true;
    node->value = render(*node);
    node->members.clear();
    node->unfolded = false;
  }
  if (!charge(node->value.size())) return false;
  switch (node->value.kind()) {
    case ValueKind::kArray:
      for (const Value& item : node->value.array_items()) node->items.emplace_back(item);
      break;
    case ValueKind::kObject:
      for (const auto& [key, member] : node->value.object_entries()) {
        node->members.emplace_back(key, Node(member));
      }
      break;
    default:
      for (const Value& member : node->value.set_items()) {
        node->members.emplace_back(member, Node(member));
      }
      break;
  }
  node->unfolded = true;
  return true;
}

Node* Editor::child(Node* node, const Value& key) {
  if (!unfold(node)) return nullptr;
  if (node->value.is_array()) {
    std::optional<int64_t> index = array_index(node->items.size(), key);
    if (!index || *index < 0 || *index >= static_cast<int64_t>(node->items.size())) {
      fail();
      return nullptr;
    }
    return &node->items[static_cast<size_t>(*index)];
  }
  auto it = member_position(node->members, key);
  if (it == node->members.end() || !(it->first == key)) {
    fail();
    return nullptr;
  }
  return &it->second;
}

// The node at the first `length` segments of `path`.
Node* Editor::find(const std::vector<Value>& path, size_t length) {
  if (path.size() > kMaxDepth) {
    fail(Failure::kTooCostly);
    return nullptr;
  }
  if (!root_) {
    fail();
    return nullptr;
  }
  Node* node = &*root_;
  for (size_t i = 0; i < length && node != nullptr; ++i) node = child(node, path[i]);
  return node;
}

bool Editor::insert(Node* parent, const Value& key, const Value& value) {
  if (!unfold(parent)) return false;
  if (parent->value.is_array()) {
    std::optional<int64_t> index = array_index(parent->items.size(), key);
    if (!index || *index < 0 || *index > static_cast<int64_t>(parent->items.size())) return fail();
    if (!charge(parent->items.size() - static_cast<size_t>(*index))) return false;
    parent->items.insert(parent->items.begin() + *index, Node(value));
    return true;
  }
  if (parent->value.is_set() && !(key == value)) return fail();
  auto it = member_position(parent->members, key);
  if (it != parent->members.end() && it->first == key) {
    it->second = Node(value);
    return true;
  }
  if (!charge(static_cast<size_t>(parent->members.end() - it))) return false;
  parent->members.insert(it, {key, Node(value)});
  return true;
}

bool Editor::erase(Node* parent, const Value& key) {
  if (!unfold(parent)) return false;
  if (parent->value.is_array()) {
    std::optional<int64_t> index = array_index(parent->items.size(), key);
    if (!index || *index < 0 || *index >= static_cast<int64_t>(parent->items.size())) {
      return fail();
    }
    if (!charge(parent->items.size() - static_cast<size_t>(*index))) return false;
    parent->items.erase(parent->items.begin() + *index);
    return true;
  }
  auto it = member_position(parent->members, key);
  if (it == parent->members.end() || !(it->first == key)) return fail();
  if (!charge(static_cast<size_t>(parent->members.end() - it))) return false;
  parent->members.erase(it);
  return true;
}

bool Editor::add(const std::vector<Value>& path, const Value& value) {
  if (path.empty()) {
    root_.emplace(value);
    return true;
  }
  Node* parent = find(path, path.size() - 1);
  return parent != nullptr && insert(parent, path.back(), value);
}

bool Editor::remove(const std::vector<Value>& path) {
  if (path.empty()) {
    if (!root_) return fail();
    root_.reset();
    return true;
  }
  Node* parent = find(path, path.size() - 1);
  return parent != nullptr && erase(parent, path.back());
}

bool Editor::copy(const std::vector<Value>& from, const std::vector<Value>& path, bool move) {
  Node* source = find(from, from.size());
  if (source == nullptr) return false;
  Value chunk = render(*source);
  if (move && !remove(from)) return false;
  return add(path, chunk);
}

bool Editor::test(const std::vector<Value>& path, const Value& value) {
  Node* node = find(path, path.size());
  if (node == nullptr) return false;
  return render(*node) == value || fail();
}

// One operation of the patch list applied; false when it is malformed or fails.
bool apply(Editor* editor, const Value& operation) {
  if (!operation.is_object()) return false;
  auto attribute = [&](const char* name) { return operation.find(Value::string(name)); };
  const Value* op = attribute("op");
  if (op == nullptr || !op->is_string()) return false;
  std::string_view name = op->as_string();
  bool needs_from = name == "move" || name == "copy";
  bool needs_value = name == "add" || name == "replace" || name == "test";
  if (!needs_from && !needs_value && name != "remove") return false;
  const Value* path_value = attribute("path");
  if (path_value == nullptr) return false;
  const Value* from_value = needs_from ? attribute("from") : nullptr;
  const Value* value = needs_value ? attribute("value") : nullptr;
  if ((needs_from && from_value == nullptr) || (needs_value && value == nullptr)) return false;
  std::optional<std::vector<Value>> path = parse_json_path(*path_value);
  if (!path) return false;
  if (name == "add") return editor->add(*path, *value);
  if (name == "remove") return editor->remove(*path);
  if (name == "replace") return editor->remove(*path) && editor->add(*path, *value);
  if (name == "test") return editor->test(*path, *value);
  std::optional<std::vector<Value>> from = parse_json_path(*from_value);
  return from && editor->copy(*from, *path, name == "move");
}

}  // namespace

BuiltinResult json_patch(BuiltinContext&, std::span<const Value> args) {
  if (!args[1].is_array()) return operand_type_error(2, args[1], "array");
  Editor editor(args[0]);
  for (const Value& operation : args[1].array_items()) {
    if (!apply(&editor, operation)) {
      if (editor.failure() == Failure::kTooCostly) {
        return builtin_error("patches too costly to apply (too deep or too much work)");
      }
      return BuiltinResult::undefined();
    }
  }
  std::optional<Value> out = editor.result();
  if (editor.failure() == Failure::kTooCostly) {
    return builtin_error("patches too costly to apply (too deep or too much work)");
  }
  if (!out) return BuiltinResult::undefined();
  return BuiltinResult::value(std::move(*out));
}

}  // namespace assay::rego::builtins
