#include "sandboxes/runtime/filesystem_plan.h"

#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <set>
#include <string_view>

namespace assay::sandbox {
namespace {

using Kind = FilesystemStep::Kind;

constexpr const char* kOldRoot = "/.old-root";

// The mount flags a bind mount must keep: in a user namespace, a remount may not clear flags
// that the source mount has (the kernel locks them).
unsigned long locked_flags(const std::string& path) {
  struct statvfs info {};
  if (statvfs(path.c_str(), &info) != 0) return 0;
  unsigned long flags = 0;
  if (info.f_flag & ST_NOSUID) flags |= MS_NOSUID;
  if (info.f_flag & ST_NODEV) flags |= MS_NODEV;
  if (info.f_flag & ST_NOEXEC) flags |= MS_NOEXEC;
  if (info.f_flag & ST_NOATIME) flags |= MS_NOATIME;
  if (info.f_flag & ST_NODIRATIME) flags |= MS_NODIRATIME;
  if (info.f_flag & ST_RELATIME) flags |= MS_RELATIME;
  return flags;
}

// Appends steps that make every missing ancestor directory of `path` (absolute).
class DirectoryMaker {
 public:
  explicit DirectoryMaker(std::vector<FilesystemStep>& steps) : steps_(steps) {}
  void ancestors_of(const std::string& path) {
    for (size_t slash = path.find('/', 1); slash != std::string::npos;
         slash = path.find('/', slash + 1)) {
      make(path.substr(0, slash));
    }
  }
  void make(const std::string& directory, mode_t mode = 0755) {
    if (made_.insert(directory).second) {
      steps_.push_back({Kind::kMakeDirectory, "", directory, "", 0, mode});
    }
  }

 private:
  std::vector<FilesystemStep>& steps_;
  std::set<std::string> made_;
};

void plan_bind(const std::string& host_path, const std::string& staged,
               std::vector<FilesystemStep>& steps, DirectoryMaker& directories) {
  struct stat info {};
  if (lstat(host_path.c_str(), &info) != 0) return;  // absent on this host: nothing to bind
  directories.ancestors_of(staged);
  if (S_ISLNK(info.st_mode)) {
    std::string target(4096, '\0');
    const ssize_t length = readlink(host_path.c_str(), target.data(), target.size());
    if (length <= 0) return;
    target.resize(static_cast<size_t>(length));
    steps.push_back({Kind::kSymlink, "", staged, target, 0, 0});
    return;
  }
  if (S_ISDIR(info.st_mode)) {
    directories.make(staged);
  } else {
    steps.push_back({Kind::kWriteFile, "", staged, "", 0, 0644});
  }
  steps.push_back({Kind::kBindReadOnly, host_path, staged, "", locked_flags(host_path), 0});
}

}  // namespace

std::string tmpfs_size_options(int size_mb) {
  const long inodes = std::max(1024L, static_cast<long>(size_mb) * 256);
  return "size=" + std::to_string(size_mb) + "m,nr_inodes=" + std::to_string(inodes);
}

const char* staging_root() {
  static const char* const root = [] {
    struct stat info {};
    return stat("/mnt", &info) == 0 && S_ISDIR(info.st_mode) ? "/mnt" : "/tmp";
  }();
  return root;
}

std::vector<FilesystemStep> plan_filesystem(
    const std::vector<std::string>& bind_ro, const ResourceLimits& limits,
    const SandboxIdentity& identity,
    const std::vector<std::pair<std::string, std::string>>& bind_ro_at) {
  const std::string root = staging_root();
  std::vector<FilesystemStep> steps;
  DirectoryMaker staged_directories(steps);
  steps.push_back({Kind::kMakePrivate, "", "/", "", 0, 0});
  steps.push_back(
      {Kind::kMountTmpfs, "", root, tmpfs_size_options(8) + ",mode=0755", MS_NOSUID | MS_NODEV, 0});

  for (const std::string& path : bind_ro) plan_bind(path, root + path, steps, staged_directories);
  for (const auto& [host, inside] : bind_ro_at)
    plan_bind(host, root + inside, steps, staged_directories);

  staged_directories.make(root + "/dev");
  for (const char* device : {"null", "zero", "random", "urandom"}) {
    const std::string staged = root + "/dev/" + device;
    steps.push_back({Kind::kWriteFile, "", staged, "", 0, 0666});
    steps.push_back({Kind::kBindDevice, std::string("/dev/") + device, staged, "", 0, 0});
  }
  steps.push_back({Kind::kSymlink, "", root + "/dev/fd", "/proc/self/fd", 0, 0});
  steps.push_back({Kind::kSymlink, "", root + "/dev/stdin", "/proc/self/fd/0", 0, 0});
  steps.push_back({Kind::kSymlink, "", root + "/dev/stdout", "/proc/self/fd/1", 0, 0});
  steps.push_back({Kind::kSymlink, "", root + "/dev/stderr", "/proc/self/fd/2", 0, 0});

  staged_directories.make(root + "/proc");
  steps.push_back({Kind::kMountProc, "", root + "/proc", "", 0, 0});

  staged_directories.make(root + "/etc");
  const std::string uid = std::to_string(identity.uid), gid = std::to_string(identity.gid);
  steps.push_back({Kind::kWriteFile, "", root + "/etc/passwd",
                   "sandbox:x:" + uid + ":" + gid + ":sandbox:/workspace:/bin/sh\n", 0, 0644});
  steps.push_back({Kind::kWriteFile, "", root + "/etc/group", "sandbox:x:" + gid + ":\n", 0, 0644});
  steps.push_back({Kind::kWriteFile, "", root + "/etc/hostname", "assay\n", 0, 0644});

  staged_directories.make(root + "/workspace");
  steps.push_back({Kind::kMountTmpfs, "", root + "/workspace",
                   tmpfs_size_options(limits.workspace_mb) + ",mode=0755", MS_NOSUID | MS_NODEV,
                   0});
  staged_directories.make(root + "/tmp");
  steps.push_back({Kind::kMountTmpfs, "", root + "/tmp",
                   tmpfs_size_options(limits.tmp_mb) + ",mode=1777", MS_NOSUID | MS_NODEV, 0});

  staged_directories.make(root + kOldRoot, 0700);
  steps.push_back({Kind::kPivotRoot, "", root, "", 0, 0});
  steps.push_back({Kind::kRemountRootReadOnly, "", "/", "", 0, 0});
  return steps;
}

namespace {

int write_all(int fd, const char* data, size_t size) {
  while (size > 0) {
    const ssize_t written = write(fd, data, size);
    if (written < 0) {
      if (errno == EINTR) continue;
      return -1;
    }
    data += written;
    size -= static_cast<size_t>(written);
  }
  return 0;
}

int make_directory(const char* path, mode_t mode) {
  if (mkdir(path, mode) == 0) return 0;
  if (errno != EEXIST) return -1;
  struct stat info {};
  return stat(path, &info) == 0 && S_ISDIR(info.st_mode) ? 0 : -1;
}

int pivot_into(const char* new_root) {
  if (chdir(new_root) != 0) return -1;
  if (syscall(SYS_pivot_root, ".", kOldRoot + 1) != 0) return -1;
  if (chdir("/") != 0) return -1;
  if (umount2(kOldRoot, MNT_DETACH) != 0) return -1;
  return rmdir(kOldRoot);
}

}  // namespace

int run_filesystem_step(const FilesystemStep& step) {
  const char* target = step.target.c_str();
  switch (step.kind) {
    case Kind::kMakePrivate:
      return mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr);
    case Kind::kMountTmpfs:
      return mount("tmpfs", target, "tmpfs", step.flags, step.data.c_str());
    case Kind::kMakeDirectory:
      return make_directory(target, step.mode);
    case Kind::kBindReadOnly:
      // Not MS_REC: a mount below the source would stay writable (only the top one is
      // remounted read-only), so it is left out.
      if (mount(step.source.c_str(), target, nullptr, MS_BIND, nullptr) != 0) return -1;
      return mount(nullptr, target, nullptr,
                   MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV | step.flags, nullptr);
    case Kind::kBindDevice:
      return mount(step.source.c_str(), target, nullptr, MS_BIND, nullptr);
    case Kind::kMountProc:
      return mount("proc", target, "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, nullptr);
    case Kind::kSymlink:
      return symlink(step.data.c_str(), target);
    case Kind::kWriteFile: {
      const int fd = open(target, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, step.mode);
      if (fd < 0) return -1;
      const int written = write_all(fd, step.data.data(), step.data.size());
      const int saved = errno;
      if (close(fd) != 0 || written != 0) {
        errno = written != 0 ? saved : errno;
        return -1;
      }
      return fchmodat(AT_FDCWD, target, step.mode, 0);  // not narrowed by the umask
    }
    case Kind::kPivotRoot:
      return pivot_into(target);
    case Kind::kRemountRootReadOnly:
      return mount(nullptr, "/", nullptr, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV,
                   nullptr);
  }
  errno = EINVAL;
  return -1;
}

const char* describe_step(FilesystemStep::Kind kind) {
  switch (kind) {
    case Kind::kMakePrivate:
      return "make mounts private";
    case Kind::kMountTmpfs:
      return "mount tmpfs";
    case Kind::kMakeDirectory:
      return "make directory";
    case Kind::kBindReadOnly:
      return "bind read-only";
    case Kind::kBindDevice:
      return "bind device";
    case Kind::kMountProc:
      return "mount proc";
    case Kind::kSymlink:
      return "make symlink";
    case Kind::kWriteFile:
      return "write file";
    case Kind::kPivotRoot:
      return "pivot root";
    case Kind::kRemountRootReadOnly:
      return "remount root read-only";
  }
  return "step";
}

}  // namespace assay::sandbox
