// Functions an SQL artefact may never call, whatever the environment: they sleep, read or
// write server files, reach other servers, change settings or server state, take locks, or
// run SQL given as a string (which would escape the statement check). One table, one reason
// per entry, in forbidden_functions.cc. Pure, thread-safe.
#pragma once

#include <string_view>

namespace assay::sql {

struct ForbiddenFunction {
  std::string_view name;    // lower case; with a trailing '*' it is a prefix
  std::string_view reason;  // why, as the end of a sentence: "it makes the server sleep"
};

// The entry matching `name` (unqualified, any case), or nullptr.
const ForbiddenFunction* find_forbidden_function(std::string_view name);

// Whether `pattern` (a name, or a prefix ending in '*') matches `name`, ignoring ASCII case.
bool function_name_matches(std::string_view pattern, std::string_view name);

}  // namespace assay::sql
