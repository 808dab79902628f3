#include "src/http/server_config.h"

#include <yaml-cpp/yaml.h>

#include <charconv>
#include <limits>

namespace assay::http {
namespace {

Status invalid_config(const std::string& path, const YAML::Node& node, const std::string& what) {
  const YAML::Mark mark = node.Mark();
  const std::string where = mark.is_null() ? path
                                           : path + ":" + std::to_string(mark.line + 1) + ":" +
                                                 std::to_string(mark.column + 1);
  return Status::error("config_invalid", where + ": " + what);
}

// Reads an integer key within [min, max] into `out` when present.
template <typename T>
Status read_integer(const std::string& path, const YAML::Node& parent, const char* key,
                    long long min, long long max, T& out) {
  const YAML::Node node = parent[key];
  if (!node) return Status::ok();
  long long value = 0;
  const std::string text = node.IsScalar() ? node.Scalar() : "";
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (!node.IsScalar() || error != std::errc() || end != text.data() + text.size() || value < min ||
      value > max) {
    return invalid_config(path, node,
                          std::string("'") + key + "' must be an integer from " +
                              std::to_string(min) + " to " + std::to_string(max));
  }
  out = static_cast<T>(value);
  return Status::ok();
}

constexpr long long kMaxTimeoutMs = 3600 * 1000;

}  // namespace

Status parse_listen_address(const std::string& text, ServerConfig& config) {
  const size_t colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == text.size()) {
    return Status::error("usage_error", "listen address '" + text + "' must be HOST:PORT");
  }
  unsigned port = 0;
  const char* begin = text.data() + colon + 1;
  const char* end = text.data() + text.size();
  const auto [stop, error] = std::from_chars(begin, end, port);
  if (error != std::errc() || stop != end || port > 65535) {
    return Status::error("usage_error", "listen address '" + text + "' has no valid port");
  }
  config.host = text.substr(0, colon);
  if (config.host.size() > 2 && config.host.front() == '[' && config.host.back() == ']') {
    config.host = config.host.substr(1, config.host.size() - 2);  // [::1]:8787
  }
  config.port = static_cast<uint16_t>(port);
  return Status::ok();
}

Status load_config_file(const std::string& path, ServerConfig& config) {
  YAML::Node root;
  try {
    root = YAML::LoadFile(path);
  } catch (const YAML::BadFile&) {
    return Status::error("config_invalid", path + ": cannot read the file");
  } catch (const YAML::Exception& e) {
    return Status::error("config_invalid", path + ":" + std::to_string(e.mark.line + 1) + ":" +
                                               std::to_string(e.mark.column + 1) + ": " + e.msg);
  }
  if (root.IsNull()) return Status::ok();
  if (!root.IsMap()) return invalid_config(path, root, "the file must hold a mapping of keys");
  try {
    for (const auto& entry : root) {
      const std::string key = entry.first.as<std::string>();
      if (key != "listen" && key != "threads" && key != "limits" && key != "log_level" &&
          key != "policies" && key != "environments") {
        return invalid_config(path, entry.first, "unknown key '" + key + "'");
      }
    }
    if (const YAML::Node listen = root["listen"]) {
      if (!listen.IsScalar()) return invalid_config(path, listen, "'listen' must be HOST:PORT");
      if (Status s = parse_listen_address(listen.Scalar(), config); !s) {
        return invalid_config(path, listen, s.message());
      }
    }
    if (Status s = read_integer(path, root, "threads", 0, 256, config.threads); !s) return s;
    if (const YAML::Node policies = root["policies"]) {
      if (!policies.IsScalar() || policies.Scalar().empty()) {
        return invalid_config(path, policies, "'policies' must be a directory path");
      }
      config.policies_dir = policies.Scalar();
    }
    if (const YAML::Node environments = root["environments"]) {
      if (!environments.IsScalar() || environments.Scalar().empty()) {
        return invalid_config(path, environments, "'environments' must be a directory path");
      }
      config.environments_dir = environments.Scalar();
    }
    if (const YAML::Node level = root["log_level"]) {
      static const char* kLevels[] = {"trace", "debug", "info", "warn", "error", "off"};
      bool known = false;
      for (const char* name : kLevels)
        known = known || (level.IsScalar() && level.Scalar() == name);
      if (!known) {
        return invalid_config(path, level,
                              "'log_level' must be trace, debug, info, warn, error or off");
      }
      config.log_level = level.Scalar();
    }
    if (const YAML::Node limits = root["limits"]) {
      if (!limits.IsMap()) return invalid_config(path, limits, "'limits' must be a mapping");
      for (const auto& entry : limits) {
        const std::string key = entry.first.as<std::string>();
        static const char* kKeys[] = {"max_body_bytes",  "max_header_bytes", "header_timeout_ms",
                                      "body_timeout_ms", "idle_timeout_ms",  "drain_timeout_ms"};
        bool known = false;
        for (const char* name : kKeys) known = known || key == name;
        if (!known) return invalid_config(path, entry.first, "unknown key 'limits." + key + "'");
      }
      const long long kMaxBody = 1LL << 30;
      Status checks[] = {
          read_integer(path, limits, "max_body_bytes", 1, kMaxBody, config.max_body_bytes),
          read_integer(path, limits, "max_header_bytes", 1024, 1 << 20, config.max_header_bytes),
          read_integer(path, limits, "header_timeout_ms", 1, kMaxTimeoutMs,
                       config.header_timeout_ms),
          read_integer(path, limits, "body_timeout_ms", 1, kMaxTimeoutMs, config.body_timeout_ms),
          read_integer(path, limits, "idle_timeout_ms", 1, kMaxTimeoutMs, config.idle_timeout_ms),
          read_integer(path, limits, "drain_timeout_ms", 0, kMaxTimeoutMs, config.drain_timeout_ms),
      };
      for (Status& s : checks) {
        if (!s) return s;
      }
    }
  } catch (const YAML::Exception& e) {
    return Status::error("config_invalid", path + ": " + e.what());
  }
  return Status::ok();
}

Result<ServerConfig> server_config_from_args(const std::vector<std::string>& args) {
  ServerConfig config;
  std::string listen, config_path, policies, environments;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    std::string* target = arg == "--listen"     ? &listen
                          : arg == "--config"   ? &config_path
                          : arg == "--policies" ? &policies
                          : arg == "--environments" ? &environments
                                                : nullptr;
    if (target == nullptr) return Status::error("usage_error", "unknown argument '" + arg + "'");
    if (i + 1 >= args.size()) return Status::error("usage_error", arg + " needs a value");
    *target = args[++i];
  }
  if (!config_path.empty()) {
    if (Status s = load_config_file(config_path, config); !s) return s;
  }
  if (!policies.empty()) config.policies_dir = policies;
  if (!environments.empty()) config.environments_dir = environments;
  if (!listen.empty()) {
    if (Status s = parse_listen_address(listen, config); !s) return s;
  }
  return config;
}

}  // namespace assay::http
