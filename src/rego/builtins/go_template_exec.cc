// Executing parsed Go templates (go_template.h) as text/template's exec.go does, over the
// values Go's JSON decoder gives OPA's strings.render_template (maps, slices, json.Number,
// strings, booleans, nil), with missingkey=error; then the built-in itself.
//
// Go's rules kept: json.Number is a string kind (so `eq .n "1"` holds, `eq .n 1` is an
// incompatible comparison, and any non-empty number is true in `if`), nil prints as
// "<no value>", maps range and print in key order, slices and maps print as fmt's %v does.
#include <algorithm>
#include <cmath>
#include <string_view>

#include "src/rego/builtins/go_json.h"
#include "src/rego/builtins/go_template.h"
#include "src/rego/builtins/table.h"
#include "src/rego/builtins/text_support.h"

namespace assay::rego::builtins {

namespace go_template {

namespace {

constexpr uint64_t kMaxSteps = 10'000'000;

// A value during execution: template data (maps, slices, json.Number, ...) or what a literal or
// a function produced (int, float64, string, bool).
struct TValue {
  enum class Kind { kMissing, kNil, kBool, kJsonNumber, kInt, kFloat, kString, kSlice, kMap };
  Kind kind = Kind::kMissing;
  bool boolean = false;
  int64_t integer = 0;
  double floating = 0;
  std::string text;  // kString, kJsonNumber
  Value data;        // kSlice, kMap

  static TValue of(const Value& v) {
    TValue t;
    switch (v.kind()) {
      case ValueKind::kNull: t.kind = Kind::kNil; break;
      case ValueKind::kBoolean: t.kind = Kind::kBool; t.boolean = v.as_boolean(); break;
      case ValueKind::kNumber: t.kind = Kind::kJsonNumber; t.text = v.as_number().to_string(); break;
      case ValueKind::kString: t.kind = Kind::kString; t.text = std::string(v.as_string()); break;
      case ValueKind::kObject: t.kind = Kind::kMap; t.data = v; break;
      default: t.kind = Kind::kSlice; t.data = v; break;
    }
    return t;
  }
  static TValue string(std::string s) {
    TValue t;
    t.kind = Kind::kString;
    t.text = std::move(s);
    return t;
  }
  static TValue boolean_value(bool b) {
    TValue t;
    t.kind = Kind::kBool;
    t.boolean = b;
    return t;
  }
  static TValue int_value(int64_t i) {
    TValue t;
    t.kind = Kind::kInt;
    t.integer = i;
    return t;
  }
  bool string_kind() const { return kind == Kind::kString || kind == Kind::kJsonNumber; }
};

using Kind = TValue::Kind;

std::string type_name(const TValue& v) {
  switch (v.kind) {
    case Kind::kMissing:
    case Kind::kNil: return "<nil>";
    case Kind::kBool: return "bool";
    case Kind::kJsonNumber: return "json.Number";
    case Kind::kInt: return "int";
    case Kind::kFloat: return "float64";
    case Kind::kString: return "string";
    case Kind::kSlice: return "[]interface {}";
    case Kind::kMap: return "map[string]interface {}";
  }
  return "";
}

bool truth(const TValue& v) {
  switch (v.kind) {
    case Kind::kMissing:
    case Kind::kNil: return false;
    case Kind::kBool: return v.boolean;
    case Kind::kInt: return v.integer != 0;
    case Kind::kFloat: return v.floating != 0;
    case Kind::kString:
    case Kind::kJsonNumber: return !v.text.empty();
    default: return v.data.size() > 0;
  }
}

// fmt's %v of a decoded JSON value inside a slice or map.
void append_data_text(std::string* out, const Value& v) {
  switch (v.kind()) {
    case ValueKind::kNull: *out += "<nil>"; break;
    case ValueKind::kBoolean: *out += v.as_boolean() ? "true" : "false"; break;
    case ValueKind::kNumber: *out += v.as_number().to_string(); break;
    case ValueKind::kString: *out += v.as_string(); break;
    case ValueKind::kObject: {
      *out += "map[";
      bool first = true;
      for (const auto& [key, item] : v.object_entries()) {
        if (!first) *out += ' ';
        first = false;
        *out += key.is_string() ? std::string(key.as_string()) : go_json_marshal(key);
        *out += ':';
        append_data_text(out, item);
      }
      *out += ']';
      break;
    }
    default: {
      *out += '[';
      bool first = true;
      for (const Value& item : v.is_array() ? v.array_items() : v.set_items()) {
        if (!first) *out += ' ';
        first = false;
        append_data_text(out, item);
      }
      *out += ']';
    }
  }
}

// fmt's %v of a value.
std::string text_of(const TValue& v) {
  switch (v.kind) {
    case Kind::kMissing:
    case Kind::kNil: return "<nil>";
    case Kind::kBool: return v.boolean ? "true" : "false";
    case Kind::kInt: return std::to_string(v.integer);
    case Kind::kFloat: return go_format_float(v.floating, 'g', -1);
    case Kind::kString:
    case Kind::kJsonNumber: return v.text;
    default: {
      std::string out;
      append_data_text(&out, v.data);
      return out;
    }
  }
}

// The Rego value go_sprintf formats the same way fmt formats `v` for the common verbs.
Value sprintf_argument(const TValue& v) {
  switch (v.kind) {
    case Kind::kBool: return Value::boolean(v.boolean);
    case Kind::kInt: return Value::integer(v.integer);
    case Kind::kFloat:
      return std::isfinite(v.floating) ? Value::number(Number::from_double(v.floating))
                                       : Value::string(text_of(v));
    default: return Value::string(text_of(v));
  }
}

// Go's fmt.Sprint: a space between operands when neither is a string.
std::string sprint(const std::vector<TValue>& args) {
  std::string out;
  for (size_t i = 0; i < args.size(); ++i) {
    if (i > 0 && !args[i].string_kind() && !args[i - 1].string_kind()) out += ' ';
    out += text_of(args[i]);
  }
  return out;
}

std::string html_escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '\'': out += "&#39;"; break;
      case '"': out += "&#34;"; break;
      case '\0': out += "\xEF\xBF\xBD"; break;
      default: out += c;
    }
  }
  return out;
}

std::string query_escape(std::string_view s) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else if (c == ' ') {
      out += '+';
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

enum class Flow { kNormal, kBreak, kContinue, kError };

class Executor {
 public:
  Executor(std::string_view source, const Value& data) : source_(source) {
    variables_.emplace_back("$", TValue::of(data));
  }

  std::optional<std::string> run(const NodeList& nodes, std::string* error) {
    TValue dot = variables_[0].second;
    if (walk(nodes, dot) == Flow::kError) {
      *error = error_;
      return std::nullopt;
    }
    return std::move(out_);
  }

 private:
  bool fail(size_t position, std::string_view at, std::string message) {
    if (error_.empty()) {
      error_ = location(source_, position) + ": executing \"template\" at <" + std::string(at) +
               ">: " + message;
    }
    return false;
  }
  bool budget(size_t position) {
    if (++steps_ <= kMaxSteps && out_.size() <= kMaxOutputBytes) return true;
    if (error_.empty()) {
      error_ = location(source_, position) + ": " +
               (out_.size() > kMaxOutputBytes ? std::string(kOutputTooLarge)
                                              : "template execution exceeds its step limit");
    }
    return false;
  }

  Flow walk(const NodeList& nodes, const TValue& dot);
  Flow range(const Node& node, const TValue& dot);
  std::optional<TValue> pipeline(const Pipeline& p, const TValue& dot, bool declare = true);
  std::optional<TValue> command(const Command& c, const TValue& dot, const TValue* final_value);
  std::optional<TValue> operand(const Operand& o, const TValue& dot);
  std::optional<TValue> call(const Operand& function, std::span<const Operand> args,
                             const TValue& dot, const TValue* final_value);
  std::optional<TValue> field(const TValue& receiver, const std::string& name, const Operand& at);
  std::optional<bool> equal(const TValue& a, const TValue& b, const Operand& at);
  std::optional<int> order(const TValue& a, const TValue& b, const Operand& at);
  TValue* variable(const std::string& name) {
    for (auto it = variables_.rbegin(); it != variables_.rend(); ++it) {
      if (it->first == name) return &it->second;
    }
    return nullptr;
  }

  std::string_view source_;
  std::vector<std::pair<std::string, TValue>> variables_;
  std::string out_;
  std::string error_;
  uint64_t steps_ = 0;
};

Flow Executor::walk(const NodeList& nodes, const TValue& dot) {
  for (const Node& node : nodes) {
    if (!budget(node.position)) return Flow::kError;
    size_t scope = variables_.size();
    Flow flow = Flow::kNormal;
    switch (node.kind) {
      case Node::Kind::kText:
        out_ += node.text;
        break;
      case Node::Kind::kAction: {
        std::optional<TValue> v = pipeline(node.pipeline, dot);
        if (!v) return Flow::kError;
        if (node.pipeline.variables.empty()) {
          bool nothing = v->kind == Kind::kMissing || v->kind == Kind::kNil;
          out_ += nothing ? "<no value>" : text_of(*v);
        }
        scope = variables_.size();  // a declaration lives on to the end of the enclosing block
        break;
      }
      case Node::Kind::kIf:
      case Node::Kind::kWith: {
        std::optional<TValue> v = pipeline(node.pipeline, dot);
        if (!v) return Flow::kError;
        if (truth(*v)) {
          flow = walk(node.body, node.kind == Node::Kind::kWith ? *v : dot);
        } else {
          flow = walk(node.otherwise, dot);
        }
        break;
      }
      case Node::Kind::kRange:
        flow = range(node, dot);
        break;
      case Node::Kind::kBreak:
        return Flow::kBreak;
      case Node::Kind::kContinue:
        return Flow::kContinue;
    }
    variables_.resize(scope, {std::string(), TValue()});
    if (flow != Flow::kNormal) return flow;
  }
  return Flow::kNormal;
}

Flow Executor::range(const Node& node, const TValue& dot) {
  std::optional<TValue> v = pipeline(node.pipeline, dot, false);
  if (!v) return Flow::kError;
  const std::vector<std::string>& names = node.pipeline.variables;
  size_t scope = variables_.size();
  size_t iterations = 0;
  // One iteration: the variables ($e, or $k, $e) and dot set, the body run.
  auto iterate = [&](const TValue& key, const TValue& element) {
    ++iterations;
    if (!budget(node.position)) return Flow::kError;
    variables_.resize(scope, {std::string(), TValue()});
    if (names.size() == 1) variables_.emplace_back(names[0], element);
    if (names.size() == 2) {
      variables_.emplace_back(names[0], key);
      variables_.emplace_back(names[1], element);
    }
    Flow flow = walk(node.body, element);
    variables_.resize(scope, {std::string(), TValue()});
    return flow;
  };
  Flow flow = Flow::kNormal;
  switch (v->kind) {
    case Kind::kMissing:
    case Kind::kNil:
      break;
    case Kind::kSlice: {
      std::span<const Value> items = v->data.array_items();
      for (size_t i = 0; i < items.size() && flow != Flow::kBreak && flow != Flow::kError; ++i) {
        flow = iterate(TValue::int_value(static_cast<int64_t>(i)), TValue::of(items[i]));
      }
      break;
    }
    case Kind::kMap:
      for (const auto& [key, item] : v->data.object_entries()) {
        if (flow == Flow::kBreak || flow == Flow::kError) break;
        flow = iterate(TValue::of(key), TValue::of(item));
      }
      break;
    case Kind::kInt:
      if (names.size() == 2) {
        fail(node.position, "range", "can't use " + std::to_string(v->integer) +
                                         " to iterate over more than one variable");
        return Flow::kError;
      }
      for (int64_t i = 0; i < v->integer && flow != Flow::kBreak && flow != Flow::kError; ++i) {
        flow = iterate(TValue::int_value(i), TValue::int_value(i));
      }
      break;
    default:
      fail(node.position, "range", "range can't iterate over " + text_of(*v));
      return Flow::kError;
  }
  if (flow == Flow::kError) return flow;
  if (iterations == 0) return walk(node.otherwise, dot);
  return Flow::kNormal;
}

std::optional<TValue> Executor::pipeline(const Pipeline& p, const TValue& dot, bool declare) {
  std::optional<TValue> value;
  for (const Command& c : p.commands) {
    value = command(c, dot, value ? &*value : nullptr);
    if (!value) return std::nullopt;
  }
  if (declare && !p.variables.empty()) {
    if (p.assignment) {
      TValue* target = variable(p.variables[0]);
      if (target == nullptr) {
        fail(p.position, p.variables[0], "undefined variable \"" + p.variables[0] + "\"");
        return std::nullopt;
      }
      *target = *value;
    } else {
      variables_.emplace_back(p.variables[0], *value);
    }
  }
  return value;
}

std::optional<TValue> Executor::command(const Command& c, const TValue& dot,
                                        const TValue* final_value) {
  const Operand& first = c.operands[0];
  if (first.kind == Operand::Kind::kFunction) {
    return call(first, std::span<const Operand>(c.operands).subspan(1), dot, final_value);
  }
  if (c.operands.size() > 1 || final_value != nullptr) {
    fail(first.position, first.text, "can't give argument to non-function " + first.text);
    return std::nullopt;
  }
  if (first.kind == Operand::Kind::kNil) {
    fail(first.position, first.text, "nil is not a command");
    return std::nullopt;
  }
  return operand(first, dot);
}

std::optional<TValue> Executor::operand(const Operand& o, const TValue& dot) {
  TValue v;
  switch (o.kind) {
    case Operand::Kind::kDot:
    case Operand::Kind::kField: v = dot; break;
    case Operand::Kind::kNil: v.kind = Kind::kNil; break;
    case Operand::Kind::kBool: v = TValue::boolean_value(o.boolean); break;
    case Operand::Kind::kInt: v = TValue::int_value(o.integer); break;
    case Operand::Kind::kFloat:
      v.kind = Kind::kFloat;
      v.floating = o.floating;
      break;
    case Operand::Kind::kString: v = TValue::string(o.name); break;
    case Operand::Kind::kVariable: {
      TValue* found = variable(o.name);
      if (found == nullptr) {
        fail(o.position, o.text, "undefined variable \"" + o.name + "\"");
        return std::nullopt;
      }
      v = *found;
      break;
    }
    case Operand::Kind::kFunction:
      return call(o, {}, dot, nullptr);
    case Operand::Kind::kPipeline: {
      size_t scope = variables_.size();
      std::optional<TValue> inner = pipeline(*o.pipeline, dot);
      variables_.resize(scope, {std::string(), TValue()});
      if (!inner) return std::nullopt;
      v = std::move(*inner);
      break;
    }
  }
  for (const std::string& name : o.fields) {
    std::optional<TValue> next = field(v, name, o);
    if (!next) return std::nullopt;
    v = std::move(*next);
  }
  return v;
}

std::optional<TValue> Executor::field(const TValue& receiver, const std::string& name,
                                      const Operand& at) {
  if (receiver.kind == Kind::kMap) {
    if (const Value* item = receiver.data.find(Value::string(name))) return TValue::of(*item);
    fail(at.position, at.text, "map has no entry for key \"" + name + "\"");
    return std::nullopt;
  }
  if (receiver.kind == Kind::kNil || receiver.kind == Kind::kMissing) {
    fail(at.position, at.text, "nil pointer evaluating interface {}." + name);
    return std::nullopt;
  }
  fail(at.position, at.text, "can't evaluate field " + name + " in type " + type_name(receiver));
  return std::nullopt;
}

// Go's eq on basic kinds: bool, int, float, string (json.Number included).
std::optional<bool> Executor::equal(const TValue& a, const TValue& b, const Operand& at) {
  auto basic = [](const TValue& v) {
    return v.kind == Kind::kBool || v.kind == Kind::kInt || v.kind == Kind::kFloat || v.string_kind();
  };
  bool a_nil = a.kind == Kind::kNil || a.kind == Kind::kMissing;
  bool b_nil = b.kind == Kind::kNil || b.kind == Kind::kMissing;
  if (a_nil || b_nil) return a_nil && b_nil;
  if (!basic(a) || !basic(b)) {
    fail(at.position, at.text, "error calling " + at.name + ": non-comparable type " +
                                   text_of(basic(a) ? b : a) + ": " + type_name(basic(a) ? b : a));
    return std::nullopt;
  }
  if (a.string_kind() && b.string_kind()) return a.text == b.text;
  if (a.kind != b.kind) {
    fail(at.position, at.text, "error calling " + at.name + ": incompatible types for comparison");
    return std::nullopt;
  }
  if (a.kind == Kind::kBool) return a.boolean == b.boolean;
  if (a.kind == Kind::kInt) return a.integer == b.integer;
  return a.floating == b.floating;
}

std::optional<int> Executor::order(const TValue& a, const TValue& b, const Operand& at) {
  bool comparable_a = a.kind == Kind::kInt || a.kind == Kind::kFloat || a.string_kind();
  bool comparable_b = b.kind == Kind::kInt || b.kind == Kind::kFloat || b.string_kind();
  if (!comparable_a || !comparable_b) {
    fail(at.position, at.text, "error calling " + at.name + ": invalid type for comparison");
    return std::nullopt;
  }
  if (a.string_kind() && b.string_kind()) return a.text.compare(b.text) < 0 ? -1 : a.text == b.text ? 0 : 1;
  if (a.kind != b.kind) {
    fail(at.position, at.text, "error calling " + at.name + ": incompatible types for comparison");
    return std::nullopt;
  }
  if (a.kind == Kind::kInt) return (a.integer > b.integer) - (a.integer < b.integer);
  return (a.floating > b.floating) - (a.floating < b.floating);
}

std::optional<TValue> Executor::call(const Operand& function, std::span<const Operand> operands,
                                     const TValue& dot, const TValue* final_value) {
  const std::string& name = function.name;
  size_t count = operands.size() + (final_value != nullptr ? 1 : 0);
  auto argument = [&](size_t i) -> std::optional<TValue> {
    if (i < operands.size()) return operand(operands[i], dot);
    return *final_value;
  };
  auto wrong_count = [&](std::string want) -> std::optional<TValue> {
    fail(function.position, function.text, "wrong number of args for " + name + ": want " + want +
                                               " got " + std::to_string(count));
    return std::nullopt;
  };
  if (name == "and" || name == "or") {
    if (count == 0) return wrong_count("at least 1");
    std::optional<TValue> v;
    for (size_t i = 0; i < count; ++i) {
      v = argument(i);
      if (!v) return std::nullopt;
      if (truth(*v) != (name == "and")) return v;
    }
    return v;
  }
  std::vector<TValue> args;
  for (size_t i = 0; i < count; ++i) {
    std::optional<TValue> v = argument(i);
    if (!v) return std::nullopt;
    args.push_back(std::move(*v));
  }
  if (name == "not") {
    if (count != 1) return wrong_count("1");
    return TValue::boolean_value(!truth(args[0]));
  }
  if (name == "len") {
    if (count != 1) return wrong_count("1");
    if (args[0].string_kind()) return TValue::int_value(static_cast<int64_t>(args[0].text.size()));
    if (args[0].kind == Kind::kSlice || args[0].kind == Kind::kMap) {
      return TValue::int_value(static_cast<int64_t>(args[0].data.size()));
    }
    fail(function.position, function.text, "error calling len: len of type " + type_name(args[0]));
    return std::nullopt;
  }
  if (name == "index") {
    if (count == 0) return wrong_count("at least 1");
    TValue v = args[0];
    for (size_t i = 1; i < args.size(); ++i) {
      const TValue& key = args[i];
      if (v.kind == Kind::kSlice && key.kind == Kind::kInt) {
        if (key.integer < 0 || static_cast<size_t>(key.integer) >= v.data.size()) {
          fail(function.position, function.text,
               "error calling index: index out of range: " + std::to_string(key.integer));
          return std::nullopt;
        }
        v = TValue::of(v.data.array_items()[static_cast<size_t>(key.integer)]);
      } else if (v.kind == Kind::kMap && key.kind == Kind::kString) {
        const Value* item = v.data.find(Value::string(key.text));
        v = item != nullptr ? TValue::of(*item) : TValue();
      } else {
        fail(function.position, function.text,
             "error calling index: cannot index " + type_name(v) + " with " + type_name(key));
        return std::nullopt;
      }
    }
    return v;
  }
  if (name == "print") return TValue::string(sprint(args));
  if (name == "println") {
    std::string out;
    for (size_t i = 0; i < args.size(); ++i) out += (i > 0 ? " " : "") + text_of(args[i]);
    return TValue::string(out + "\n");
  }
  if (name == "printf") {
    if (count == 0) return wrong_count("at least 1");
    if (args[0].kind != Kind::kString) {
      fail(function.position, function.text,
           "wrong type for value; expected string; got " + type_name(args[0]));
      return std::nullopt;
    }
    std::vector<Value> values;
    for (size_t i = 1; i < args.size(); ++i) values.push_back(sprintf_argument(args[i]));
    std::string error;
    std::optional<std::string> text = go_sprintf(args[0].text, values, &error);
    if (!text) {
      fail(function.position, function.text, error);
      return std::nullopt;
    }
    return TValue::string(std::move(*text));
  }
  if (name == "html" || name == "urlquery") {
    std::string text = args.size() == 1 && args[0].kind == Kind::kString ? args[0].text : sprint(args);
    return TValue::string(name == "html" ? html_escape(text) : query_escape(text));
  }
  if (name == "eq" || name == "ne") {
    if (count < 2 || (name == "ne" && count != 2)) return wrong_count(name == "eq" ? "at least 2" : "2");
    bool result = false;
    for (size_t i = 1; i < args.size() && !result; ++i) {
      std::optional<bool> same = equal(args[0], args[i], function);
      if (!same) return std::nullopt;
      result = *same;
    }
    return TValue::boolean_value(name == "eq" ? result : !result);
  }
  if (name == "lt" || name == "le" || name == "gt" || name == "ge") {
    if (count != 2) return wrong_count("2");
    std::optional<int> c = order(args[0], args[1], function);
    if (!c) return std::nullopt;
    bool result = name == "lt" ? *c < 0 : name == "le" ? *c <= 0 : name == "gt" ? *c > 0 : *c >= 0;
    return TValue::boolean_value(result);
  }
  fail(function.position, function.text,
       "function \"" + name + "\" is not supported by strings.render_template");
  return std::nullopt;
}

}  // namespace

}  // namespace go_template

BuiltinResult render_template(BuiltinContext&, std::span<const Value> args) {
  if (!args[0].is_string()) return operand_type_error(1, args[0], "string");
  if (!args[1].is_object()) return operand_type_error(2, args[1], "object");
  // OPA decodes the variables from their Rego text as JSON: sets and non-string keys fail.
  if (std::optional<std::string> syntax = go_json_syntax_error(value_to_rego(args[1]))) {
    return builtin_error(*syntax);
  }
  std::string error;
  std::optional<go_template::NodeList> nodes = go_template::parse(args[0].as_string(), &error);
  if (!nodes) return builtin_error(error);
  std::optional<std::string> out =
      go_template::Executor(args[0].as_string(), args[1]).run(*nodes, &error);
  if (!out) return builtin_error(error);
  return BuiltinResult::value(Value::string(std::move(*out)));
}

}  // namespace assay::rego::builtins
