// Command-line arguments of one `assay` command: its flags and its operands.
//
// Hand-rolled and strict: a command declares the flags it takes, those that take a value
// ("--format json" or "--format=json") and those that are switches ("--help"). Anything else
// that starts with "--" is refused, so a typo never silently becomes a file name; "-" alone is
// an operand (stdin) and "--" ends the flags. Pure functions, thread-safe.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "src/core/status.h"

namespace assay::cli {

struct FlagSpec {
  std::vector<std::string_view> with_value;  // e.g. "--format"
  std::vector<std::string_view> switches;    // e.g. "--help"
};

class ParsedArgs {
 public:
  // The value of a flag that takes one, or nullopt when it was not given.
  std::optional<std::string> value(std::string_view flag) const;
  // Whether a switch (or a flag with a value) was given.
  bool has(std::string_view flag) const;
  const std::vector<std::string>& operands() const { return operands_; }

 private:
  friend Result<ParsedArgs> parse_args(const std::vector<std::string>& args, const FlagSpec& spec);
  std::map<std::string, std::string, std::less<>> flags_;  // switches map to ""
  std::vector<std::string> operands_;
};

// Errors: usage_error for an unknown flag, a flag given twice, a value missing ("--format" last)
// or a value given to a switch ("--help=yes").
Result<ParsedArgs> parse_args(const std::vector<std::string>& args, const FlagSpec& spec);

}  // namespace assay::cli
