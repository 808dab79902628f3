// The hand-rolled flag parser: values, switches, operands, and every way a command line is
// refused.
#include "src/cli/cli_args.h"

#include <catch2/catch.hpp>

using namespace assay;
using namespace assay::cli;

namespace {

const FlagSpec kSpec{.with_value = {"--format", "--server"}, .switches = {"--help"}};

}  // namespace

TEST_CASE("cli args: flags with values, switches and operands in any order") {
  const auto parsed =
      parse_args({"a.sql", "--format", "json", "--server=http://h:1", "--help", "b.sql"}, kSpec);
  REQUIRE(parsed);
  CHECK(parsed->value("--format") == "json");
  CHECK(parsed->value("--server") == "http://h:1");
  CHECK(parsed->has("--help"));
  CHECK_FALSE(parsed->value("--dialect"));
  CHECK(parsed->operands() == std::vector<std::string>{"a.sql", "b.sql"});
}

TEST_CASE("cli args: '-' is an operand and '--' ends the flags") {
  const auto parsed = parse_args({"-", "--", "--format", "-x.sql"}, kSpec);
  REQUIRE(parsed);
  CHECK_FALSE(parsed->has("--format"));
  CHECK(parsed->operands() == std::vector<std::string>{"-", "--format", "-x.sql"});
}

TEST_CASE("cli args: a value may be empty or look like a flag") {
  const auto parsed = parse_args({"--format=", "--server", "--help"}, kSpec);
  REQUIRE(parsed);
  CHECK(parsed->value("--format") == "");
  CHECK(parsed->value("--server") == "--help");
  CHECK_FALSE(parsed->has("--help"));
}

TEST_CASE("cli args: bad command lines are usage errors naming the flag") {
  const auto message_of = [](const std::vector<std::string>& args) {
    const auto parsed = parse_args(args, kSpec);
    REQUIRE_FALSE(parsed);
    CHECK(parsed.status().code() == "usage_error");
    return parsed.status().message();
  };
  CHECK(message_of({"--fromat", "json"}) == "unknown flag --fromat");
  CHECK(message_of({"-f"}) == "unknown flag -f");
  CHECK(message_of({"a.sql", "--format"}) == "flag --format needs a value");
  CHECK(message_of({"--help=yes"}) == "flag --help takes no value");
  CHECK(message_of({"--format", "json", "--format=text"}) ==
        "flag --format is given more than once");
}
