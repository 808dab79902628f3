#include "sandboxes/runtime/user_namespace.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace assay::sandbox {
namespace {

Status write_proc_file(pid_t child, const char* name, const std::string& text) {
  const std::string path = "/proc/" + std::to_string(child) + "/" + name;
  const int fd = open(path.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) {
    return Status::error("sandbox_setup_error", "open " + path + ": " + std::strerror(errno));
  }
  const ssize_t written = write(fd, text.data(), text.size());
  const int saved = errno;
  close(fd);
  if (written != static_cast<ssize_t>(text.size())) {
    return Status::error("sandbox_setup_error", "write " + path + ": " + std::strerror(saved));
  }
  return Status::ok();
}

}  // namespace

IdMapping choose_id_mapping() {
  IdMapping mapping;
  if (geteuid() == 0) {
    mapping.privileged = true;
  } else {
    mapping.outside_uid = geteuid();
    mapping.outside_gid = getegid();
  }
  return mapping;
}

Status write_id_maps(pid_t child, const IdMapping& mapping) {
  if (!mapping.privileged) {
    if (Status s = write_proc_file(child, "setgroups", "deny"); !s) return s;
  }
  const std::string gid_map =
      std::to_string(mapping.inside_gid) + " " + std::to_string(mapping.outside_gid) + " 1\n";
  if (Status s = write_proc_file(child, "gid_map", gid_map); !s) return s;
  const std::string uid_map =
      std::to_string(mapping.inside_uid) + " " + std::to_string(mapping.outside_uid) + " 1\n";
  return write_proc_file(child, "uid_map", uid_map);
}

}  // namespace assay::sandbox
