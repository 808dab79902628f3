// The files of policies/sandbox/, compiled into the program so that a sandbox profile works
// without the source tree. The definition is generated at build time by
// sandboxes/runtime/embed_policies.cmake (`cmake -DPOLICY_DIR=... -DOUTPUT=... -P ...`), which
// copies every file byte for byte.
// Thread-safety: immutable data, initialised on first use (thread-safe static); the views
// point at static storage and stay valid for the life of the program.
#pragma once

#include <string_view>
#include <utility>
#include <vector>

namespace assay::sandbox {

// (file name, content) for each file of policies/sandbox/, sorted by file name. Never fails.
const std::vector<std::pair<std::string_view, std::string_view>>& embedded_policy_files();

}  // namespace assay::sandbox
