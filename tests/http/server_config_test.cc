#include "src/http/server_config.h"

#include <unistd.h>

#include <catch2/catch.hpp>
#include <fstream>

using namespace assay::http;

namespace {

std::string write_file(const std::string& text) {
  static int counter = 0;
  const std::string path =
      "/tmp/assay-config-" + std::to_string(getpid()) + "-" + std::to_string(counter++) + ".yaml";
  std::ofstream(path) << text;
  return path;
}

}  // namespace

TEST_CASE("config: listen addresses") {
  ServerConfig config;
  CHECK(parse_listen_address("0.0.0.0:9000", config));
  CHECK(config.host == "0.0.0.0");
  CHECK(config.port == 9000);
  CHECK(parse_listen_address("[::1]:0", config));
  CHECK(config.host == "::1");
  CHECK(config.port == 0);
  CHECK_FALSE(parse_listen_address("localhost", config));
  CHECK_FALSE(parse_listen_address("h:99999", config));
  CHECK_FALSE(parse_listen_address("h:80x", config));
  CHECK_FALSE(parse_listen_address(":80", config));
}

TEST_CASE("config: a YAML file overrides the defaults and flags override the file") {
  const std::string path = write_file(
      "listen: 127.0.0.1:9999\nthreads: 3\nlog_level: warn\n"
      "limits:\n  max_body_bytes: 1000\n  idle_timeout_ms: 50\n");
  auto config = server_config_from_args({"--config", path, "--listen", "127.0.0.1:7000"});
  REQUIRE(config);
  CHECK(config->port == 7000);
  CHECK(config->threads == 3);
  CHECK(config->log_level == "warn");
  CHECK(config->max_body_bytes == 1000);
  CHECK(config->idle_timeout_ms == 50);
  CHECK(config->header_timeout_ms == ServerConfig{}.header_timeout_ms);
}

TEST_CASE("config: mistakes name the file, the line and the key") {
  const auto rejected = [](const std::string& yaml) {
    ServerConfig config;
    const std::string path = write_file(yaml);
    assay::Status status = load_config_file(path, config);
    REQUIRE_FALSE(status);
    CHECK(status.code() == "config_invalid");
    CHECK_THAT(status.message(), Catch::StartsWith(path));
    return status.message();
  };
  CHECK_THAT(rejected("threads: 2\nlistne: x\n"), Catch::Contains(":2:1: unknown key 'listne'"));
  CHECK_THAT(rejected("limits:\n  max_body_bytes: -5\n"), Catch::Contains(":2:19:"));
  CHECK_THAT(rejected("limits:\n  body_limit: 5\n"),
             Catch::Contains("unknown key 'limits.body_limit'"));
  CHECK_THAT(rejected("log_level: loud\n"), Catch::Contains("'log_level'"));
  CHECK_THAT(rejected("listen: [1, 2]\n"), Catch::Contains("'listen'"));
  CHECK_THAT(rejected("a: [unclosed\n"), Catch::Contains(":2:"));
  CHECK_THAT(rejected("- just\n- a list\n"), Catch::Contains("mapping"));
  ServerConfig config;
  CHECK(load_config_file("/nonexistent/assay.yaml", config).message() ==
        "/nonexistent/assay.yaml: cannot read the file");
}

TEST_CASE("config: unknown flags and missing values are usage errors") {
  CHECK(server_config_from_args({"--port", "1"}).status().code() == "usage_error");
  CHECK(server_config_from_args({"--listen"}).status().code() == "usage_error");
}

TEST_CASE("config: environments folder from the file, overridden by --environments") {
  const std::string path = write_file("environments: /srv/envs\n");
  auto from_file = server_config_from_args({"--config", path});
  REQUIRE(from_file);
  CHECK(from_file->environments_dir == "/srv/envs");
  auto from_flag = server_config_from_args({"--config", path, "--environments", "/tmp/e"});
  REQUIRE(from_flag);
  CHECK(from_flag->environments_dir == "/tmp/e");
  CHECK_FALSE(server_config_from_args({"--config", write_file("environments: [a]\n")}));
  CHECK(ServerConfig{}.environments_dir.empty());
}
