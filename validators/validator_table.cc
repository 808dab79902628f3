#include "validators/validator_table.h"

#include "validators/rego/rego_validator.h"
#include "validators/sql/sql_validator.h"

namespace assay {
namespace {

struct ValidatorRow {
  ValidatorInfo info;
  std::unique_ptr<Validator> (*make)(ValidatorInfo, const ValidatorServices&);
};

std::vector<ValidatorRow> validator_table() {
  return {
      {{.name = "sql",
        .version = "0.1.0",
        .description = "SQL syntax: PostgreSQL 15 (libpg_query) or SQLite 3; safety: one SELECT, "
                       "no forbidden functions",
        .kinds = {"sql"},
        .file_patterns = {"*.sql"},
        .dialects = {"postgres", "sqlite"},
        .stages = {Stage::kParse, Stage::kCheck},
        .encoding_error_code = "sql_encoding_error"},
       [](ValidatorInfo info, const ValidatorServices&) {
         return sql::make_sql_validator(std::move(info));
       }},
      {{.name = "rego",
        .version = "0.1.0",
        .description = "Rego (Open Policy Agent) policies: OPA 1.x parse and compile checks, then "
                       "expect.query evaluated or the test_ rules run in the sandbox",
        .kinds = {"rego"},
        .file_patterns = {"*.rego"},
        .dialects = {"v1", "v0"},
        .stages = {Stage::kParse, Stage::kCheck, Stage::kRun},
        .encoding_error_code = "rego_parse_error"},
       [](ValidatorInfo info, const ValidatorServices& services) {
         return rego_validator::make_rego_validator(std::move(info), services.rego_runner);
       }},
  };
}

}  // namespace

Registry make_registry(const ValidatorServices& services) {
  Registry registry;
  for (ValidatorRow& row : validator_table()) registry.add(row.make(std::move(row.info), services));
  return registry;
}

}  // namespace assay
