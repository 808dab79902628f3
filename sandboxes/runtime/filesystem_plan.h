// The sandbox's filesystem, as a list of steps prepared in the parent and carried out by the
// child inside its new mount namespace, before the run is known (the run's own files come with
// its job: job_area.h).
//
// The child of a multi-threaded parent may not allocate memory between clone() and exec(), so
// everything it needs — paths, mount options, file contents — is built here beforehand, and
// run_filesystem_step() only makes system calls. The resulting tree:
//   /            a small tmpfs, read-only once built
//   /usr, ...    the profile's bind_ro paths, read-only, nosuid, without the mounts below them
//                (symlinks such as /bin -> usr/bin are recreated as symlinks)
//   /dev         null, zero, random, urandom bound from the host; fd, stdin, stdout, stderr links
//   /proc        a fresh proc for the run's own pid namespace
//   /etc         passwd and group naming the sandbox user, plus bound files from bind_ro
//   /workspace   a size-capped tmpfs holding the run's files, owned by the sandbox user
//   /tmp         a size-capped tmpfs
// Nothing else of the host is visible: no /home, /root, /etc/shadow, host /tmp or /dev/shm.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

#include "sandboxes/runtime/resource_limits.h"

namespace assay::sandbox {

// A file the run starts with, at a path relative to /workspace.
struct WorkspaceFile {
  std::string path;
  std::string content;
  bool executable = false;
};

struct FilesystemStep {
  enum class Kind {
    kMakePrivate,  // stop mount propagation to and from the host
    kMountTmpfs,   // target, data = options
    kMakeDirectory,
    kBindReadOnly,  // source -> target (a directory or an empty file made first), flags = locked
    kBindDevice,    // source -> target (an empty file made first)
    kMountProc,
    kSymlink,    // data = link text
    kWriteFile,  // data = content, mode
    kPivotRoot,  // target = the new root
    kRemountRootReadOnly,
  };
  Kind kind;
  std::string source;
  std::string target;
  std::string data;
  unsigned long flags = 0;
  mode_t mode = 0755;
};

struct SandboxIdentity {
  uid_t uid = 1000;  // inside the user namespace
  gid_t gid = 1000;
};

// Where the child builds the new root before pivoting into it (inside its own mount namespace,
// so the host's directory of that name is untouched): /mnt where the host has it, else /tmp.
// Host paths below it cannot be bound (they are hidden once the staging tmpfs is mounted), so it
// is a directory builds and interpreters do not live in: a fresh clone under /tmp still works.
const char* staging_root();

// tmpfs options for a size in MiB: the size, and an inode count in proportion (one per 4 KiB),
// so that empty files, which cost kernel memory but no bytes, are bounded too.
std::string tmpfs_size_options(int size_mb);

// The steps for `bind_ro` paths that exist on this host, tmpfs sizes from `limits`.
std::vector<FilesystemStep> plan_filesystem(
    const std::vector<std::string>& bind_ro, const ResourceLimits& limits,
    const SandboxIdentity& identity,
    const std::vector<std::pair<std::string, std::string>>& bind_ro_at = {});

// Carries out one step. Async-signal-safe: system calls only, no allocation. Returns 0, or -1
// with errno set.
int run_filesystem_step(const FilesystemStep& step);

// A short name for a step, for error messages (static storage).
const char* describe_step(FilesystemStep::Kind kind);

}  // namespace assay::sandbox
