// Helpers for the CLI tests: a scratch directory that is the current directory while it lives,
// running `assay` in-process with captured streams, and a running assayd for server mode.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "src/core/registry.h"
#include "tests/support/child_process.h"

namespace assay::testing {

// The registry the `assay` program builds (make_registry()).
const Registry& product_registry();

struct CommandOutput {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// run_assay() with `args` (the words after "assay") and `input` on stdin.
CommandOutput run_assay_in_process(const std::vector<std::string>& args,
                                   std::string_view input = {},
                                   const Registry& registry = product_registry());

// A fresh directory under the system's temp directory; the current directory until destroyed,
// when the previous one is restored and the directory removed.
class ScratchDirectory {
 public:
  ScratchDirectory();
  ~ScratchDirectory();
  ScratchDirectory(const ScratchDirectory&) = delete;
  ScratchDirectory& operator=(const ScratchDirectory&) = delete;

  const std::filesystem::path& path() const { return path_; }
  // Writes `content` to `relative` (creating folders); returns its absolute path.
  std::string write(const std::string& relative, std::string_view content) const;

 private:
  std::filesystem::path previous_;
  std::filesystem::path path_;
};

// An assayd on a free port of 127.0.0.1, stopped when destroyed. Fails the test (REQUIRE) when
// it does not print its "assayd listening on" line within 10 s.
class RunningAssayd {
 public:
  RunningAssayd();
  const std::string& url() const { return url_; }  // "http://127.0.0.1:PORT"

 private:
  BackgroundProcess process_;
  std::string url_;
};

// "http://127.0.0.1:PORT" for a port nothing listens on (bound, then released).
std::string unreachable_server_url();

}  // namespace assay::testing
