#include "validators/sql/sql_validator.h"

#include "src/core/text_position.h"
#include "validators/sql/postgres_syntax.h"
#include "validators/sql/sql_safety.h"
#include "validators/sql/sqlite_syntax.h"

namespace assay::sql {
namespace {

class SqlJob : public ValidationJob {
 public:
  SqlJob(const ValidationRequest& request, bool sqlite) : request_(request), sqlite_(sqlite) {}

  void parse(StageReport& report) override {
    for (const ArtefactFile& file : request_.files) {
      const SyntaxCheck check =
          sqlite_ ? check_sqlite_syntax(file.content) : check_postgres_syntax(file.content);
      for (const SyntaxError& error : check.errors) {
        const TextPosition at = position_of_byte(file.content, error.byte_offset);
        report.error("sql_syntax_error", error.message, Location{file.path, at.row, at.col});
      }
      if (check.errors.empty() && check.statements == 0) {
        report.error("sql_syntax_error",
                     "no SQL statement: the file is empty or holds only comments",
                     Location{file.path, 1, 1});
      }
    }
  }

  // The safety policy, on libpg_query's tree. SQLite-dialect files that PostgreSQL's parser
  // cannot read are skipped rather than guessed at.
  void check(StageReport& report) override {
    size_t checked = 0;
    for (const ArtefactFile& file : request_.files) {
      const SafetyCheck safety = check_sql_safety(file.content, policy_);
      if (!safety.parsed) continue;
      ++checked;
      for (const SafetyFinding& finding : safety.findings) {
        const TextPosition at = position_of_byte(file.content, finding.byte_offset);
        report.error("sql_forbidden_statement", finding.message,
                     Location{file.path, at.row, at.col});
      }
    }
    if (checked == 0) {
      report.skip("the safety check reads SQL with PostgreSQL's parser, which rejects these files");
    }
  }

 private:
  const ValidationRequest& request_;
  bool sqlite_;
  SqlSafetyPolicy policy_;  // the default until environments supply theirs
};

class SqlValidator : public Validator {
 public:
  using Validator::Validator;

  std::unique_ptr<ValidationJob> start(const ValidationRequest& request) const override {
    return std::make_unique<SqlJob>(request, request.dialect == "sqlite");
  }
};

}  // namespace

std::unique_ptr<Validator> make_sql_validator(ValidatorInfo info) {
  return std::make_unique<SqlValidator>(std::move(info));
}

}  // namespace assay::sql
