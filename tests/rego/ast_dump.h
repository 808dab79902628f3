// A compact text form of the Rego AST for the parser tests: each node by kind and content,
// locations left out (tests check those on their own), so that an assertion reads as the shape
// it expects, e.g. `call(ref(plus), num(1), var(x))`.
#pragma once

#include <string>

#include "src/rego/ast.h"

namespace assay::rego::testing {

std::string Dump(const Term& t);
std::string Dump(const Expr& e);
std::string Dump(const Body& b);
std::string Dump(const Rule& r);

}  // namespace assay::rego::testing
