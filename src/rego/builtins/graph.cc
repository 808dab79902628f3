// Graphs: walk (a relation: one call enumerates every [path, value] of a document; the
// evaluator runs it) and reachability over adjacency objects, as OPA's topdown/reachable.go.
// A graph is an object from vertex to its neighbours (an array or a set).
#include <cstdint>
#include <set>
#include <vector>

#include "src/rego/builtins/table.h"

namespace assay::rego::builtins {

namespace {

// Paths can be exponentially many; past this much work (vertices visited plus path elements
// emitted) reachable_paths fails instead of running on.
constexpr uint64_t kMaxPathWork = 10'000'000;

// A vertex's neighbours: the members of an array or set; nothing for any other value.
std::span<const Value> neighbours(const Value& edges) {
  if (edges.is_array()) return edges.array_items();
  if (edges.is_set()) return edges.set_items();
  return {};
}

std::optional<BuiltinResult> check_operands(std::span<const Value> args) {
  if (!args[0].is_object()) return operand_type_error(1, args[0], "object");
  if (!args[1].is_array() && !args[1].is_set()) {
    return operand_type_error(2, args[1], "{array, set}");  // OPA's wording, braces included
  }
  return std::nullopt;
}

// The vertices of the graph reachable from the initial ones (those that are vertices).
BuiltinResult reachable(BuiltinContext&, std::span<const Value> args) {
  if (std::optional<BuiltinResult> error = check_operands(args)) return *error;
  const Value& graph = args[0];
  std::set<Value> seen;
  std::vector<Value> queue(neighbours(args[1]).begin(), neighbours(args[1]).end());
  std::vector<Value> reached;
  for (size_t next = 0; next < queue.size(); ++next) {
    const Value node = queue[next];
    const Value* edges = graph.find(node);
    if (edges == nullptr || !seen.insert(node).second) continue;
    reached.push_back(node);
    for (const Value& neighbour : neighbours(*edges)) {
      if (!seen.count(neighbour)) queue.push_back(neighbour);
    }
  }
  return BuiltinResult::value(Value::set(std::move(reached)));
}

// Depth-first enumeration of the paths from one start vertex, kept iterative so long chains
// cannot exhaust the stack. A path ends at a vertex without neighbours, before a vertex that
// is not in the graph, or where the next step would revisit a vertex of the path.
class PathWalker {
 public:
  PathWalker(const Value& graph, std::vector<Value>& out) : graph_(graph), out_(out) {}

  // The paths from `start` through `first`; false when the work budget ran out.
  bool walk(const Value& start, const Value& first) {
    path_ = {start};
    on_path_ = {start};
    frames_.clear();
    if (!enter(first)) return false;
    while (!frames_.empty()) {
      Frame& top = frames_.back();
      if (top.next == top.edges.size()) {
        on_path_.erase(path_.back());
        path_.pop_back();
        frames_.pop_back();
        continue;
      }
      const Value& neighbour = top.edges[top.next++];
      if (on_path_.count(neighbour)) {
        if (!emit()) return false;
      } else if (!enter(neighbour)) {
        return false;
      }
    }
    return true;
  }

 private:
  struct Frame {
    std::span<const Value> edges;
    size_t next = 0;
  };

  bool enter(const Value& vertex) {
    if (++work_ > kMaxPathWork) return false;
    const Value* edges = graph_.find(vertex);
    if (edges == nullptr) return emit();
    path_.push_back(vertex);
    if (neighbours(*edges).empty()) {
      bool ok = emit();
      path_.pop_back();
      return ok;
    }
    on_path_.insert(vertex);
    frames_.push_back({neighbours(*edges), 0});
    return true;
  }

  bool emit() {
    work_ += path_.size();
    if (work_ > kMaxPathWork) return false;
    out_.push_back(Value::array(path_));
    return true;
  }

  const Value& graph_;
  std::vector<Value>& out_;
  std::vector<Value> path_;
  std::set<Value> on_path_;
  std::vector<Frame> frames_;
  uint64_t work_ = 0;
};

BuiltinResult reachable_paths(BuiltinContext&, std::span<const Value> args) {
  if (std::optional<BuiltinResult> error = check_operands(args)) return *error;
  const Value& graph = args[0];
  std::vector<Value> paths;
  PathWalker walker(graph, paths);
  for (const Value& node : neighbours(args[1])) {
    const Value* edges = graph.find(node);
    if (edges == nullptr) continue;
    if (neighbours(*edges).empty()) {
      paths.push_back(Value::array({node}));
      continue;
    }
    for (const Value& neighbour : neighbours(*edges)) {
      if (!walker.walk(node, neighbour)) {
        return BuiltinResult::error("eval_builtin_error", "too many paths to enumerate");
      }
    }
  }
  return BuiltinResult::value(Value::set(std::move(paths)));
}

const BuiltinImplementation kReachable{&reachable};
const BuiltinImplementation kReachablePaths{&reachable_paths};

}  // namespace

Rows graph_builtins() {
  types::TypePtr vertices = Any(SetOf(A()), ArrayOf(A()));
  types::TypePtr graph = ObjectOf(A(), vertices);
  return {
      fn("walk", kGraph, {{"x", A()}}, {"output", Tuple({ArrayOf(A()), A()})}).relation(),
      fn("graph.reachable", kGraph, {{"graph", graph}, {"initial", vertices}},
         {"output", SetOf(A())})
          .impl(kReachable),
      fn("graph.reachable_paths", kGraph, {{"graph", graph}, {"initial", vertices}},
         {"output", SetOf(ArrayOf(A()))})
          .impl(kReachablePaths),
  };
}

}  // namespace assay::rego::builtins
