// `assay run`: runs any command in the sandbox and prints how it ended as JSON, so operators
// can try a profile by hand the way they use nsjail or bwrap.
//
//   assay run [--profile NAME] [--policies DIR] [--timeout-ms N] [--memory-mb N]
//             [--workspace DIR] [--stdin FILE] -- CMD ARGS...
//
// --workspace copies the files of DIR (not bound: the run can never change them) into the
// run's /workspace. Exit status: 0 when the command exited 0, 1 when it ended any other way
// (the JSON says how), 2 when it could not be run (usage, policy, setup or exec error).
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "src/core/registry.h"

namespace assay::cli {

int run_run(const std::vector<std::string>& args, std::istream& in, std::ostream& out,
            std::ostream& err, const Registry& registry);

}  // namespace assay::cli
