#include "src/core/registry.h"

#include <catch2/catch.hpp>

using namespace assay;

namespace {

class NullValidator : public Validator {
 public:
  using Validator::Validator;
  std::unique_ptr<ValidationJob> start(const ValidationRequest&) const override { return {}; }
};

}  // namespace

TEST_CASE("validators are found by kind and by file name") {
  Registry registry;
  registry.add(std::make_unique<NullValidator>(
      ValidatorInfo{.name = "sql", .kinds = {"sql"}, .file_patterns = {"*.sql"}}));
  registry.add(std::make_unique<NullValidator>(
      ValidatorInfo{.name = "dbt",
                    .kinds = {"dbt"},
                    .file_patterns = {"models/*schema.yml", "dbt_project.yml"}}));
  CHECK(registry.for_kind("sql")->info().name == "sql");
  CHECK(registry.for_kind("dbt")->info().name == "dbt");
  CHECK(registry.for_kind("rego") == nullptr);
  CHECK(registry.for_path("a/b/query.sql")->info().name == "sql");
  CHECK(registry.for_path("query.SQL") == nullptr);
  CHECK(registry.for_path("x/dbt_project.yml")->info().name == "dbt");
  CHECK(registry.for_path("models/orders/schema.yml")->info().name == "dbt");
  CHECK(registry.for_path("schema.yml") == nullptr);
  CHECK(registry.kinds() == std::vector<std::string>{"sql", "dbt"});
}

TEST_CASE("patterns without a slash match the base name only") {
  CHECK(path_matches("*.sql", "dir/x.sql"));
  CHECK_FALSE(path_matches("*.sql", "x.sql/readme"));
  CHECK(path_matches("dir/*.sql", "dir/x.sql"));
  CHECK_FALSE(path_matches("dir/*.sql", "other/x.sql"));
}
