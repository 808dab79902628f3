// Calls: unification (`=`, `:=`), user functions, built-ins through the table (registry.h),
// the built-ins the evaluator implements itself (print, walk, time.now_ns, the network ones),
// and `with` (OPA's topdown evalCall, evalBuiltin, evalWith).
#include <algorithm>
#include <chrono>

#include "src/rego/builtins/registry.h"
#include "src/rego/eval/eval_state.h"

namespace assay::rego::eval {

namespace {

// Text of a printed operand: strings as they are, other values as Rego prints them.
std::string print_text(const Value& v) {
  return v.is_string() ? std::string(v.as_string()) : value_to_rego(v);
}

// print() and template strings: each operand was collected into a set (empty: undefined).
std::string joined_operands(const Value& operands, const char* separator) {
  std::string out;
  bool first = true;
  for (const Value& operand : operands.array_items()) {
    if (!first) out += separator;
    first = false;
    if (operand.is_string()) {
      out += operand.as_string();
    } else if (operand.is_set() && operand.size() == 0) {
      out += "<undefined>";
    } else if (operand.is_set()) {
      bool first_member = true;
      for (const Value& member : operand.set_items()) {
        if (!first_member) out += ' ';
        first_member = false;
        out += print_text(member);
      }
    } else {
      out += print_text(operand);
    }
  }
  return out;
}

// walk(x): every [path, value] pair of x, x itself first, then its members depth first.
bool walk(const Value& v, std::vector<Value>& path, ValueNext k) {
  if (!k(Value::array({Value::array(path), v}))) return false;
  auto visit = [&](const Value& key, const Value& member) {
    path.push_back(key);
    const bool go_on = walk(member, path, k);
    path.pop_back();
    return go_on;
  };
  if (v.is_array()) {
    auto items = v.array_items();
    for (size_t i = 0; i < items.size(); ++i) {
      if (!visit(Value::integer(static_cast<int64_t>(i)), items[i])) return false;
    }
  } else if (v.is_object()) {
    for (const auto& [key, member] : v.object_entries()) {
      if (!visit(key, member)) return false;
    }
  } else if (v.is_set()) {
    for (const Value& member : v.set_items()) {
      if (!visit(member, member)) return false;
    }
  }
  return true;
}

// The path of a `data.a.b` ref under data, when every item after the head is a constant scalar.
std::optional<std::vector<Value>> constant_path(const Term* ref) {
  std::vector<Value> path;
  for (size_t i = 1; i < ref->items.size(); ++i) {
    std::optional<Value> key = scalar_value(ref->items[i]);
    if (!key) return std::nullopt;
    path.push_back(std::move(*key));
  }
  return path;
}

const DocNode* node_at(const DocNode* node, const std::vector<Value>& path) {
  for (const Value& key : path) {
    if (node == nullptr) return nullptr;
    node = node->child(key);
  }
  return node;
}

// `input` with the document at `path` replaced by v (intermediate objects created).
Value replaced(const Value* base, const std::vector<Value>& path, size_t i, const Value& v) {
  if (i == path.size()) return v;
  std::vector<ObjectEntry> entries;
  const Value* member = nullptr;
  if (base != nullptr && base->is_object()) {
    for (const auto& entry : base->object_entries()) {
      if (entry.first == path[i]) {
        member = &entry.second;
      } else {
        entries.push_back(entry);
      }
    }
  }
  entries.emplace_back(path[i], replaced(member, path, i + 1, v));
  return Value::object(std::move(entries));
}

}  // namespace

std::string operator_name(const Term* op, const ir::Names& names) {
  std::string name;
  for (const Term* item : op->items) {
    if (!name.empty()) name += '.';
    name += item->kind == TermKind::kVar ? names.text(item->var) : item->text;
  }
  return name;
}

const Evaluator::ResolvedCall& Evaluator::resolve(const Frame& f, const Expr* e) {
  if (auto it = calls_.find(e); it != calls_.end()) return it->second;
  ResolvedCall c;
  const Term* op = e->terms[0];
  if (op->items.size() == 1 && op->items[0]->kind == TermKind::kVar) {
    const std::string& name = f.names().text(op->items[0]->var);
    c.unification = name == "eq" || name == "assign";
  }
  c.name = operator_name(op, f.names());
  c.node = function_node(op);
  size_t arity = e->operand_count();
  if (const BuiltinDecl* decl = find_builtin(c.name)) {
    arity = decl->arity();
  } else if (c.node != nullptr) {
    arity = c.node->rules.front().rule->args.size();
  }
  arity = std::min(arity, e->operand_count());
  c.output = e->operand_count() > arity ? e->operand(arity) : nullptr;
  c.operands.assign(e->terms.begin() + 1, e->terms.begin() + 1 + arity);
  return calls_.emplace(e, std::move(c)).first->second;
}

bool Evaluator::call(Frame& f, const Expr* e, Next k) {
  const ResolvedCall& c = resolve(f, e);
  if (c.unification) return unify(f, e->operand(0), e->operand(1), k);
  std::vector<Value> values;
  values.reserve(c.operands.size());
  return terms(f, c.operands, 0, values, [&](std::vector<Value>& args) {
    return call_named(f, e, c.name, c.node, args, [&](const Value& result) {
      if (c.output != nullptr) return unify_value(f, c.output, result, k);
      if (result.is_boolean() && !result.as_boolean()) return true;
      return k();
    });
  });
}

bool Evaluator::call_term(Frame& f, const Term* call, ValueNext k) {
  // A call left inside a term (the compiler pulls most out into expressions of their own).
  Expr e;
  e.kind = ir::ExprKind::kCall;
  e.location = call->location;
  e.terms = call->items;
  const std::string name = operator_name(call->items[0], f.names());
  std::vector<Term*> operands(call->items.begin() + 1, call->items.end());
  std::vector<Value> values;
  return terms(f, operands, 0, values, [&](std::vector<Value>& args) {
    return call_named(f, &e, name, function_node(call->items[0]), args, k);
  });
}

const DocNode* Evaluator::function_node(const Term* op) const {
  const Term* head = op->items[0];
  if (head->kind != TermKind::kVar || head->var != ir::Names::kData) return nullptr;
  std::optional<std::vector<Value>> path = constant_path(op);
  const DocNode* node = path ? node_at(&policy_.index().root, *path) : nullptr;
  return node != nullptr && node->functions ? node : nullptr;
}

bool Evaluator::call_named(Frame& f, const Expr* e, const std::string& name, const DocNode* node,
                           const std::vector<Value>& args, ValueNext k) {
  for (size_t i = function_overrides_.size(); i-- > 0;) {
    const FunctionOverride& o = function_overrides_[i];
    if (o.name != name) continue;
    if (o.value) {
      const Value copy = *o.value;
      return k(copy);
    }
    // Inside a replacement no replacement applies (OPA: a mock calls the originals, never
    // another mock), until it has produced its result.
    const std::string replacement = o.replacement;
    const DocNode* replacement_node = o.replacement_node;
    std::vector<FunctionOverride> suspended;
    std::swap(suspended, function_overrides_);
    const bool go_on = call_named(f, e, replacement, replacement_node, args, [&](const Value& v) {
      std::swap(suspended, function_overrides_);
      const bool result = k(v);
      std::swap(suspended, function_overrides_);
      return result;
    });
    std::swap(suspended, function_overrides_);
    return go_on;
  }
  if (node != nullptr) return call_function(f, node, args, e, k);
  if (name.rfind("data.", 0) == 0) {
    fail(kEvalTypeError, "undefined function " + name, f.file(), e->location);
  }
  return call_builtin(f, e, name, args, k);
}

bool Evaluator::call_builtin(Frame& f, const Expr* e, const std::string& name,
                             const std::vector<Value>& args, ValueNext k) {
  auto builtin_error = [&](const std::string& code, const std::string& message) {
    if (options_.strict_builtin_errors) fail(code.c_str(), name + ": " + message, f.file(), e->location);
    return true;  // as in OPA: a failing built-in is undefined unless errors are strict
  };
  if (name == "internal.print" || name == "print") {
    if (options_.print && !args.empty()) {
      options_.print(args[0].is_array() ? joined_operands(args[0], " ") : print_text(args[0]));
    }
    return k(Value::boolean(true));
  }
  if (name == "internal.template_string") {
    if (args.empty() || !args[0].is_array()) return true;
    return k(Value::string(joined_operands(args[0], "")));
  }
  if (name == "walk") {
    if (args.empty()) return true;
    std::vector<Value> path;
    return walk(args[0], path, k);
  }
  if (name == "trace") return k(Value::boolean(true));
  if (name == "time.now_ns") return k(Value::integer(builtin_context_.now_ns));
  if (name == "opa.runtime") return k(Value::object({}));
  if (name == "rego.metadata.chain") return k(Value::array({}));
  if (name == "rego.metadata.rule") return k(Value::object({}));
  const BuiltinDecl* decl = find_builtin(name);
  if (decl == nullptr) fail(kEvalTypeError, "undefined function " + name, f.file(), e->location);
  if (decl->impl == nullptr && decl->needs_network) {
    return builtin_error(kEvalBuiltinError, "the sandbox has no network access");
  }
  if (decl->impl == nullptr) {
    return builtin_error(kEvalBuiltinError, "not supported by assay's Rego engine");
  }
  BuiltinResult result = decl->impl->call(builtin_context_, args);
  if (auto* v = std::get_if<Value>(&result.outcome)) return k(*v);
  if (auto* error = std::get_if<BuiltinError>(&result.outcome)) {
    return builtin_error(error->code, error->message);
  }
  return true;  // undefined
}

bool Evaluator::with(Frame& f, const Expr* e, Next k) {
  return with_functions_and_data(f, e, 0, k);
}

// Applies e's `with` modifiers from the i-th on, evaluates e under them, and restores the state
// around the continuation: the modifiers hold for this expression only.
bool Evaluator::with_functions_and_data(Frame& f, const Expr* e, size_t i, Next k) {
  if (i == e->with.size()) {
    auto saved_cache = std::make_unique<Cache>();
    std::swap(saved_cache, cache_);
    const bool go_on = expr_plain(f, e, [&] {
      std::swap(saved_cache, cache_);
      const bool result = k();
      std::swap(saved_cache, cache_);
      return result;
    });
    std::swap(saved_cache, cache_);
    return go_on;
  }
  const ir::With& w = e->with[i];
  const Term* target = w.target;
  const std::string target_name = operator_name(target, f.names());
  const Term* head = target->items[0];
  const bool is_input = head->kind == TermKind::kVar && head->var == ir::Names::kInput;
  const bool is_data = head->kind == TermKind::kVar && head->var == ir::Names::kData;
  std::optional<std::vector<Value>> path = constant_path(target);
  if (!path) fail(kEvalTypeError, "with target must be a constant ref", f.file(), w.location);

  // Functions and built-ins: replaced by another function or by a value.
  const DocNode* node = is_data ? node_at(&policy_.index().root, *path) : nullptr;
  const bool is_function = (!is_input && !is_data) || (node != nullptr && node->functions);
  if (is_function) {
    FunctionOverride o;
    o.name = target_name;
    const Term* v = w.value;
    bool names_function = false;
    if (v->kind == TermKind::kRef) {
      const std::string replacement = operator_name(v, f.names());
      std::optional<std::vector<Value>> vpath = constant_path(v);
      const DocNode* vnode = vpath && replacement.rfind("data.", 0) == 0
                                 ? node_at(&policy_.index().root, *vpath)
                                 : nullptr;
      if ((vnode != nullptr && vnode->functions) || find_builtin(replacement) != nullptr) {
        o.replacement = replacement;
        o.replacement_node = vnode != nullptr && vnode->functions ? vnode : nullptr;
        names_function = true;
      }
    }
    auto apply = [&](FunctionOverride override) {
      function_overrides_.push_back(std::move(override));
      const size_t mark = function_overrides_.size() - 1;
      FunctionOverride saved = function_overrides_.back();
      const bool go_on = with_functions_and_data(f, e, i + 1, [&] {
        function_overrides_.pop_back();
        const bool result = k();
        function_overrides_.push_back(saved);
        return result;
      });
      function_overrides_.resize(mark);
      return go_on;
    };
    if (names_function) return apply(o);
    return term(f, v, [&](const Value& value) {
      FunctionOverride with_value = o;
      with_value.value = value;
      return apply(std::move(with_value));
    });
  }
  return term(f, w.value, [&](const Value& value) {
    if (is_input) {
      std::optional<Value> saved = input_;
      input_ = replaced(saved ? &*saved : nullptr, *path, 0, value);
      const bool go_on = with_functions_and_data(f, e, i + 1, [&] {
        std::swap(input_, saved);
        const bool result = k();
        std::swap(input_, saved);
        return result;
      });
      input_ = std::move(saved);
      return go_on;
    }
    data_overrides_.push_back(DataOverride{*path, value});
    DataOverride saved = data_overrides_.back();
    const size_t mark = data_overrides_.size() - 1;
    const bool go_on = with_functions_and_data(f, e, i + 1, [&] {
      data_overrides_.pop_back();
      const bool result = k();
      data_overrides_.push_back(saved);
      return result;
    });
    data_overrides_.resize(mark);
    return go_on;
  });
}

}  // namespace assay::rego::eval
