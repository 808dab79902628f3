// The evaluator's entry points: preparing a policy (its document index) and evaluating queries.
#include "src/rego/eval/evaluator.h"

#include <algorithm>
#include <chrono>

#include "src/rego/eval/eval_state.h"
#include "src/rego/parser.h"

namespace assay::rego {

namespace eval {

std::optional<Value> scalar_value(const Term* t) {
  switch (t->kind) {
    case TermKind::kNull:
      return Value::null();
    case TermKind::kBoolean:
      return Value::boolean(t->boolean);
    case TermKind::kNumber:
      if (std::optional<Number> n = Number::parse(t->text)) return Value::number(std::move(*n));
      return std::nullopt;
    case TermKind::kString:
      return Value::string(t->text);
    default:
      return std::nullopt;
  }
}

const DocNode* DocNode::child(const Value& key) const {
  auto it = std::lower_bound(children.begin(), children.end(), key,
                             [](const auto& entry, const Value& k) { return entry.first < k; });
  if (it == children.end() || !(it->first == key)) return nullptr;
  return it->second.get();
}

DocNode* DocNode::add_child(const Value& key) {
  auto it = std::lower_bound(children.begin(), children.end(), key,
                             [](const auto& entry, const Value& k) { return entry.first < k; });
  if (it != children.end() && it->first == key) return it->second.get();
  auto node = std::make_unique<DocNode>();
  node->path = path + "." + (key.is_string() ? std::string(key.as_string()) : value_to_rego(key));
  node->keys = keys;
  node->keys.push_back(key);
  return children.emplace(it, key, std::move(node))->second.get();
}

namespace {

// Places every rule at the node of its ref's ground prefix: package path, rule name, then the
// head ref's items while they are constants.
void index_rules(const ir::Policy& policy, DocIndex& index) {
  index.policy = &policy;
  index.root.path = "data";
  for (const ir::ModuleIr* m : policy.modules) {
    std::vector<Term*> ref(m->package.begin() + 1, m->package.end());
    DocNode* package = &index.root;
    for (const Term* key : ref) {
      if (std::optional<Value> k = scalar_value(key)) package = package->add_child(*k);
    }
    package->package = true;
    for (const RuleIr* r : m->rules) {
      if (r->is_else || r->ref.empty()) continue;
      std::vector<Term*> full = ref;
      full.push_back(nullptr);  // the name, below
      full.insert(full.end(), r->ref.begin() + 1, r->ref.end());
      DocNode* node = &index.root;
      size_t i = 0;
      for (; i < full.size(); ++i) {
        std::optional<Value> key = full[i] == nullptr
                                       ? Value::string(policy.names.text(r->ref[0]->var))
                                       : scalar_value(full[i]);
        if (!key) break;
        node = node->add_child(*key);
      }
      RulePlan plan;
      plan.rule = r;
      plan.extra.assign(full.begin() + static_cast<std::ptrdiff_t>(i), full.end());
      node->rules.push_back(std::move(plan));
      if (!r->args.empty()) node->functions = true;
    }
  }
}

// The query's own variables, as OPA reports them: those the user wrote (a var `:=` renamed is
// reported by its original name), not wildcards, not generated ones, not inside closures.
std::vector<std::pair<std::string, VarId>> query_vars(const ir::CompiledQuery& query) {
  const ir::Policy& policy = query.policy;
  ir::VarSet vars = ir::vars_of(query.body(), ir::VisitParams{.skip_ref_head = true,
                                                              .skip_closures = true});
  std::vector<std::pair<std::string, VarId>> out;
  for (VarId v : vars) {
    if (v == ir::Names::kData || v == ir::Names::kInput) continue;
    const VarId original = policy.original(v);
    if (policy.names.is_wildcard(original) || policy.names.is_generated(original)) continue;
    out.emplace_back(policy.names.text(original), v);
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

Evaluator::Evaluator(const PreparedPolicy& policy, const EvalOptions& options)
    : policy_(policy), options_(options), input_(options.input) {
  builtin_context_.now_ns =
      options.now_ns != 0
          ? options.now_ns
          : std::chrono::duration_cast<std::chrono::nanoseconds>(
                std::chrono::system_clock::now().time_since_epoch())
                .count();
  builtin_context_.random_seed = options.random_seed;
  builtin_context_.print = options.print;
}

}  // namespace eval

PreparedPolicy::PreparedPolicy() = default;
PreparedPolicy::~PreparedPolicy() = default;

std::shared_ptr<const PreparedPolicy> PreparedPolicy::prepare(const CompileResult& compiled) {
  static const std::shared_ptr<const ir::CompiledPolicy> empty = [] {
    auto p = std::make_shared<ir::CompiledPolicy>();
    p->tree = std::make_unique<ir::RuleTree>(p->policy);
    return p;
  }();
  std::shared_ptr<PreparedPolicy> prepared(new PreparedPolicy());
  prepared->shell_.compiled = compiled.compiled ? compiled.compiled : empty;
  prepared->index_ = std::make_unique<eval::DocIndex>();
  eval::index_rules(prepared->shell_.compiled->policy, *prepared->index_);
  return prepared;
}

QueryResult evaluate_compiled_query(const PreparedPolicy& policy, const CompileQueryResult& query,
                                    const EvalOptions& options) {
  QueryResult result;
  if (!query.errors.empty() || !query.compiled) {
    result.error = query.errors.empty()
                       ? RegoError{kCompileError, "query did not compile", "", {}}
                       : query.errors.front();
    return result;
  }
  const ir::CompiledQuery& compiled = *query.compiled;
  const auto vars = eval::query_vars(compiled);
  eval::Evaluator evaluator(policy, options);
  eval::Frame frame(compiled.policy.names, "");
  try {
    evaluator.body(frame, compiled.body(), 0, [&] {
      Bindings bindings;
      bindings.reserve(vars.size());
      for (const auto& [name, var] : vars) {
        if (const Value* v = frame.find(var)) bindings.emplace_back(name, *v);
      }
      result.solutions.push_back(std::move(bindings));
      return true;
    });
  } catch (const eval::EvalError& e) {
    result.solutions.clear();
    result.error = e.error;
  }
  return result;
}

QueryResult evaluate_query(const PreparedPolicy& policy, std::string_view query,
                           const EvalOptions& options) {
  ParsedQuery parsed = parse_query(query, {});
  if (!parsed.errors.empty()) {
    QueryResult result;
    result.error = parsed.errors.front();
    return result;
  }
  return evaluate_compiled_query(policy, compile_query(policy.compiled(), *parsed.body), options);
}

std::optional<Value> value_from_term_text(std::string_view text, std::string* error) {
  static const std::shared_ptr<const PreparedPolicy> empty =
      PreparedPolicy::prepare(CompileResult{});
  const std::string query = "__term__ = " + std::string(text);
  EvalOptions options;
  options.max_steps = 100'000;
  QueryResult result = evaluate_query(*empty, query, options);
  if (result.error) {
    *error = result.error->message;
    return std::nullopt;
  }
  for (const Bindings& b : result.solutions) {
    for (const auto& [name, v] : b) {
      if (name == "__term__") return v;
    }
  }
  *error = "not a constant term";
  return std::nullopt;
}

}  // namespace assay::rego
