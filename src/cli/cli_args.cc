#include "src/cli/cli_args.h"

#include <algorithm>

namespace assay::cli {
namespace {

bool contains(const std::vector<std::string_view>& names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

Status usage_error(std::string message) { return Status::error("usage_error", std::move(message)); }

}  // namespace

std::optional<std::string> ParsedArgs::value(std::string_view flag) const {
  const auto it = flags_.find(flag);
  if (it == flags_.end()) return std::nullopt;
  return it->second;
}

bool ParsedArgs::has(std::string_view flag) const { return flags_.find(flag) != flags_.end(); }

Result<ParsedArgs> parse_args(const std::vector<std::string>& args, const FlagSpec& spec) {
  ParsedArgs parsed;
  bool flags_ended = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (flags_ended || arg == "-" || !arg.starts_with("-")) {
      parsed.operands_.push_back(arg);
      continue;
    }
    if (arg == "--") {
      flags_ended = true;
      continue;
    }
    const size_t equals = arg.find('=');
    const std::string name = arg.substr(0, equals);
    std::optional<std::string> inline_value;
    if (equals != std::string::npos) inline_value = arg.substr(equals + 1);

    std::string value;
    if (contains(spec.with_value, name)) {
      if (inline_value) {
        value = *inline_value;
      } else if (i + 1 < args.size()) {
        value = args[++i];
      } else {
        return usage_error("flag " + name + " needs a value");
      }
    } else if (contains(spec.switches, name)) {
      if (inline_value) return usage_error("flag " + name + " takes no value");
    } else {
      return usage_error("unknown flag " + name);
    }
    if (!parsed.flags_.emplace(name, std::move(value)).second) {
      return usage_error("flag " + name + " is given more than once");
    }
  }
  return parsed;
}

}  // namespace assay::cli
