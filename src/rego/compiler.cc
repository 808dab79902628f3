// compile(): OPA's compiler pipeline (v1/ast/compile.go, NewCompiler) over a working copy of the
// modules. Each stage either rewrites the copy or checks it; the first stage that reports an
// error ends the compilation, as in OPA. The stages OPA runs that cannot report errors for the
// policies this engine takes (metadata parsing, rule indices, capabilities) are left out.
#include "src/rego/compiler.h"

#include "src/rego/builtins/registry.h"
#include "src/rego/compile_stages.h"

namespace assay::rego {

namespace ir {

bool ErrorSink::add(std::vector<RegoError> errors) {
  if (errors.empty()) return true;
  if (max_ == 0) {
    for (RegoError& e : errors) errors_.push_back(std::move(e));
    return true;
  }
  if (count_ >= max_) return false;
  const size_t take = std::min(max_ - count_, errors.size());
  const bool limit_reached = count_ + take == max_;
  count_ += take;
  for (size_t i = 0; i < take; ++i) errors_.push_back(std::move(errors[i]));
  if (limit_reached) errors_.push_back(RegoError{kCompileError, "error limit reached", "", {}});
  return !limit_reached;
}

bool ErrorSink::add(RegoError error) {
  std::vector<RegoError> one;
  one.push_back(std::move(error));
  return add(std::move(one));
}

const BuiltinDecl* Context::builtin(const Term* op) const {
  if (op == nullptr || op->kind != TermKind::kRef || op->items.empty()) return nullptr;
  if (op->items.size() == 1) {
    if (op->items[0]->kind != TermKind::kVar) return nullptr;
    return find_builtin(policy.names.text(op->items[0]->var));
  }
  return find_builtin(ref_string(op->items, policy.names));
}

int Context::arity(const Term* op) const {
  if (const BuiltinDecl* b = builtin(op)) return static_cast<int>(b->arity());
  if (tree == nullptr || op->kind != TermKind::kRef) return -1;
  const std::vector<RuleIr*>* rules = tree->rules_exact(op->items);
  if (rules == nullptr || rules->empty()) return -1;
  return static_cast<int>((*rules)[0]->args.size());
}

namespace {

// The built-in calls OPA's type checker visits (and so lists as required): those of rule
// bodies and comprehension bodies, not those directly in `every` bodies.
template <typename F>
void typechecked_calls(const Body& body, bool in_every, F& f);

template <typename F>
void typechecked_calls_in_term(const Term* t, F& f) {
  if (t == nullptr) return;
  for (const Term* item : t->items) typechecked_calls_in_term(item, f);
  if (!t->body.empty()) typechecked_calls(t->body, false, f);
}

template <typename F>
void typechecked_calls(const Body& body, bool in_every, F& f) {
  for (const Expr* e : body) {
    if (!in_every && e->kind == ExprKind::kCall) f(e);
    for (const Term* t : e->terms) typechecked_calls_in_term(t, f);
    for (const With& w : e->with) {
      typechecked_calls_in_term(w.target, f);
      typechecked_calls_in_term(w.value, f);
    }
    if (e->kind == ExprKind::kEvery) {
      typechecked_calls_in_term(e->domain, f);
      typechecked_calls(e->body, true, f);
    }
  }
}

// CheckDeprecatedBuiltins: once a deprecated built-in (kept by OPA 1.x for v0 policies only) is
// called where the type checker sees it, every call of one in a v1 module (or in any module in
// strict mode) is an error.
void check_deprecated_builtins(Context& c) {
  Policy& p = c.policy;
  bool needed = false;
  auto probe = [&](const Expr* e) {
    const BuiltinDecl* b = c.builtin(e->terms[0]);
    needed = needed || (b != nullptr && b->deprecated);
  };
  for (ModuleIr* m : p.modules) {
    for (RuleIr* rule : m->rules) {
      for (RuleIr* r = rule; r != nullptr; r = r->else_rule)
        typechecked_calls(r->body, false, probe);
    }
  }
  if (!needed) return;
  for (ModuleIr* m : p.modules) {
    if (!c.strict && !m->v1_compatible) continue;
    std::vector<RegoError> errors;
    auto visit = [&](Expr* e) {
      if (e->kind != ExprKind::kCall) return false;
      const BuiltinDecl* b = c.builtin(e->terms[0]);
      if (b != nullptr && b->deprecated) {
        errors.push_back(c.error(
            kTypeError, "deprecated built-in function calls in expression: " + std::string(b->name),
            m->file, e->location));
      }
      return false;
    };
    for (RuleIr* rule : m->rules) {
      for (RuleIr* r = rule; r != nullptr; r = r->else_rule) walk_exprs(r->body, visit);
    }
    if (!errors.empty() && !c.errors.add(std::move(errors))) return;
  }
}

}  // namespace

}  // namespace ir

CompileResult compile(std::vector<std::unique_ptr<Module>> modules, const CompileOptions& options) {
  CompileResult result;
  auto compiled = std::make_shared<ir::CompiledPolicy>();
  ir::Policy& policy = compiled->policy;
  ir::build_policy(modules, policy);
  ir::ErrorSink sink(options.max_errors);
  ir::Context c{policy, sink, options.strict, nullptr};
  c.rule_types_out = &compiled->rule_types;
  for (const auto& m : modules) {
    if (!m) continue;
    for (const Annotation& a : m->annotations) {
      if (a.yaml.find("schemas") != std::string::npos) c.has_schema_annotations = true;
    }
  }

  // OPA's stage order; compilation ends after the first stage with errors.
  auto run = [&](auto&& stage) {
    if (!sink.empty()) return false;
    stage();
    return sink.empty();
  };
  std::shared_ptr<ir::Graph> graph;
  run([&] { ir::resolve_refs(c); }) && run([&] { ir::rewrite_rule_head_refs(c); }) &&
      run([&] { ir::check_keyword_overrides(c); }) && run([&] { ir::check_imports(c); }) &&
      run([&] {
        compiled->tree = std::make_unique<ir::RuleTree>(policy);
        c.tree = compiled->tree.get();
      }) &&
      run([&] { ir::rewrite_local_vars(c); }) && run([&] { ir::rewrite_template_strings(c); }) &&
      run([&] { ir::check_void_calls(c); }) && run([&] { ir::rewrite_print_calls(c); }) &&
      run([&] { ir::rewrite_expr_terms(c); }) && run([&] { graph = ir::build_graph(c); }) &&
      run([&] { ir::rewrite_comprehension_terms(c); }) &&
      run([&] { ir::rewrite_refs_in_head(c); }) && run([&] { ir::rewrite_with_values(c); }) &&
      run([&] { ir::check_rule_conflicts(c); }) && run([&] { ir::check_undefined_funcs(c); }) &&
      run([&] { ir::check_safety_rule_heads(c); }) &&
      run([&] { ir::check_safety_rule_bodies(c); }) &&
      run([&] { ir::check_recursion(c, *graph); }) && run([&] { ir::check_types(c); }) &&
      run([&] { ir::check_deprecated_builtins(c); });

  result.errors = std::move(sink.errors());
  result.modules = std::move(modules);
  if (result.errors.empty()) result.compiled = std::move(compiled);
  return result;
}

CompileQueryResult compile_query(const CompileResult& compiled, const Body& query,
                                 const CompileOptions& options) {
  // The query is compiled as the body of a rule of its own, outside the policy's rule tree, in
  // the stages of OPA's query compiler (queryCompiler.Compile); refs are not resolved against a
  // package, as a query has none.
  static const std::shared_ptr<const ir::CompiledPolicy> empty = [] {
    auto p = std::make_shared<ir::CompiledPolicy>();
    p->tree = std::make_unique<ir::RuleTree>(p->policy);
    return p;
  }();
  std::shared_ptr<const ir::CompiledPolicy> base = compiled.compiled ? compiled.compiled : empty;
  auto out = std::make_shared<ir::CompiledQuery>();
  ir::Policy& policy = out->policy;
  ir::ModuleIr* m = policy.arena.module();
  ir::RuleIr* r = policy.arena.rule();
  r->module = m;
  r->value = policy.arena.boolean(true, {});
  r->body = ir::build_body(query, policy);
  CompileQueryResult result;
  if (r->body.empty()) {
    result.errors.push_back(RegoError{kCompileError, "empty query cannot be compiled", "", {}});
    return result;
  }
  m->rules.push_back(r);
  policy.modules.push_back(m);
  out->query_rule = r;
  ir::ErrorSink sink(options.max_errors);
  ir::Context c{policy, sink, options.strict, base->tree.get()};
  c.base_rule_types = &base->rule_types;
  auto run = [&](auto&& stage) {
    if (!sink.empty()) return false;
    stage();
    return sink.empty();
  };
  if (options.strict) run([&] { ir::check_keyword_overrides(c); });
  run([&] { ir::rewrite_local_vars(c); }) && run([&] { ir::rewrite_template_strings(c); }) &&
      run([&] { ir::check_void_calls(c); }) && run([&] { ir::rewrite_print_calls(c); }) &&
      run([&] { ir::rewrite_expr_terms(c); }) && run([&] { ir::rewrite_comprehension_terms(c); }) &&
      run([&] { ir::rewrite_with_values(c); }) && run([&] { ir::check_undefined_funcs(c); }) &&
      run([&] { ir::check_safety_rule_bodies(c); }) && run([&] { ir::check_types(c); });
  result.errors = std::move(sink.errors());
  if (result.errors.empty()) result.compiled = std::move(out);
  return result;
}

std::vector<RegoError> check_query(const CompileResult& compiled, const Body& query,
                                   const CompileOptions& options) {
  return compile_query(compiled, query, options).errors;
}

}  // namespace assay::rego
