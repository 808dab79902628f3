// Calls to Rego built-ins that reach the network (http.send, net.lookup_ip_addr: rows with
// needs_network in src/rego/builtins/), found in parsed modules. The run stage's sandbox has no
// network, so such a call cannot do there what it does under OPA; the check stage warns
// (rego_network_builtin) at each call. Pure functions, thread-safe.
#pragma once

#include <string>
#include <vector>

#include "src/rego/ast.h"

namespace assay::rego_validator {

struct NetworkCall {
  std::string builtin;  // "http.send"
  std::string file;
  rego::SourceLocation location;  // of the call
};

// Every call in the module's rules (heads, bodies, else chains, comprehensions), in source order.
std::vector<NetworkCall> find_network_calls(const rego::Module& module);

}  // namespace assay::rego_validator
