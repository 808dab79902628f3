// The run's user namespace: which uid and gid the sandboxed process has inside, and which
// unprivileged host ids they map to.
//
// Inside, the process is uid/gid 1000 ("sandbox"), never root, so exec() drops every capability.
// Outside it is 65534 (nobody) when assayd runs as root, else assayd's own uid and gid (the only
// mapping an unprivileged process may write; setgroups is then denied, as the kernel requires).
// write_id_maps() runs in the parent after clone() and before the child is released.
#pragma once

#include <sys/types.h>

#include "src/core/status.h"

namespace assay::sandbox {

struct IdMapping {
  uid_t inside_uid = 1000;
  gid_t inside_gid = 1000;
  uid_t outside_uid = 65534;
  gid_t outside_gid = 65534;
  bool privileged = false;  // assayd is root: may keep setgroups and drop supplementary groups
};

IdMapping choose_id_mapping();

// Writes /proc/<child>/{setgroups,gid_map,uid_map}. Errors: sandbox_setup_error naming the file.
Status write_id_maps(pid_t child, const IdMapping& mapping);

}  // namespace assay::sandbox
