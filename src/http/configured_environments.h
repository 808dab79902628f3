// The environments a server serves: from the configured folder (--environments DIR or the
// config file's `environments` key), else from default_environments_dir(). Used by assayd and
// `assay serve`. Thread-safe: no shared state.
#pragma once

#include <string>
#include <vector>

#include "src/environments/environment_loader.h"

namespace assay::http {

// Loads every environment of the folder; `warnings` gets one line per broken environment file
// ("FILE:ROW:COL: message") or a note that no folder was found. Never fails: a server without
// environments still validates.
environments::EnvironmentSet load_configured_environments(const std::string& configured_dir,
                                                          std::vector<std::string>& warnings);

}  // namespace assay::http
