// `assay serve [--listen HOST:PORT] [--config FILE]`: runs the HTTP validation service in the
// foreground, as assayd does, with this program's validators.
//
// Returns the exit code: run_server()'s (0 after a clean drain on SIGTERM/SIGINT, 1 when it
// cannot listen), or 2 for a usage or config error, printed on `err`.
// Blocks until the server stops; call it once per process (it handles signals).
#pragma once

#include <istream>
#include <ostream>
#include <string>
#include <vector>

#include "src/core/registry.h"

namespace assay::cli {

// `args` are the words after "serve". `in` is unused; the server prints its own
// "assayd listening on HOST:PORT" line on stdout.
int run_serve(const std::vector<std::string>& args, std::istream& in, std::ostream& out,
              std::ostream& err, const Registry& registry);

}  // namespace assay::cli
