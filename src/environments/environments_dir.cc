#include "src/environments/environments_dir.h"

#include <filesystem>
#include <vector>

namespace assay::environments {

std::string default_environments_dir() {
  namespace fs = std::filesystem;
  std::error_code error;
  std::vector<fs::path> candidates;
  const fs::path self = fs::read_symlink("/proc/self/exe", error);
  if (!error) {
    candidates.push_back(self.parent_path().parent_path() / "sandboxes" / "environments");
    candidates.push_back(self.parent_path().parent_path() / "share" / "assay" / "environments");
  }
  candidates.push_back(fs::path(ASSAY_ENVIRONMENTS_SOURCE_DIR));
  for (const fs::path& candidate : candidates) {
    if (fs::is_directory(candidate, error)) return candidate.lexically_normal().string();
  }
  return {};
}

}  // namespace assay::environments
