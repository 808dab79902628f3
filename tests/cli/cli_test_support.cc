#include "tests/cli/cli_test_support.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <random>
#include <sstream>

#include "sandboxes/runtime/sandbox_profile.h"
#include "src/cli/assay_command.h"
#include "validators/rego/sandboxed_rego_runner.h"
#include "validators/validator_table.h"

namespace assay::testing {

namespace fs = std::filesystem;

const Registry& product_registry() {
  // As main.cc builds it: the sandboxed Rego runner with the harness built next to `assay`.
  static const Registry registry = [] {
    ValidatorServices services;
    auto policies = sandbox::PolicySet::load_embedded();
    REQUIRE(policies);
    auto runner = rego_validator::make_sandboxed_rego_runner(
        *policies, std::string(ASSAY_BINARY_DIR) + "/assay-rego-harness");
    REQUIRE(runner);
    services.rego_runner = std::move(runner).value();
    return make_registry(services);
  }();
  return registry;
}

CommandOutput run_assay_in_process(const std::vector<std::string>& args, std::string_view input,
                                   const Registry& registry) {
  std::istringstream in{std::string(input)};
  std::ostringstream out, err;
  CommandOutput output;
  output.exit_code = cli::run_assay(args, in, out, err, registry);
  output.out = out.str();
  output.err = err.str();
  return output;
}

ScratchDirectory::ScratchDirectory() : previous_(fs::current_path()) {
  std::random_device random;
  path_ = fs::temp_directory_path() / ("assay-cli-test-" + std::to_string(random()));
  fs::create_directories(path_);
  path_ = fs::canonical(path_);  // the form getcwd() reports
  fs::current_path(path_);
}

ScratchDirectory::~ScratchDirectory() {
  std::error_code ignored;
  fs::current_path(previous_, ignored);
  fs::remove_all(path_, ignored);
}

std::string ScratchDirectory::write(const std::string& relative, std::string_view content) const {
  const fs::path file = path_ / relative;
  fs::create_directories(file.parent_path());
  std::ofstream(file, std::ios::binary) << content;
  return file.string();
}

RunningAssayd::RunningAssayd() : process_({binary("assayd"), "--listen", "127.0.0.1:0"}) {
  const std::string line = process_.read_line(10000);
  const std::string prefix = "assayd listening on ";
  INFO("assayd's first line: " << line);
  REQUIRE(line.starts_with(prefix));
  url_ = "http://" + line.substr(prefix.size());
}

std::string unreachable_server_url() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  socklen_t length = sizeof address;
  REQUIRE(bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
  REQUIRE(getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0);
  close(fd);  // never listened: connections to the port are refused
  return "http://127.0.0.1:" + std::to_string(ntohs(address.sin_port));
}

}  // namespace assay::testing
