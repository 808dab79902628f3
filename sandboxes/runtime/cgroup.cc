#include "sandboxes/runtime/cgroup.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

// The pidfd system calls have the same number on every architecture; older headers lack them.
#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif
#ifndef SYS_pidfd_send_signal
#define SYS_pidfd_send_signal 424
#endif

namespace assay::sandbox {
namespace {

using Clock = std::chrono::steady_clock;

constexpr char kSetupError[] = "sandbox_setup_error";
constexpr char kParentName[] = "assay";
constexpr char kSupervisorLeafName[] = "assay-supervisor";
constexpr auto kKillTimeout = std::chrono::seconds(1);
// A killed process leaves its cgroup a few milliseconds after it dies; rmdir says EBUSY until.
constexpr auto kRemoveTimeout = std::chrono::seconds(1);
constexpr auto kFirstPause = std::chrono::microseconds(50);
constexpr auto kLongestPause = std::chrono::milliseconds(5);

Status setup_error(const std::string& action, const std::string& path, int error_number) {
  return Status::error(kSetupError, action + " " + path + ": " + std::strerror(error_number));
}

// Sleeps for *pause and doubles it up to kLongestPause: short waits stay short, long ones cheap.
void back_off(std::chrono::microseconds* pause) {
  std::this_thread::sleep_for(*pause);
  *pause = std::min<std::chrono::microseconds>(*pause * 2, kLongestPause);
}

// Reads a small file whole. Returns false with errno set on failure.
bool read_file(const std::string& path, std::string* text) {
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  text->clear();
  char buffer[4096];
  for (;;) {
    const ssize_t n = read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int saved = errno;
      close(fd);
      errno = saved;
      return false;
    }
    if (n == 0) break;
    text->append(buffer, static_cast<size_t>(n));
  }
  close(fd);
  return true;
}

// Writes `text` with a single write(), as cgroup control files require. Never creates the file:
// a control file the kernel does not provide reports ENOENT. Returns 0 or the errno.
int write_file(const std::string& path, std::string_view text) {
  const int fd = open(path.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) return errno;
  ssize_t written;
  do {
    written = write(fd, text.data(), text.size());
  } while (written < 0 && errno == EINTR);
  const int saved = errno;
  close(fd);
  if (written < 0) return saved;
  return written == static_cast<ssize_t>(text.size()) ? 0 : EIO;
}

std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  for (;;) {
    const size_t end = text.find(separator, start);
    if (end == std::string_view::npos) {
      parts.push_back(text.substr(start));
      return parts;
    }
    parts.push_back(text.substr(start, end - start));
    start = end + 1;
  }
}

std::vector<std::string_view> words(std::string_view text) {
  std::vector<std::string_view> result;
  for (std::string_view word : split(text, ' ')) {
    while (!word.empty() && (word.back() == '\n' || word.back() == '\t')) word.remove_suffix(1);
    if (!word.empty()) result.push_back(word);
  }
  return result;
}

template <typename Container>
bool contains(const Container& items, std::string_view wanted) {
  return std::find(items.begin(), items.end(), wanted) != items.end();
}

std::optional<long> parse_long(std::string_view text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.remove_suffix(1);
  long value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

// A file holding one number (memory.peak, pids.peak, ...), or -1 when absent or not a number.
long read_number(const std::string& path) {
  std::string text;
  if (!read_file(path, &text)) return -1;
  return parse_long(text).value_or(-1);
}

// The value of `key` in a flat-keyed file of "key value" lines (memory.events, cpu.stat, ...),
// or -1 when the file or the key is absent.
long read_keyed_number(const std::string& path, std::string_view key) {
  std::string text;
  if (!read_file(path, &text)) return -1;
  for (std::string_view line : split(text, '\n')) {
    const std::vector<std::string_view> fields = words(line);
    if (fields.size() == 2 && fields[0] == key) return parse_long(fields[1]).value_or(-1);
  }
  return -1;
}

// mountinfo escapes space, tab, newline and backslash in paths as \ooo (octal).
std::string unescape_mount_field(std::string_view field) {
  std::string out;
  for (size_t i = 0; i < field.size(); ++i) {
    if (field[i] == '\\' && i + 3 < field.size()) {
      const std::string_view digits = field.substr(i + 1, 3);
      if (std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '7'; })) {
        out.push_back(
            static_cast<char>((digits[0] - '0') * 64 + (digits[1] - '0') * 8 + (digits[2] - '0')));
        i += 3;
        continue;
      }
    }
    out.push_back(field[i]);
  }
  return out;
}

struct CgroupMount {
  std::string root;                        // the directory of the hierarchy shown at mount_point
  std::string mount_point;                 // without fs_root
  std::string fs_type;                     // "cgroup" (v1) or "cgroup2"
  std::vector<std::string> super_options;  // v1: the controllers, e.g. {"rw", "memory"}
};

// The cgroup and cgroup2 mounts in /proc/<pid>/mountinfo, whose lines read
// "id parent major:minor root mount_point options [optional...] - fs_type source super_options".
std::vector<CgroupMount> parse_mountinfo(const std::string& text) {
  std::vector<CgroupMount> mounts;
  for (std::string_view line : split(text, '\n')) {
    const std::vector<std::string_view> fields = words(line);
    const auto dash = std::find(fields.begin(), fields.end(), "-");
    if (fields.size() < 6 || dash == fields.end() || fields.end() - dash < 4) continue;
    if (dash[1] != "cgroup" && dash[1] != "cgroup2") continue;
    CgroupMount mount;
    mount.root = unescape_mount_field(fields[3]);
    mount.mount_point = unescape_mount_field(fields[4]);
    mount.fs_type = std::string(dash[1]);
    for (std::string_view option : split(dash[3], ',')) mount.super_options.emplace_back(option);
    mounts.push_back(std::move(mount));
  }
  return mounts;
}

struct CgroupMembership {
  std::string hierarchy_id;              // "0" for v2
  std::vector<std::string> controllers;  // v1: e.g. {"cpu", "cpuacct"}; v2: empty
  std::string path;                      // our cgroup, relative to the hierarchy's root
};

// /proc/<pid>/cgroup lines read "hierarchy-id:controller,list:path"; the path may hold colons.
std::vector<CgroupMembership> parse_proc_cgroup(const std::string& text) {
  std::vector<CgroupMembership> memberships;
  for (std::string_view line : split(text, '\n')) {
    const size_t first = line.find(':');
    const size_t second = first == std::string_view::npos ? first : line.find(':', first + 1);
    if (second == std::string_view::npos) continue;
    CgroupMembership membership;
    membership.hierarchy_id = std::string(line.substr(0, first));
    const std::string_view controllers = line.substr(first + 1, second - first - 1);
    if (!controllers.empty()) {
      for (std::string_view c : split(controllers, ',')) membership.controllers.emplace_back(c);
    }
    membership.path = std::string(line.substr(second + 1));
    memberships.push_back(std::move(membership));
  }
  return memberships;
}

// Where our cgroup `path` appears under `mount`: the mount shows the hierarchy from mount.root
// down, so a cgroup outside that subtree is not reachable through it.
std::optional<std::string> directory_in_mount(const CgroupMount& mount, const std::string& path,
                                              const std::string& fs_root) {
  if (path.empty() || path[0] != '/') return std::nullopt;
  std::string relative;
  if (mount.root == "/") {
    relative = path;
  } else if (path == mount.root) {
    relative = "";
  } else if (path.compare(0, mount.root.size() + 1, mount.root + "/") == 0) {
    relative = path.substr(mount.root.size());
  } else {
    return std::nullopt;
  }
  if (relative == "/") relative.clear();
  return fs_root + mount.mount_point + relative;
}

// Creates `dir` unless it exists, and checks that we may create cgroups in it. Returns an empty
// string, or why not. mkdir reports EEXIST before it checks permissions, so an existing parent
// that root made still has to pass access(); access() also sees a read-only mount.
std::string ensure_writable_directory(const std::string& dir) {
  if (mkdir(dir.c_str(), 0755) != 0 && errno != EEXIST) {
    return "cannot create " + dir + ": " + std::strerror(errno);
  }
  if (access(dir.c_str(), W_OK | X_OK) != 0) {
    return "cannot write " + dir + ": " + std::strerror(errno);
  }
  return "";
}

std::string join(const std::vector<std::string>& items, const char* separator) {
  std::string out;
  for (const std::string& item : items) {
    if (!out.empty()) out += separator;
    out += item;
  }
  return out;
}

struct V2Detection {
  std::string parent;   // our cgroup's `assay` directory, when usable
  std::string note;     // what detection changed, for the description
  std::string failure;  // why v2 is unusable
};

V2Detection detect_v2(const std::vector<CgroupMount>& mounts,
                      const std::vector<CgroupMembership>& memberships,
                      const std::string& fs_root) {
  V2Detection result;
  const auto membership = std::find_if(memberships.begin(), memberships.end(),
                                       [](const auto& m) { return m.hierarchy_id == "0"; });
  if (membership == memberships.end()) {
    result.failure = "not in a cgroup v2 hierarchy";
    return result;
  }
  std::optional<std::string> ours;
  for (const CgroupMount& mount : mounts) {
    if (mount.fs_type == "cgroup2" &&
        (ours = directory_in_mount(mount, membership->path, fs_root))) {
      break;
    }
  }
  if (!ours) {
    result.failure = "no cgroup2 mount shows our cgroup " + membership->path;
    return result;
  }
  std::string controllers;
  if (!read_file(*ours + "/cgroup.controllers", &controllers)) {
    result.failure = "cannot read " + *ours + "/cgroup.controllers: " + std::strerror(errno);
    return result;
  }
  const std::vector<std::string_view> offered = words(controllers);
  if (!contains(offered, "memory") || !contains(offered, "pids")) {
    std::vector<std::string> names(offered.begin(), offered.end());
    result.failure = *ours + " offers controllers (" + join(names, " ") + "), not memory and pids";
    return result;
  }
  const std::string parent = *ours + "/" + kParentName;
  if (std::string why = ensure_writable_directory(parent); !why.empty()) {
    result.failure = why;
    return result;
  }

  // Our cgroup's children (the `assay` parent) get memory and pids only once our cgroup's
  // subtree_control enables them, which the kernel refuses (EBUSY) while our cgroup holds
  // processes, unless it is the root. Then assayd moves into a leaf of its own and tries again.
  const std::string subtree_control = *ours + "/cgroup.subtree_control";
  std::string enabled;
  if (!read_file(subtree_control, &enabled)) enabled.clear();
  const std::vector<std::string_view> enabled_words = words(enabled);
  if (!contains(enabled_words, "memory") || !contains(enabled_words, "pids")) {
    int error = write_file(subtree_control, "+memory +pids");
    if (error == EBUSY) {
      const std::string leaf = *ours + "/" + kSupervisorLeafName;
      if (std::string why = ensure_writable_directory(leaf); !why.empty()) {
        result.failure = "our cgroup " + *ours + " holds processes and " + why;
        return result;
      }
      const std::string self = std::to_string(getpid());
      if (int moved = write_file(leaf + "/cgroup.procs", self); moved != 0) {
        rmdir(leaf.c_str());
        result.failure = "our cgroup " + *ours + " holds processes and moving assayd into " + leaf +
                         " failed: " + std::strerror(moved);
        return result;
      }
      error = write_file(subtree_control, "+memory +pids");
      if (error != 0) {
        // Other processes share our cgroup; they are not ours to move. Undo our own move.
        if (write_file(*ours + "/cgroup.procs", self) == 0) rmdir(leaf.c_str());
        result.failure = "our cgroup " + *ours +
                         " holds other processes, so v2 cannot enable controllers for its "
                         "children (" +
                         std::strerror(error) +
                         "); run assayd in a cgroup of its own (systemd: Delegate=yes)";
        return result;
      }
      result.note = "; assayd moved into " + leaf + " (v2 allows no processes in a cgroup " +
                    "whose children have controllers)";
    } else if (error != 0) {
      result.failure =
          "cannot enable memory and pids in " + subtree_control + ": " + std::strerror(error);
      return result;
    }
  }
  if (int error = write_file(parent + "/cgroup.subtree_control", "+memory +pids"); error != 0) {
    result.failure = "cannot enable memory and pids in " + parent +
                     "/cgroup.subtree_control: " + std::strerror(error);
    return result;
  }
  result.parent = parent;
  return result;
}

struct V1Detection {
  std::string parent;   // the `assay` directory beneath our cgroup in the hierarchy
  std::string failure;  // why the controller is unusable
};

V1Detection detect_v1_controller(const char* controller, const std::vector<CgroupMount>& mounts,
                                 const std::vector<CgroupMembership>& memberships,
                                 const std::string& fs_root) {
  V1Detection result;
  const auto membership =
      std::find_if(memberships.begin(), memberships.end(), [&](const CgroupMembership& m) {
        return m.hierarchy_id != "0" && contains(m.controllers, controller);
      });
  if (membership == memberships.end()) {
    result.failure = std::string(controller) + " is not a cgroup v1 hierarchy we belong to";
    return result;
  }
  std::optional<std::string> ours;
  for (const CgroupMount& mount : mounts) {
    if (mount.fs_type == "cgroup" && contains(mount.super_options, controller) &&
        (ours = directory_in_mount(mount, membership->path, fs_root))) {
      break;
    }
  }
  if (!ours) {
    result.failure = "no cgroup v1 mount of " + std::string(controller) + " shows our cgroup " +
                     membership->path;
    return result;
  }
  const std::string parent = *ours + "/" + kParentName;
  result.failure = ensure_writable_directory(parent);
  if (result.failure.empty()) result.parent = parent;
  return result;
}

bool is_valid_run_id(const std::string& run_id) {
  if (run_id.empty() || run_id.size() > 64) return false;
  return std::all_of(run_id.begin(), run_id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-';
  });
}

// Makes a run's directory. Should someone have removed the shared parent since detection,
// it is made again (with its controllers under v2) and the run's directory retried once.
Status make_run_directory(const std::string& dir, bool v2) {
  if (mkdir(dir.c_str(), 0755) == 0) return Status::ok();
  if (errno == EEXIST) {
    return Status::error(kSetupError, "mkdir " + dir + ": " + std::strerror(EEXIST) +
                                          " (run ids must be unique among live runs)");
  }
  if (errno != ENOENT) return setup_error("mkdir", dir, errno);
  const std::string parent = dir.substr(0, dir.rfind('/'));
  if (mkdir(parent.c_str(), 0755) != 0 && errno != EEXIST)
    return setup_error("mkdir", parent, errno);
  if (v2) {
    const std::string control = parent + "/cgroup.subtree_control";
    if (int error = write_file(control, "+memory +pids"); error != 0) {
      return setup_error("write", control, error);
    }
  }
  if (mkdir(dir.c_str(), 0755) != 0) return setup_error("mkdir", dir, errno);
  return Status::ok();
}

// Writes a control file the run needs; a missing one is an error.
Status write_required(const std::string& dir, const char* name, const std::string& value) {
  const std::string path = dir + "/" + name;
  if (int error = write_file(path, value); error != 0) return setup_error("write", path, error);
  return Status::ok();
}

// Writes a control file only some kernels or configurations provide (swap accounting, newer
// knobs); its absence is fine, a failed write is not.
Status write_if_present(const std::string& dir, const char* name, const std::string& value) {
  const std::string path = dir + "/" + name;
  const int error = write_file(path, value);
  if (error != 0 && error != ENOENT) return setup_error("write", path, error);
  return Status::ok();
}

}  // namespace

CgroupHost CgroupHost::detect() { return detect_at("/proc/self", ""); }

CgroupHost CgroupHost::detect_at(const std::string& proc_self_dir, const std::string& fs_root) {
  CgroupHost host;
  std::string mountinfo_text;
  std::string cgroup_text;
  if (!read_file(proc_self_dir + "/mountinfo", &mountinfo_text)) {
    host.description_ =
        "no usable cgroup: cannot read " + proc_self_dir + "/mountinfo: " + std::strerror(errno);
    return host;
  }
  if (!read_file(proc_self_dir + "/cgroup", &cgroup_text)) {
    host.description_ =
        "no usable cgroup: cannot read " + proc_self_dir + "/cgroup: " + std::strerror(errno);
    return host;
  }
  const std::vector<CgroupMount> mounts = parse_mountinfo(mountinfo_text);
  const std::vector<CgroupMembership> memberships = parse_proc_cgroup(cgroup_text);

  const V2Detection v2 = detect_v2(mounts, memberships, fs_root);
  if (v2.failure.empty()) {
    host.version_ = CgroupVersion::kV2;
    host.memory_parent_ = host.pids_parent_ = host.cpu_parent_ = v2.parent;
    host.description_ = "cgroup v2 (memory, pids, cpu.stat) under " + v2.parent + v2.note;
    return host;
  }

  const V1Detection memory = detect_v1_controller("memory", mounts, memberships, fs_root);
  const V1Detection pids = detect_v1_controller("pids", mounts, memberships, fs_root);
  if (!memory.failure.empty() || !pids.failure.empty()) {
    std::vector<std::string> failures = {memory.failure, pids.failure};
    failures.erase(std::remove(failures.begin(), failures.end(), ""), failures.end());
    host.description_ = "no usable cgroup: v2: " + v2.failure + "; v1: " + join(failures, "; ");
    return host;
  }
  // CPU time is a bonus: without cpuacct the runtime reports the rusage of its child instead.
  const V1Detection cpu = detect_v1_controller("cpuacct", mounts, memberships, fs_root);
  host.version_ = CgroupVersion::kV1;
  host.memory_parent_ = memory.parent;
  host.pids_parent_ = pids.parent;
  host.cpu_parent_ = cpu.parent;
  std::vector<std::string> parents = {memory.parent};
  for (const std::string& parent : {pids.parent, cpu.parent}) {
    if (!parent.empty() && !contains(parents, parent)) parents.push_back(parent);
  }
  host.description_ = std::string("cgroup v1 (memory, pids") +
                      (cpu.parent.empty() ? "" : ", cpuacct") + ") under " + join(parents, ", ") +
                      "; v2 not used: " + v2.failure;
  return host;
}

Result<RunCgroup> CgroupHost::create(const std::string& run_id,
                                     const ResourceLimits& limits) const {
  if (!is_valid_run_id(run_id)) {
    return Status::error(kSetupError, "invalid cgroup run id '" + run_id.substr(0, 64) +
                                          "': expected 1 to 64 of [A-Za-z0-9_-]");
  }
  if (limits.memory_mb <= 0 || limits.max_processes <= 0) {
    return Status::error(kSetupError, "cgroup limits must be positive: memory_mb " +
                                          std::to_string(limits.memory_mb) + ", max_processes " +
                                          std::to_string(limits.max_processes));
  }
  if (!available()) return Status::error(kSetupError, description_);

  const bool v2 = version_ == CgroupVersion::kV2;
  RunCgroup run(v2, memory_parent_ + "/" + run_id, pids_parent_ + "/" + run_id,
                cpu_parent_.empty() ? "" : cpu_parent_ + "/" + run_id);
  // On any failure below, `run` goes out of scope and removes what was made.
  for (const std::string* dir : {&run.memory_dir_, &run.pids_dir_, &run.cpu_dir_}) {
    if (dir->empty() || contains(run.dirs_, *dir)) continue;
    if (Status made = make_run_directory(*dir, v2); !made) return made;
    run.dirs_.push_back(*dir);
  }

  if (Status s = run.set_limits(limits); !s) return s;
  return run;
}

RunCgroup::RunCgroup(bool v2, std::string memory_dir, std::string pids_dir, std::string cpu_dir)
    : v2_(v2),
      memory_dir_(std::move(memory_dir)),
      pids_dir_(std::move(pids_dir)),
      cpu_dir_(std::move(cpu_dir)) {}

RunCgroup::RunCgroup(RunCgroup&& other) noexcept
    : v2_(other.v2_),
      memory_dir_(std::move(other.memory_dir_)),
      pids_dir_(std::move(other.pids_dir_)),
      cpu_dir_(std::move(other.cpu_dir_)),
      dirs_(std::move(other.dirs_)) {
  other.dirs_.clear();
}

RunCgroup& RunCgroup::operator=(RunCgroup&& other) noexcept {
  if (this != &other) {
    (void)remove();
    v2_ = other.v2_;
    memory_dir_ = std::move(other.memory_dir_);
    pids_dir_ = std::move(other.pids_dir_);
    cpu_dir_ = std::move(other.cpu_dir_);
    dirs_ = std::move(other.dirs_);
    other.dirs_.clear();
  }
  return *this;
}

RunCgroup::~RunCgroup() { (void)remove(); }

Status RunCgroup::set_limits(const ResourceLimits& limits) {
  if (dirs_.empty()) return Status::error(kSetupError, "the run's cgroup was removed");
  const std::string memory_bytes = std::to_string(int64_t{limits.memory_mb} * 1024 * 1024);
  const std::string max_processes = std::to_string(limits.max_processes);
  if (v2_) {
    if (Status s = write_required(memory_dir_, "memory.max", memory_bytes); !s) return s;
    if (Status s = write_if_present(memory_dir_, "memory.swap.max", "0"); !s) return s;
    // A run is one unit: an OOM kill ends all of it rather than leaving half a run behind.
    if (Status s = write_if_present(memory_dir_, "memory.oom.group", "1"); !s) return s;
  } else {
    // The kernel keeps memsw >= limit: raising needs memsw first, lowering needs the limit
    // first. Try the limit, set memsw, and set the limit again if it was refused.
    Status limit = write_required(memory_dir_, "memory.limit_in_bytes", memory_bytes);
    if (Status s = write_if_present(memory_dir_, "memory.memsw.limit_in_bytes", memory_bytes); !s) {
      return s;
    }
    if (!limit) limit = write_required(memory_dir_, "memory.limit_in_bytes", memory_bytes);
    if (!limit) return limit;
  }
  return write_required(pids_dir_, "pids.max", max_processes);
}

Status RunCgroup::add_process(pid_t pid) {
  // Writing 0 would move the writer, assayd itself, into the run.
  if (pid <= 0) return Status::error(kSetupError, "cannot add pid " + std::to_string(pid));
  if (dirs_.empty()) return Status::error(kSetupError, "the run's cgroup was removed");
  const std::string text = std::to_string(pid);
  for (const std::string& dir : dirs_) {
    const std::string procs = dir + "/cgroup.procs";
    if (int error = write_file(procs, text); error != 0) return setup_error("write", procs, error);
  }
  return Status::ok();
}

CgroupUsage RunCgroup::usage() const {
  CgroupUsage usage;
  if (dirs_.empty()) return usage;
  long peak_bytes;
  if (v2_) {
    peak_bytes = read_number(memory_dir_ + "/memory.peak");  // Linux 5.19+
    if (peak_bytes < 0) peak_bytes = read_number(memory_dir_ + "/memory.current");
    usage.oom_kill_count = read_keyed_number(memory_dir_ + "/memory.events", "oom_kill");
    usage.memory_limit_hits = read_keyed_number(memory_dir_ + "/memory.events", "max");
    const long cpu_usec = read_keyed_number(cpu_dir_ + "/cpu.stat", "usage_usec");
    if (cpu_usec >= 0) usage.cpu_ms = cpu_usec / 1000.0;
  } else {
    peak_bytes = read_number(memory_dir_ + "/memory.max_usage_in_bytes");
    usage.oom_kill_count = read_keyed_number(memory_dir_ + "/memory.oom_control", "oom_kill");
    usage.memory_limit_hits = read_number(memory_dir_ + "/memory.failcnt");
    if (!cpu_dir_.empty()) {
      const long cpu_ns = read_number(cpu_dir_ + "/cpuacct.usage");
      if (cpu_ns >= 0) usage.cpu_ms = cpu_ns / 1e6;
    }
  }
  if (peak_bytes >= 0) usage.peak_memory_kb = peak_bytes / 1024;
  usage.oom_killed = usage.oom_kill_count > 0;
  usage.pids_peak = read_number(pids_dir_ + "/pids.peak");
  usage.pids_limit_hits = read_keyed_number(pids_dir_ + "/pids.events", "max");
  return usage;
}

namespace {

// The processes listed in any of `dirs`' cgroup.procs, sorted. Leaves out 0 (a process in a pid
// namespace we cannot see, and kill(0) would signal our own process group) and ourselves.
std::vector<pid_t> list_processes(const std::vector<std::string>& dirs) {
  std::vector<pid_t> pids;
  const pid_t self = getpid();
  std::string text;
  for (const std::string& dir : dirs) {
    if (!read_file(dir + "/cgroup.procs", &text)) continue;
    for (std::string_view line : split(text, '\n')) {
      const std::optional<long> pid = parse_long(line);
      if (pid && *pid > 0 && *pid != self) pids.push_back(static_cast<pid_t>(*pid));
    }
  }
  std::sort(pids.begin(), pids.end());
  pids.erase(std::unique(pids.begin(), pids.end()), pids.end());
  return pids;
}

// SIGKILLs the processes in `listed` that are still in the cgroup. A pid read from cgroup.procs
// may be recycled by an unrelated process before the signal; so each is pinned with a pidfd
// first, then the list is read again: a pid still listed belongs to the pinned process, or the
// pinned process is dead and the signal goes nowhere.
void kill_listed(const std::vector<pid_t>& listed, const std::vector<std::string>& dirs) {
  std::vector<std::pair<pid_t, int>> pinned;
  bool have_pidfd = true;
  for (pid_t pid : listed) {
    const int fd = static_cast<int>(syscall(SYS_pidfd_open, pid, 0));
    if (fd >= 0) {
      pinned.emplace_back(pid, fd);
    } else if (errno == ENOSYS) {
      have_pidfd = false;  // Linux before 5.3: plain kill() after the second listing
      pinned.emplace_back(pid, -1);
    }
  }
  const std::vector<pid_t> still_listed = list_processes(dirs);
  for (const auto& [pid, fd] : pinned) {
    if (std::binary_search(still_listed.begin(), still_listed.end(), pid)) {
      if (fd >= 0) {
        syscall(SYS_pidfd_send_signal, fd, SIGKILL, nullptr, 0);
      } else if (!have_pidfd) {
        kill(pid, SIGKILL);
      }
    }
    if (fd >= 0) close(fd);
  }
}

}  // namespace

void RunCgroup::kill_all() {
  if (dirs_.empty()) return;
  const Clock::time_point deadline = Clock::now() + kKillTimeout;
  // cgroup.kill (Linux 5.14+) kills the whole cgroup at once, forks in flight included.
  bool kernel_killed = v2_ && write_file(memory_dir_ + "/cgroup.kill", "1") == 0;
  std::chrono::microseconds pause = kFirstPause;
  for (;;) {
    const std::vector<pid_t> listed = list_processes(dirs_);
    if (listed.empty()) return;
    if (!kernel_killed) kill_listed(listed, dirs_);
    kernel_killed = false;  // a process still listed next round is signalled directly
    if (Clock::now() >= deadline) return;
    back_off(&pause);
  }
}

Status RunCgroup::remove() {
  if (dirs_.empty()) return Status::ok();
  kill_all();
  const Clock::time_point deadline = Clock::now() + kRemoveTimeout;
  Status first_failure = Status::ok();
  std::vector<std::string> left;
  // Children before parents would matter only for nested cgroups; reverse order is the habit.
  for (auto dir = dirs_.rbegin(); dir != dirs_.rend(); ++dir) {
    std::chrono::microseconds pause = kFirstPause;
    int error = 0;
    while (rmdir(dir->c_str()) != 0) {
      error = errno;
      if (error == ENOENT) {
        error = 0;
        break;
      }
      if (error != EBUSY || Clock::now() >= deadline) break;
      back_off(&pause);
      error = 0;
    }
    if (error != 0) {
      left.insert(left.begin(), *dir);
      if (first_failure) first_failure = setup_error("rmdir", *dir, error);
    }
  }
  dirs_ = std::move(left);
  return first_failure;
}

}  // namespace assay::sandbox
