#include "src/core/registry.h"

#include <fnmatch.h>

#include <algorithm>

namespace assay {

void Registry::add(std::unique_ptr<Validator> validator) {
  validators_.push_back(std::move(validator));
}

const Validator* Registry::for_kind(std::string_view kind) const {
  for (const auto& validator : validators_) {
    const auto& kinds = validator->info().kinds;
    if (std::find(kinds.begin(), kinds.end(), kind) != kinds.end()) return validator.get();
  }
  return nullptr;
}

const Validator* Registry::for_path(std::string_view path) const {
  for (const auto& validator : validators_) {
    for (const std::string& pattern : validator->info().file_patterns) {
      if (path_matches(pattern, path)) return validator.get();
    }
  }
  return nullptr;
}

std::vector<std::string> Registry::kinds() const {
  std::vector<std::string> kinds;
  for (const auto& validator : validators_) {
    kinds.insert(kinds.end(), validator->info().kinds.begin(), validator->info().kinds.end());
  }
  return kinds;
}

bool path_matches(std::string_view pattern, std::string_view path) {
  const std::string pattern_text(pattern);
  std::string subject(path);
  if (pattern.find('/') == std::string_view::npos) {
    if (const size_t slash = subject.rfind('/'); slash != std::string::npos) {
      subject = subject.substr(slash + 1);
    }
  }
  return fnmatch(pattern_text.c_str(), subject.c_str(), 0) == 0;
}

}  // namespace assay
