// graphql.*: parsing GraphQL queries and schemas to AST objects, and validating queries against
// schemas. Queries and schemas are strings or ASTs from the other graphql functions.
#include "src/rego/builtins/table.h"

namespace assay::rego::builtins {

Rows graphql_builtins() {
  types::TypePtr ast = ObjectOf(A(), A());
  types::TypePtr source = Any(S(), ast);
  return {
      fn("graphql.parse", "graphql", {{"query", source}, {"schema", source}},
         {"output", Tuple({ast, ast})}),
      fn("graphql.parse_and_verify", "graphql", {{"query", source}, {"schema", source}},
         {"output", Tuple({B(), ast, ast})}),
      fn("graphql.parse_query", "graphql", {{"query", S()}}, {"output", ast}),
      fn("graphql.parse_schema", "graphql", {{"schema", S()}}, {"output", ast}),
      fn("graphql.is_valid", "graphql", {{"query", source}, {"schema", source}}, {"output", B()}),
      fn("graphql.schema_is_valid", "graphql", {{"schema", source}}, {"output", B()}),
  };
}

}  // namespace assay::rego::builtins
