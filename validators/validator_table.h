// The table of validators every assay program registers: each row gives a validator's name,
// version, kinds, file patterns, dialects and stages, next to the function that makes it.
// Only the programs' main files (and tests) include this; core never sees a plugin.
#pragma once

#include "src/core/registry.h"

namespace assay {

// A registry holding one instance of every validator in the table.
Registry make_registry();

}  // namespace assay
