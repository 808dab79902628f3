// The job: everything about a run that a prepared child learns only when the run starts — the
// command, its environment, the workspace files, the rlimits, the tmpfs sizes.
//
// A child is prepared (namespaces, filesystem) before its run is known, and may not allocate
// memory once cloned. So the parent lays the job out in a JobArea: shared memory mapped before
// clone(), at the same address in both processes, holding a Job whose pointers the child can
// follow as they are. The command's exec() drops the mapping; only the run's init keeps it.
// Move-only; one JobArea belongs to one child.
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <string>
#include <vector>

#include "sandboxes/runtime/filesystem_plan.h"
#include "sandboxes/runtime/rlimits.h"
#include "src/core/status.h"

namespace assay::sandbox {

struct JobFile {
  const char* path;  // absolute, under /workspace
  const char* content;
  size_t size;
  mode_t mode;
  bool directory;  // make the directory (the parents of files come first)
};

struct Job {
  char* const* argv;
  char* const* envp;
  const char* const* executables;  // candidate paths for argv[0], in PATH order
  size_t executable_count;
  const JobFile* files;
  size_t file_count;
  const RlimitSetting* rlimits;
  size_t rlimit_count;
  const char* workspace_options;  // tmpfs remount options ("size=64m"), or nullptr to keep
  const char* tmp_options;
};

struct JobSpec {
  std::vector<std::string> argv;
  std::vector<std::string> environment;  // NAME=value
  std::vector<std::string> executables;
  std::vector<WorkspaceFile> files;
  std::vector<RlimitSetting> rlimits;
  std::string workspace_options;  // empty: keep the size the child was prepared with
  std::string tmp_options;
  std::string stdin_data;  // not in the area: written to the child's stdin file
};

// request_invalid for a workspace path that is absolute, empty, contains "..", NUL or an empty
// component, is longer than 4096 bytes, or is given twice.
Status check_workspace_files(const std::vector<WorkspaceFile>& files);

class JobArea {
 public:
  // Maps `capacity` bytes (reserved, not committed). Errors: sandbox_setup_error.
  static Result<JobArea> create(size_t capacity);
  JobArea(JobArea&& other) noexcept;
  JobArea& operator=(JobArea&& other) noexcept;
  JobArea(const JobArea&) = delete;
  JobArea& operator=(const JobArea&) = delete;
  ~JobArea();

  // Lays out `spec` at the start of the area (the Job first). Errors: request_too_large when it
  // does not fit the capacity; request_invalid for bad workspace paths (check_workspace_files).
  Status write(const JobSpec& spec);

  // The job, at the area's first byte: where the child reads it.
  const Job* job() const { return static_cast<const Job*>(base_); }
  size_t capacity() const { return capacity_; }

 private:
  JobArea(void* base, size_t capacity) : base_(base), capacity_(capacity) {}
  void* base_ = nullptr;
  size_t capacity_ = 0;
};

// Async-signal-safe, for the child: remounts the tmpfs sizes and writes the workspace files.
// Returns 0, or -1 with errno set.
int apply_job_files(const Job& job);

}  // namespace assay::sandbox
