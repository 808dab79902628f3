// Test support: running assay's own binaries as child processes (the CLI, assayd) and talking
// to them through pipes. Tests only; the product launches untrusted code through
// sandboxes/runtime/ and its own trusted children through Boost.Process.
#pragma once

#include <sys/types.h>

#include <string>
#include <string_view>
#include <vector>

namespace assay::testing {

// Path of a program built in this tree, e.g. binary("assay").
std::string binary(std::string_view name);
std::string source_path(std::string_view relative);

struct ProcessOutput {
  int exit_code = -1;  // -signal when killed by a signal
  std::string out;
  std::string err;
};

// Runs argv to completion with `input` on stdin, in `cwd` when given. Kills it after
// timeout_ms and reports exit_code -SIGKILL.
ProcessOutput run_process(const std::vector<std::string>& argv, std::string_view input = {},
                          const std::string& cwd = {}, int timeout_ms = 60000);

// A long-running child (assayd): stdout is readable line by line; killed when destroyed.
class BackgroundProcess {
 public:
  explicit BackgroundProcess(const std::vector<std::string>& argv);
  ~BackgroundProcess();
  BackgroundProcess(const BackgroundProcess&) = delete;
  BackgroundProcess& operator=(const BackgroundProcess&) = delete;

  // The next line of stdout without its newline; empty on timeout or end of output.
  std::string read_line(int timeout_ms);
  void send_signal(int signal);
  // Exit code, -signal, or -1000 on timeout.
  int wait(int timeout_ms);
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
  int stdout_fd_ = -1;
  std::string buffer_;
  bool exited_ = false;
  int status_ = 0;
};

}  // namespace assay::testing
