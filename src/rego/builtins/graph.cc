// Graphs: walk (a relation: one call enumerates every [path, value] of a document) and
// reachability over adjacency objects.
#include "src/rego/builtins/table.h"

namespace assay::rego::builtins {

Rows graph_builtins() {
  types::TypePtr vertices = Any(SetOf(A()), ArrayOf(A()));
  types::TypePtr graph = ObjectOf(A(), vertices);
  return {
      fn("walk", kGraph, {{"x", A()}}, {"output", Tuple({ArrayOf(A()), A()})}).relation(),
      fn("graph.reachable", kGraph, {{"graph", graph}, {"initial", vertices}},
         {"output", SetOf(A())}),
      fn("graph.reachable_paths", kGraph, {{"graph", graph}, {"initial", vertices}},
         {"output", SetOf(ArrayOf(A()))}),
  };
}

}  // namespace assay::rego::builtins
