#include "sandboxes/runtime/job_area.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <set>
#include <string_view>

namespace assay::sandbox {
namespace {

constexpr size_t kMaxPathBytes = 4096;

// A bump allocator over the area; every allocation is aligned for any of the Job's types.
class Arena {
 public:
  Arena(char* base, size_t capacity) : base_(base), capacity_(capacity) {}
  void* allocate(size_t bytes) {
    const size_t start = (used_ + alignof(std::max_align_t) - 1) & ~(alignof(std::max_align_t) - 1);
    if (start + bytes > capacity_ || start + bytes < start) return nullptr;
    used_ = start + bytes;
    return base_ + start;
  }
  template <typename T>
  T* allocate_array(size_t count) {
    return static_cast<T*>(allocate(sizeof(T) * (count == 0 ? 1 : count)));
  }
  char* copy(std::string_view text) {
    char* target = static_cast<char*>(allocate(text.size() + 1));
    if (target == nullptr) return nullptr;
    std::memcpy(target, text.data(), text.size());
    target[text.size()] = '\0';
    return target;
  }

 private:
  char* base_;
  size_t capacity_;
  size_t used_ = 0;
};

Status too_large() {
  return Status::error("request_too_large", "the run's files and arguments do not fit its job area");
}

// Null-terminated array of copies of `strings`, or nullptr when out of room.
char** copy_strings(Arena& arena, const std::vector<std::string>& strings) {
  char** array = arena.allocate_array<char*>(strings.size() + 1);
  if (array == nullptr) return nullptr;
  for (size_t i = 0; i < strings.size(); ++i) {
    array[i] = arena.copy(strings[i]);
    if (array[i] == nullptr) return nullptr;
  }
  array[strings.size()] = nullptr;
  return array;
}

Status check_path(const std::string& path) {
  const auto invalid = [&](const char* why) {
    return Status::error("request_invalid", "workspace file '" + path + "' " + why);
  };
  if (path.empty()) return invalid("has an empty path");
  if (path.size() > kMaxPathBytes) return invalid("has a path longer than 4096 bytes");
  if (path.find('\0') != std::string::npos) return invalid("contains NUL");
  if (path.front() == '/') return invalid("must be relative to the workspace");
  size_t start = 0;
  while (start <= path.size()) {
    const size_t end = std::min(path.find('/', start), path.size());
    const std::string_view part = std::string_view(path).substr(start, end - start);
    if (part.empty()) return invalid("has an empty path component");
    if (part == "..") return invalid("may not contain '..'");
    start = end + 1;
  }
  return Status::ok();
}

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

int write_file(const JobFile& file) {
  const int fd = open(file.path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, file.mode);
  if (fd < 0) return -1;
  const int written = write_all(fd, file.content, file.size);
  const int saved = errno;
  close(fd);
  if (written != 0) {
    errno = saved;
    return -1;
  }
  return 0;
}

}  // namespace

Status check_workspace_files(const std::vector<WorkspaceFile>& files) {
  std::set<std::string_view> seen;
  for (const WorkspaceFile& file : files) {
    if (Status s = check_path(file.path); !s) return s;
    if (!seen.insert(file.path).second) {
      return Status::error("request_invalid", "workspace file '" + file.path + "' given twice");
    }
  }
  return Status::ok();
}

Result<JobArea> JobArea::create(size_t capacity) {
  void* base = mmap(nullptr, capacity, PROT_READ | PROT_WRITE,
                    MAP_SHARED | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (base == MAP_FAILED) {
    return Status::error("sandbox_setup_error",
                         std::string("mmap of the job area: ") + std::strerror(errno));
  }
  return JobArea(base, capacity);
}

JobArea::JobArea(JobArea&& other) noexcept
    : base_(std::exchange(other.base_, nullptr)), capacity_(std::exchange(other.capacity_, 0)) {}

JobArea& JobArea::operator=(JobArea&& other) noexcept {
  if (this != &other) {
    if (base_ != nullptr) munmap(base_, capacity_);
    base_ = std::exchange(other.base_, nullptr);
    capacity_ = std::exchange(other.capacity_, 0);
  }
  return *this;
}

JobArea::~JobArea() {
  if (base_ != nullptr) munmap(base_, capacity_);
}

Status JobArea::write(const JobSpec& spec) {
  if (Status s = check_workspace_files(spec.files); !s) return s;
  Arena arena(static_cast<char*>(base_), capacity_);
  Job* job = static_cast<Job*>(arena.allocate(sizeof(Job)));
  if (job == nullptr) return too_large();
  *job = Job{};

  job->argv = copy_strings(arena, spec.argv);
  job->envp = copy_strings(arena, spec.environment);
  char** executables = copy_strings(arena, spec.executables);
  if (job->argv == nullptr || job->envp == nullptr || executables == nullptr) return too_large();
  job->executables = executables;
  job->executable_count = spec.executables.size();

  // Directories first, each once, then the files.
  std::vector<std::string> directories;
  std::set<std::string> made;
  for (const WorkspaceFile& file : spec.files) {
    for (size_t slash = file.path.find('/'); slash != std::string::npos;
         slash = file.path.find('/', slash + 1)) {
      std::string directory = "/workspace/" + file.path.substr(0, slash);
      if (made.insert(directory).second) directories.push_back(std::move(directory));
    }
  }
  const size_t count = directories.size() + spec.files.size();
  JobFile* files = arena.allocate_array<JobFile>(count);
  if (files == nullptr) return too_large();
  for (size_t i = 0; i < directories.size(); ++i) {
    files[i] = JobFile{arena.copy(directories[i]), "", 0, 0755, true};
    if (files[i].path == nullptr) return too_large();
  }
  for (size_t i = 0; i < spec.files.size(); ++i) {
    const WorkspaceFile& file = spec.files[i];
    JobFile& entry = files[directories.size() + i];
    entry = JobFile{arena.copy("/workspace/" + file.path), arena.copy(file.content),
                    file.content.size(), static_cast<mode_t>(file.executable ? 0755 : 0644),
                    false};
    if (entry.path == nullptr || entry.content == nullptr) return too_large();
  }
  job->files = files;
  job->file_count = count;

  RlimitSetting* rlimits = arena.allocate_array<RlimitSetting>(spec.rlimits.size());
  if (rlimits == nullptr) return too_large();
  std::copy(spec.rlimits.begin(), spec.rlimits.end(), rlimits);
  job->rlimits = rlimits;
  job->rlimit_count = spec.rlimits.size();

  job->workspace_options =
      spec.workspace_options.empty() ? nullptr : arena.copy(spec.workspace_options);
  job->tmp_options = spec.tmp_options.empty() ? nullptr : arena.copy(spec.tmp_options);
  if ((!spec.workspace_options.empty() && job->workspace_options == nullptr) ||
      (!spec.tmp_options.empty() && job->tmp_options == nullptr)) {
    return too_large();
  }
  return Status::ok();
}

int apply_job_files(const Job& job) {
  constexpr unsigned long kRemount = MS_REMOUNT | MS_NOSUID | MS_NODEV;
  if (job.workspace_options != nullptr &&
      mount(nullptr, "/workspace", nullptr, kRemount, job.workspace_options) != 0) {
    return -1;
  }
  if (job.tmp_options != nullptr && mount(nullptr, "/tmp", nullptr, kRemount, job.tmp_options) != 0) {
    return -1;
  }
  for (size_t i = 0; i < job.file_count; ++i) {
    const JobFile& file = job.files[i];
    if (file.directory ? mkdir(file.path, file.mode) : write_file(file)) return -1;
    // Not narrowed by the umask: an executable artefact stays executable.
    if (chmod(file.path, file.mode) != 0) return -1;
  }
  return 0;
}

}  // namespace assay::sandbox
