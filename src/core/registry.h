// Registry: the validators a program knows, looked up by request kind or by file name.
//
// Built once at start-up (add() is not thread-safe), then shared read-only between threads.
// Only the programs' main files fill it, from validators/validator_table.h, so core never
// depends on a plugin.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "src/core/validator.h"

namespace assay {

class Registry {
 public:
  Registry() = default;
  Registry(Registry&&) = default;
  Registry& operator=(Registry&&) = default;

  void add(std::unique_ptr<Validator> validator);

  // nullptr when no validator handles the kind / file.
  const Validator* for_kind(std::string_view kind) const;
  const Validator* for_path(std::string_view path) const;

  const std::vector<std::unique_ptr<Validator>>& validators() const { return validators_; }
  std::vector<std::string> kinds() const;

 private:
  std::vector<std::unique_ptr<Validator>> validators_;
};

// True when `path` matches the fnmatch `pattern`: the whole path when the pattern holds a '/',
// else the base name.
bool path_matches(std::string_view pattern, std::string_view path);

}  // namespace assay
