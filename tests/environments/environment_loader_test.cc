#include "src/environments/environment_loader.h"

#include <unistd.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <map>

using namespace assay;
using namespace assay::environments;
namespace fs = std::filesystem;

namespace {

const fs::path kShipped = fs::path(ASSAY_SOURCE_DIR) / "sandboxes" / "environments";

size_t rows_of(const Environment& env, const std::string& table) {
  const Table* t = env.find_table(table);
  REQUIRE(t != nullptr);
  return t->rows.size();
}

// A scratch environment folder named `name`, removed at the end of the test.
class ScratchEnvironment {
 public:
  explicit ScratchEnvironment(const std::string& name = "scratch") {
    root_ = fs::temp_directory_path() /
            ("assay-env-test-" + std::to_string(getpid()) + "-" + std::to_string(counter_++));
    dir_ = root_ / name;
    fs::create_directories(dir_ / "fixtures");
    write("environment.yaml",
          "name: " + name + "\nschema: schema.sql\nfixtures:\n  - fixtures/t.csv\n");
    write("schema.sql", "CREATE TABLE t (id integer NOT NULL, v double precision, d date);\n");
    write("fixtures/t.csv", "id,v,d\n1,2.5,2024-01-31\n2,,\n");
  }
  ~ScratchEnvironment() {
    std::error_code ignored;
    fs::remove_all(root_, ignored);
  }
  void write(const std::string& relative, const std::string& content) const {
    std::ofstream(dir_ / relative, std::ios::binary) << content;
  }
  std::string file(const std::string& relative) const { return (dir_ / relative).string(); }
  const fs::path& dir() const { return dir_; }
  const fs::path& root() const { return root_; }

 private:
  static inline int counter_ = 0;
  fs::path root_, dir_;
};

// The one problem of loading `env`.
Diagnostic only_problem(const ScratchEnvironment& env) {
  const EnvironmentLoad load = load_environment(env.dir());
  CHECK_FALSE(load.environment.has_value());
  REQUIRE(load.problems.size() >= 1);
  INFO(load.problems[0].message);
  CHECK(load.problems[0].code == "environment_invalid");
  return load.problems[0];
}

}  // namespace

TEST_CASE("shipped environments load cleanly with their tables and rows",
          "[environments][loader]") {
  const EnvironmentSet set = load_environments(kShipped);
  for (const Diagnostic& d : set.problems) {
    FAIL_CHECK(d.location->file << ":" << d.location->row << ":" << d.location->col << ": "
                                << d.message);
  }
  REQUIRE(set.environments.size() == 3);
  CHECK(set.environments[0].name == "infra-slo");  // sorted by name

  const Environment* telco = set.find("telco-5g");
  REQUIRE(telco != nullptr);
  CHECK(rows_of(*telco, "cells") == 24);
  CHECK(rows_of(*telco, "onu_traffic") == 602);
  CHECK(rows_of(*telco, "alarms") == 150);
  const Table& traffic = *telco->find_table("onu_traffic");
  const size_t down = *traffic.column_index("downlink_volume");
  CHECK(traffic.columns[down].kind == ColumnKind::kReal);
  size_t nulls = 0;
  for (const Row& row : traffic.rows) nulls += std::holds_alternative<std::monostate>(row[down]);
  CHECK(nulls > 0);

  const Environment* retail = set.find("retail");
  REQUIRE(retail != nullptr);
  CHECK(rows_of(*retail, "customers") == 60);
  CHECK(rows_of(*retail, "products") == 30);
  CHECK(rows_of(*retail, "product_prices") == 63);
  CHECK(rows_of(*retail, "orders") == 251);
  CHECK(rows_of(*retail, "order_items") == 500);

  const Environment* slo = set.find("infra-slo");
  REQUIRE(slo != nullptr);
  CHECK(rows_of(*slo, "machine_types") == 3);
  CHECK(rows_of(*slo, "services") == 12);
  CHECK(rows_of(*slo, "response_times") == 372);
  CHECK(rows_of(*slo, "error_rates") == 374);
  REQUIRE(slo->rego_input.has_value());
  CHECK((*slo->rego_input)["service_info"]["machine_type"] == "small");
  REQUIRE(slo->rego_data.has_value());
  CHECK((*slo->rego_data)["slo"]["thresholds"]["small"]["ResponseTime"] == 500);
  CHECK(slo->files.count("files/README.txt") == 1);
  CHECK(slo->policy == "rego");
}

TEST_CASE("a scratch environment loads; NULLs and typed values", "[environments][loader]") {
  const ScratchEnvironment env;
  const EnvironmentLoad load = load_environment(env.dir());
  REQUIRE(load.problems.empty());
  const Table& t = load.environment->tables.at(0);
  REQUIRE(t.rows.size() == 2);
  CHECK(std::get<int64_t>(t.rows[0][0]) == 1);
  CHECK(std::get<double>(t.rows[0][1]) == 2.5);
  CHECK(std::get<std::string>(t.rows[0][2]) == "2024-01-31");
  CHECK(std::holds_alternative<std::monostate>(t.rows[1][1]));
}

TEST_CASE("malformed environments report file, row and column", "[environments][loader]") {
  const ScratchEnvironment env;
  SECTION("a value that does not fit the column type") {
    env.write("fixtures/t.csv", "id,v,d\n1,2.5,2024-01-31\n2,abc,\n");
    const Diagnostic d = only_problem(env);
    CHECK(d.location == Location{env.file("fixtures/t.csv"), 3, 3});
    CHECK(d.message.find("'abc' is not a finite decimal number") == 0);
  }
  SECTION("an impossible date") {
    env.write("fixtures/t.csv", "id,v,d\n1,2.5,2024-02-30\n");
    CHECK(only_problem(env).location == Location{env.file("fixtures/t.csv"), 2, 7});
  }
  SECTION("NULL in a NOT NULL column") {
    env.write("fixtures/t.csv", "id,v,d\n,1,\n");
    CHECK(only_problem(env).location == Location{env.file("fixtures/t.csv"), 2, 1});
  }
  SECTION("a fixture column not in the table") {
    env.write("fixtures/t.csv", "id,v,colour\n1,2,red\n");
    const Diagnostic d = only_problem(env);
    CHECK(d.location == Location{env.file("fixtures/t.csv"), 1, 6});
    CHECK(d.message == "column 'colour' is not a column of table 't'");
  }
  SECTION("a missing fixture file") {
    fs::remove(env.dir() / "fixtures" / "t.csv");
    CHECK(only_problem(env).location->file == env.file("fixtures/t.csv"));
  }
  SECTION("a fixture for no table") {
    env.write("environment.yaml",
              "name: scratch\nfixtures:\n  - fixtures/t.csv\n  - fixtures/u.csv\n");
    CHECK(only_problem(env).location == Location{env.file("environment.yaml"), 4, 5});
  }
  SECTION("a YAML syntax error") {
    env.write("environment.yaml", "name: scratch\nfixtures: [a, b\n");
    CHECK(only_problem(env).location->file == env.file("environment.yaml"));
  }
  SECTION("an unknown key, at its mark") {
    env.write("environment.yaml", "name: scratch\n\nfixturez: []\n");
    const Diagnostic d = only_problem(env);
    CHECK(d.location == Location{env.file("environment.yaml"), 3, 1});
    CHECK(d.message.find("unknown key 'fixturez'") == 0);
  }
  SECTION("a name that is not the folder's") {
    env.write("environment.yaml", "name: other\n");
    CHECK(only_problem(env).location == Location{env.file("environment.yaml"), 1, 7});
  }
  SECTION("a path that leaves the folder") {
    env.write("environment.yaml", "name: scratch\nschema: ../../etc/passwd\n");
    CHECK(only_problem(env).location == Location{env.file("environment.yaml"), 2, 9});
  }
  SECTION("a symbolic link out of the folder") {
    fs::remove(env.dir() / "fixtures" / "t.csv");
    fs::create_symlink("/etc/hostname", env.dir() / "fixtures" / "t.csv");
    const Diagnostic d = only_problem(env);
    CHECK(d.location->file == env.file("fixtures/t.csv"));
    CHECK(d.message == "the file leads out of the environment's folder");
  }
  SECTION("a schema error points into schema.sql") {
    env.write("schema.sql", "CREATE TABLE t (id integer,\n  v blob);\n");
    CHECK(only_problem(env).location == Location{env.file("schema.sql"), 2, 5});
  }
  SECTION("invalid Rego JSON") {
    env.write("environment.yaml", "name: scratch\nrego:\n  input: input.json\n");
    env.write("input.json", "{\n  \"a\": [1,\n}");
    const Diagnostic d = only_problem(env);
    CHECK(d.location == Location{env.file("input.json"), 3, 1});
  }
  SECTION("deeply nested YAML") {
    env.write("environment.yaml", "name: scratch\ndescription: " + std::string(100000, '[') + "\n");
    CHECK(only_problem(env).location->file == env.file("environment.yaml"));
  }
  SECTION("bad UTF-8 in environment.yaml") {
    env.write("environment.yaml", "name: scratch\ndescription: caf\xe9\n");
    CHECK(only_problem(env).location == Location{env.file("environment.yaml"), 2, 17});
  }
  SECTION("a huge environment.yaml") {
    env.write("environment.yaml", std::string(2 << 20, '#'));
    CHECK(only_problem(env).message.find("file larger than") == 0);
  }
}

TEST_CASE("load_environments keeps the good ones and the problems of the rest",
          "[environments][loader]") {
  const ScratchEnvironment env;
  fs::create_directories(env.root() / "broken");
  std::ofstream(env.root() / "broken" / "environment.yaml") << "name: [\n";
  const EnvironmentSet set = load_environments(env.root());
  REQUIRE(set.environments.size() == 1);
  CHECK(set.find("scratch") != nullptr);
  CHECK(set.find("broken") == nullptr);
  CHECK(set.problems.size() == 1);
  CHECK(load_environments("/nonexistent/assay").problems.size() == 1);
}
