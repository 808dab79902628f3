// assay-rego-harness: runs one Rego job inside the `rego` sandbox profile. Reads the job (JSON)
// on stdin, writes the result (JSON) on stdout, exits 0; see rego_harness.h for both shapes.
// Exit 2 only when stdin is larger than the harness reads (the answer says so on stdout too).
#include <cstdio>
#include <string>

#include "sandboxes/harness/rego_harness.h"

namespace {

constexpr size_t kMaxJobBytes = size_t{64} << 20;

}  // namespace

int main() {
  std::string job;
  char buffer[65536];
  size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, stdin)) > 0) {
    if (job.size() + n > kMaxJobBytes) {
      std::fputs(
          "{\"job_error\":{\"code\":\"harness_job_invalid\",\"message\":\"the job is larger than "
          "64 MiB\"}}\n",
          stdout);
      return 2;
    }
    job.append(buffer, n);
  }
  const std::string result = assay::harness::run_rego_job(job);
  std::fwrite(result.data(), 1, result.size(), stdout);
  std::fputc('\n', stdout);
  return std::fflush(stdout) == 0 ? 0 : 1;
}
