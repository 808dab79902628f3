#include "src/http/configured_environments.h"

#include "src/environments/environments_dir.h"

namespace assay::http {

environments::EnvironmentSet load_configured_environments(const std::string& configured_dir,
                                                          std::vector<std::string>& warnings) {
  const std::string dir =
      configured_dir.empty() ? environments::default_environments_dir() : configured_dir;
  if (dir.empty()) {
    warnings.push_back("no environments folder found; use --environments DIR");
    return {};
  }
  environments::EnvironmentSet set = environments::load_environments(dir);
  for (const Diagnostic& problem : set.problems) {
    std::string where;
    if (problem.location) {
      where = problem.location->file;
      if (problem.location->row > 0) {
        where += ":" + std::to_string(problem.location->row) + ":" +
                 std::to_string(problem.location->col);
      }
      where += ": ";
    }
    warnings.push_back("environment left out: " + where + problem.message);
  }
  return set;
}

}  // namespace assay::http
