// Where assayd finds the shipped environments when no --environments DIR / config key says.
// Thread-safe.
#pragma once

#include <string>

namespace assay::environments {

// The first folder that exists of: <program dir>/../sandboxes/environments (a build folder
// inside the source tree), <program dir>/../share/assay/environments (an installed layout),
// and the source tree this was built from. Empty when none exists.
std::string default_environments_dir();

}  // namespace assay::environments
