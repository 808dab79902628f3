// The dependency graph of rules and the CheckRecursion stage (OPA's NewGraph, checkRecursion and
// util.DFSPath): a rule depends on every rule a ref in it may refer to (refs with vars refer to
// every rule below their ground prefix), through function calls, comprehensions and `with`
// alike; a rule that reaches itself is reported as "rule data.x.p is recursive: data.x.p ->
// data.x.q -> data.x.p" at the rule. Only rules on a cycle (found with Tarjan's algorithm) are
// searched, so the check stays linear in the graph for policies without recursion.
#include <algorithm>
#include <functional>
#include <unordered_map>
#include <unordered_set>

#include "src/rego/compile_stages.h"

namespace assay::rego::ir {

struct Graph {
  std::vector<RuleIr*> nodes;
  std::unordered_map<RuleIr*, size_t> index;
  std::vector<std::vector<size_t>> edges;  // in the order the refs appear

  size_t node(RuleIr* r) {
    auto [it, inserted] = index.emplace(r, nodes.size());
    if (inserted) {
      nodes.push_back(r);
      edges.emplace_back();
    }
    return it->second;
  }
  void add_edge(size_t from, size_t to) {
    auto& e = edges[from];
    if (std::find(e.begin(), e.end(), to) == e.end()) e.push_back(to);
  }
};

namespace {

void refs_in_term(const Term* t, std::vector<const Term*>& out);

void refs_in_body(const Body& b, std::vector<const Term*>& out) {
  for (const Expr* e : b) {
    for (const Term* t : e->terms) refs_in_term(t, out);
    if (e->key) refs_in_term(e->key, out);
    if (e->value) refs_in_term(e->value, out);
    if (e->domain) refs_in_term(e->domain, out);
    refs_in_body(e->body, out);
    for (const With& w : e->with) {
      refs_in_term(w.target, out);
      refs_in_term(w.value, out);
    }
  }
}

void refs_in_term(const Term* t, std::vector<const Term*>& out) {
  if (t == nullptr) return;
  if (t->kind == TermKind::kRef) out.push_back(t);
  for (const Term* item : t->items) refs_in_term(item, out);
  refs_in_body(t->body, out);
}

}  // namespace

std::shared_ptr<Graph> build_graph(Context& c) {
  auto graph = std::make_shared<Graph>();
  std::unordered_map<const Term*, std::vector<RuleIr*>> cache;
  for (ModuleIr* m : c.policy.modules) {
    for (RuleIr* rule : m->rules) {
      for (RuleIr* r = rule; r != nullptr; r = r->else_rule) {
        const size_t from = graph->node(r);
        // OPA's visitor walks the head's arguments, key and value (not its ref) and the body.
        std::vector<const Term*> refs;
        for (const Term* a : r->args) refs_in_term(a, refs);
        refs_in_term(r->key, refs);
        refs_in_term(r->value, refs);
        refs_in_body(r->body, refs);
        for (const Term* ref : refs) {
          for (RuleIr* target : c.tree->rules_dynamic(ref->items)) {
            for (RuleIr* n = target; n != nullptr; n = n->else_rule) {
              graph->add_edge(from, graph->node(n));
            }
          }
        }
      }
    }
  }
  return graph;
}

void check_recursion(Context& c, const Graph& graph) {
  const size_t n = graph.nodes.size();
  // Tarjan's strongly connected components: only nodes on a cycle can be recursive.
  std::vector<int> index(n, -1), low(n, 0), component(n, -1);
  std::vector<bool> on_stack(n, false);
  std::vector<size_t> stack;
  std::vector<size_t> component_size;
  int counter = 0;
  std::function<void(size_t)> connect = [&](size_t v) {
    index[v] = low[v] = counter++;
    stack.push_back(v);
    on_stack[v] = true;
    for (size_t w : graph.edges[v]) {
      if (index[w] < 0) {
        connect(w);
        low[v] = std::min(low[v], low[w]);
      } else if (on_stack[w]) {
        low[v] = std::min(low[v], index[w]);
      }
    }
    if (low[v] == index[v]) {
      const int id = static_cast<int>(component_size.size());
      size_t size = 0;
      for (;;) {
        const size_t w = stack.back();
        stack.pop_back();
        on_stack[w] = false;
        component[w] = id;
        ++size;
        if (w == v) break;
      }
      component_size.push_back(size);
    }
  };
  for (size_t v = 0; v < n; ++v) {
    if (index[v] < 0) connect(v);
  }
  auto recursive = [&](size_t v) {
    if (component_size[component[v]] > 1) return true;
    const auto& e = graph.edges[v];
    return std::find(e.begin(), e.end(), v) != e.end();
  };

  // util.DFSPath from a to a: the first path found, edges in order.
  auto dfs_path = [&](size_t a) {
    std::vector<bool> visited(n, false);
    std::function<std::vector<size_t>(size_t)> rec = [&](size_t u) -> std::vector<size_t> {
      if (visited[u]) return {};
      visited[u] = true;
      for (size_t v : graph.edges[u]) {
        if (v == a) return {a, u};
        std::vector<size_t> p = rec(v);
        if (!p.empty()) {
          p.push_back(u);
          return p;
        }
      }
      return {};
    };
    std::vector<size_t> p = rec(a);
    std::reverse(p.begin(), p.end());
    return p;
  };

  Policy& p = c.policy;
  bool stop = false;
  c.tree->depth_first([&](TreeNode* node) {
    if (stop) return true;
    for (RuleIr* rule : node->values) {
      for (RuleIr* r = rule; r != nullptr; r = r->else_rule) {
        auto it = graph.index.find(r);
        if (it == graph.index.end() || !recursive(it->second)) continue;
        std::vector<size_t> path = dfs_path(it->second);
        if (path.empty()) continue;
        const std::string name = ref_string(rule_ref(r, p), p.names);
        std::string chain;
        for (size_t i = 0; i < path.size(); ++i) {
          if (i > 0) chain += " -> ";
          chain += ref_string(rule_ref(graph.nodes[path[i]], p), p.names);
        }
        if (!c.errors.add(c.error(kRecursionError, "rule " + name + " is recursive: " + chain,
                                  r->module->file, r->location))) {
          stop = true;
          return true;
        }
      }
    }
    return false;
  });
}

}  // namespace assay::rego::ir
