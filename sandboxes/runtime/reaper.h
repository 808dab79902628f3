// Reaper: finishes runs in the background. Once a run's command has ended, its result is
// complete, but its init is still exiting and the kernel is tearing its namespaces down (a few
// hundred microseconds to milliseconds). The reaper waits for that, reaps the init, then
// removes the run's cgroup and frees its job area, so the caller does not wait for any of it.
// Thread-safe; one process-wide instance, whose thread starts on first use.
#pragma once

#include "sandboxes/runtime/prepared_child.h"

namespace assay::sandbox {

// Takes `child`, whose init has reported the command's end and is exiting. The init is killed
// (it is on its way out anyway) and reaped, and everything the child holds is released.
void reap_in_background(PreparedChild child);

}  // namespace assay::sandbox
