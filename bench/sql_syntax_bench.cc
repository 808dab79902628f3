// make bench, part 1: SQL syntax validation, assay against sqlfluff, on the same file.
//
// Prints the median of repeated runs of
//   (a) assay's in-process SQL validation (the pipeline with libpg_query), per file;
//   (b) the whole `assay validate --kind sql -` process, per file;
//   (c) `sqlfluff parse --dialect postgres FILE` (Debian's sqlfluff), per file;
// and the ratios (c)/(a) and (c)/(b). All three are measured here, in the same run.
//
// usage: sql_syntax_bench ASSAY_BINARY SQL_FILE [COPIES]
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "src/core/pipeline.h"
#include "validators/validator_table.h"

extern char** environ;

namespace {

using Clock = std::chrono::steady_clock;

double median(std::vector<double> samples) {
  std::sort(samples.begin(), samples.end());
  return samples[samples.size() / 2];
}

// Wall time in ms of one run of argv with stdin from `input_path` and output discarded.
double time_process(const std::vector<std::string>& argv, const std::string& input_path) {
  std::vector<char*> args;
  for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, input_path.c_str(), O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  const auto start = Clock::now();
  pid_t pid = 0;
  if (posix_spawn(&pid, args[0], &actions, nullptr, args.data(), environ) != 0) {
    std::fprintf(stderr, "cannot run %s\n", args[0]);
    std::exit(2);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  posix_spawn_file_actions_destroy(&actions);
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s ASSAY_BINARY SQL_FILE [COPIES]\n", argv[0]);
    return 2;
  }
  const std::string assay = argv[1];
  const int copies = argc > 3 ? std::atoi(argv[3]) : 1;
  std::ifstream in(argv[2]);
  std::stringstream text;
  text << in.rdbuf();
  std::string sql;
  for (int i = 0; i < copies; ++i) sql += text.str() + "\n";
  const std::string path = "/tmp/assay-bench-" + std::to_string(getpid()) + ".sql";
  std::ofstream(path) << sql;

  const assay::Registry registry = assay::make_registry();
  assay::ValidationRequest request;
  request.kind = "sql";
  request.files = {{"bench.sql", sql}};
  auto check = assay::run_validation(registry, request, "bench");
  if (!check || check->verdict != assay::Verdict::kPass) {
    std::fprintf(stderr, "the benchmark file does not pass validation\n");
    return 2;
  }

  std::vector<double> in_process;
  for (int i = 0; i < 200; ++i) {
    const auto start = Clock::now();
    auto result = assay::run_validation(registry, request, "bench");
    in_process.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
    if (!result) return 2;
  }
  std::vector<double> assay_process, sqlfluff;
  for (int i = 0; i < 30; ++i) {
    assay_process.push_back(time_process({assay, "validate", "--kind", "sql", "-"}, path));
  }
  for (int i = 0; i < 5; ++i) {
    sqlfluff.push_back(
        time_process({"/usr/bin/sqlfluff", "parse", "--dialect", "postgres", path}, path));
  }
  std::remove(path.c_str());

  const double a = median(in_process), b = median(assay_process), c = median(sqlfluff);
  std::printf("SQL syntax, %zu bytes, %d copies of %s\n", sql.size(), copies, argv[2]);
  std::printf("  assay in-process validation   median %10.3f ms  (200 runs)\n", a);
  std::printf("  assay validate (process)      median %10.3f ms  (30 runs)\n", b);
  std::printf("  sqlfluff parse (process)      median %10.3f ms  (5 runs)\n", c);
  std::printf("  ratio sqlfluff / assay in-process: %8.0fx\n", c / a);
  std::printf("  ratio sqlfluff / assay process:    %8.0fx\n", c / b);
  return 0;
}
