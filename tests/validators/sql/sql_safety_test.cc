// The SQL safety check on libpg_query's tree: statement kinds, nested and locking clauses,
// forbidden functions, positions, and what must pass (comments, literals).
#include "validators/sql/sql_safety.h"

#include <catch2/catch.hpp>
#include <string>

#include "validators/sql/forbidden_functions.h"
#include "validators/sql/statement_kind.h"

using namespace assay::sql;

namespace {

SafetyCheck check(const std::string& sql, const SqlSafetyPolicy& policy = {}) {
  const SafetyCheck result = check_sql_safety(sql, policy);
  REQUIRE(result.parsed);
  return result;
}

// The single finding's message for `sql` under the default policy.
std::string only_finding(const std::string& sql) {
  const SafetyCheck result = check(sql);
  REQUIRE(result.findings.size() == 1);
  return result.findings[0].message;
}

}  // namespace

TEST_CASE("sql safety: one SELECT in its forms passes", "[sql][safety]") {
  for (const char* sql : {
           "SELECT cell_id, sum(dl_volume) FROM onu_traffic GROUP BY 1 ORDER BY 2 DESC",
           "WITH m AS (SELECT date_trunc('month', hour) AS month FROM t) SELECT * FROM m;",
           "SELECT 1 UNION ALL SELECT 2 EXCEPT SELECT 3",
           "VALUES (1, 'a'), (2, 'b')",
           "TABLE onu_traffic",
           "SELECT current_setting('TimeZone'), lower(name), now() FROM cells",
           "SELECT * FROM (SELECT 1) s WHERE EXISTS (SELECT 1 FROM t WHERE t.a = s.a)",
       }) {
    INFO(sql);
    CHECK(check(sql).findings.empty());
  }
}

TEST_CASE("sql safety: comments and literals that mention DELETE pass", "[sql][safety]") {
  const std::string sql =
      "-- DELETE FROM cells; DROP TABLE x\n"
      "/* INSERT INTO t VALUES (1); /* nested */ pg_sleep(10) */\n"
      "SELECT 'DELETE FROM cells; SELECT pg_sleep(1)' AS note, $$DROP TABLE t$$,\n"
      "       \"delete\" FROM t WHERE comment LIKE '%TRUNCATE%';";
  CHECK(check(sql).findings.empty());
}

TEST_CASE("sql safety: DML is forbidden and named", "[sql][safety]") {
  CHECK(only_finding("INSERT INTO t VALUES (1)") ==
        "INSERT is not allowed: this environment allows one SELECT");
  CHECK(only_finding("UPDATE t SET a = 1") ==
        "UPDATE is not allowed: this environment allows one SELECT");
  CHECK(only_finding("DELETE FROM t") ==
        "DELETE is not allowed: this environment allows one SELECT");
  CHECK(only_finding("MERGE INTO t USING s ON t.a = s.a WHEN MATCHED THEN DELETE") ==
        "MERGE is not allowed: this environment allows one SELECT");
}

TEST_CASE("sql safety: each other statement kind is forbidden and named", "[sql][safety]") {
  const std::pair<const char*, const char*> cases[] = {
      {"CREATE TABLE t (a int)", "CREATE TABLE"},
      {"CREATE TABLE t AS SELECT 1", "CREATE TABLE AS"},
      {"CREATE MATERIALIZED VIEW v AS SELECT 1", "CREATE MATERIALIZED VIEW"},
      {"CREATE VIEW v AS SELECT 1", "CREATE VIEW"},
      {"CREATE INDEX i ON t (a)", "CREATE INDEX"},
      {"CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1'", "CREATE FUNCTION"},
      {"CREATE EXTENSION dblink", "CREATE EXTENSION"},
      {"ALTER TABLE t ADD COLUMN b int", "ALTER TABLE"},
      {"ALTER TABLE t RENAME TO u", "ALTER ... RENAME"},
      {"DROP TABLE t", "DROP"},
      {"TRUNCATE t", "TRUNCATE"},
      {"COPY t FROM '/etc/passwd'", "COPY"},
      {"COPY (SELECT 1) TO PROGRAM 'id'", "COPY"},
      {"SET search_path = public", "SET"},
      {"RESET ALL", "RESET"},
      {"SHOW search_path", "SHOW"},
      {"BEGIN", "BEGIN"},
      {"START TRANSACTION", "START TRANSACTION"},
      {"COMMIT", "COMMIT"},
      {"ROLLBACK", "ROLLBACK"},
      {"SAVEPOINT a", "SAVEPOINT"},
      {"GRANT SELECT ON t TO PUBLIC", "GRANT"},
      {"REVOKE SELECT ON t FROM PUBLIC", "REVOKE"},
      {"DO $$ BEGIN PERFORM 1; END $$", "DO"},
      {"CALL p()", "CALL"},
      {"EXPLAIN ANALYZE SELECT 1", "EXPLAIN ANALYZE"},
      {"EXPLAIN (ANALYZE, BUFFERS) SELECT 1", "EXPLAIN ANALYZE"},
      {"EXPLAIN SELECT 1", "EXPLAIN"},
      {"LISTEN c", "LISTEN"},
      {"NOTIFY c", "NOTIFY"},
      {"VACUUM t", "VACUUM"},
      {"ANALYZE t", "ANALYZE"},
      {"LOCK TABLE t", "LOCK"},
      {"PREPARE q AS SELECT 1", "PREPARE"},
      {"EXECUTE q", "EXECUTE"},
      {"DECLARE c CURSOR FOR SELECT 1", "DECLARE CURSOR"},
      {"CHECKPOINT", "CHECKPOINT"},
      {"DISCARD ALL", "DISCARD"},
      {"LOAD 'x'", "LOAD"},
      {"REFRESH MATERIALIZED VIEW v", "REFRESH MATERIALIZED VIEW"},
      {"CREATE SEQUENCE s", "CREATE SEQUENCE"},
      {"CREATE CONVERSION c FOR 'LATIN1' TO 'UTF8' FROM f", "CREATE CONVERSION"},
  };
  for (const auto& [sql, kind] : cases) {
    INFO(sql);
    CHECK(only_finding(sql) ==
          std::string(kind) + " is not allowed: this environment allows one SELECT");
  }
}

TEST_CASE("sql safety: more than one statement is forbidden, at the second", "[sql][safety]") {
  const std::string sql = "SELECT 1;\n  -- then\n  SELECT 2;";
  const SafetyCheck result = check(sql);
  REQUIRE(result.findings.size() == 1);
  CHECK(result.findings[0].message ==
        "2 statements in one file are not allowed: this environment allows one SELECT");
  CHECK(result.findings[0].byte_offset == sql.rfind("SELECT"));
}

TEST_CASE("sql safety: a data-modifying WITH is forbidden", "[sql][safety]") {
  const std::string sql = "WITH gone AS (DELETE FROM cells RETURNING *) SELECT count(*) FROM gone";
  const SafetyCheck result = check(sql);
  REQUIRE(result.findings.size() == 1);
  CHECK(result.findings[0].message ==
        "DELETE inside a query is not allowed: this environment allows one SELECT");
  CHECK(result.findings[0].byte_offset == sql.find("gone"));
  CHECK(only_finding("WITH a AS (SELECT 1), b AS (INSERT INTO t SELECT * FROM a RETURNING 1) "
                     "SELECT * FROM b") ==
        "INSERT inside a query is not allowed: this environment allows one SELECT");
  CHECK(only_finding("WITH u AS (UPDATE t SET a = 2 RETURNING a) SELECT * FROM u") ==
        "UPDATE inside a query is not allowed: this environment allows one SELECT");
}

TEST_CASE("sql safety: SELECT INTO and locking clauses are forbidden", "[sql][safety]") {
  const std::string into = "SELECT a INTO copy_of_t FROM t";
  const SafetyCheck result = check(into);
  REQUIRE(result.findings.size() == 1);
  CHECK(result.findings[0].message ==
        "SELECT INTO is not allowed: it creates a table; this environment allows one SELECT");
  CHECK(result.findings[0].byte_offset == into.find("copy_of_t"));
  CHECK(only_finding("SELECT * FROM t FOR UPDATE") ==
        "SELECT ... FOR UPDATE is not allowed: it locks rows; this environment allows one SELECT");
  CHECK(only_finding("SELECT * FROM t FOR SHARE") ==
        "SELECT ... FOR SHARE is not allowed: it locks rows; this environment allows one SELECT");
  CHECK(only_finding("SELECT * FROM (SELECT * FROM t FOR NO KEY UPDATE) s").find(
            "FOR NO KEY UPDATE is not allowed") != std::string::npos);
  CHECK(only_finding("SELECT * FROM t FOR KEY SHARE SKIP LOCKED").find("FOR KEY SHARE") !=
        std::string::npos);
}

TEST_CASE("sql safety: forbidden functions anywhere in the tree", "[sql][safety]") {
  const std::string sleepy = "SELECT a FROM t WHERE a IN (SELECT b FROM u WHERE pg_sleep(5) IS NULL)";
  const SafetyCheck result = check(sleepy);
  REQUIRE(result.findings.size() == 1);
  CHECK(result.findings[0].message ==
        "function pg_sleep is not allowed: it makes the server sleep (pg_sleep, pg_sleep_for, "
        "pg_sleep_until)");
  CHECK(result.findings[0].byte_offset == sleepy.find("pg_sleep"));

  CHECK(only_finding("SELECT * FROM public.dblink('host=x', 'SELECT 1') AS r(a int)") ==
        "function public.dblink is not allowed: it connects to another database server");
  CHECK(only_finding("SELECT PG_CATALOG.PG_READ_FILE('/etc/passwd')") ==
        "function pg_catalog.pg_read_file is not allowed: it reads a file of the database server");
  CHECK(only_finding("SELECT \"PG_SLEEP_FOR\"('1 s')").find("function PG_SLEEP_FOR") == 0);
  CHECK(only_finding("SELECT Lo_Import('/etc/passwd')").find("function lo_import") == 0);
  CHECK(only_finding("SELECT lo_export(1, '/tmp/x')").find("function lo_export") == 0);
  CHECK(only_finding("SELECT set_config('work_mem', '1GB', false)").find("set_config") !=
        std::string::npos);
  CHECK(only_finding("SELECT pg_advisory_xact_lock(1)").find("advisory lock") !=
        std::string::npos);
  CHECK(only_finding("SELECT query_to_xml('DELETE FROM t RETURNING 1', true, true, '')")
            .find("runs SQL given as a string") != std::string::npos);
  CHECK(only_finding("SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM s")
            .find("pg_terminate_backend") != std::string::npos);
  CHECK(only_finding("SELECT CASE WHEN true THEN nextval('s') END").find("nextval") !=
        std::string::npos);
  CHECK(only_finding("SELECT * FROM pg_ls_dir('.')").find("lists a directory") !=
        std::string::npos);
}

TEST_CASE("sql safety: every finding of a file is reported, in order", "[sql][safety]") {
  const std::string sql = "SELECT pg_sleep(1), pg_reload_conf() FROM t FOR UPDATE";
  const SafetyCheck result = check(sql);
  REQUIRE(result.findings.size() == 3);
  CHECK(result.findings[0].byte_offset == 0);  // the locking clause, at the statement
  CHECK(result.findings[1].byte_offset == sql.find("pg_sleep"));
  CHECK(result.findings[2].byte_offset == sql.find("pg_reload_conf"));
}

TEST_CASE("sql safety: a statement's offset skips comments before it", "[sql][safety]") {
  const std::string sql = "SELECT 1; /* a */ -- b\n DROP TABLE t";
  const SafetyCheck result = check(sql);
  REQUIRE(result.findings.size() == 2);
  CHECK(result.findings[0].byte_offset == sql.find("DROP"));
  CHECK(result.findings[1].message == "DROP is not allowed: this environment allows one SELECT");
  CHECK(result.findings[1].byte_offset == sql.find("DROP"));
}

TEST_CASE("sql safety: a policy allows more kinds and forbids more functions", "[sql][safety]") {
  SqlSafetyPolicy policy;
  policy.allowed_statements = {"SELECT", "explain"};
  policy.max_statements = 2;
  policy.extra_forbidden_functions = {"audit_*", "Secret"};
  CHECK(check("EXPLAIN SELECT 1; SELECT 2", policy).findings.empty());
  const SafetyCheck result =
      check("SELECT app.AUDIT_log(1), secret(); INSERT INTO t VALUES (1)", policy);
  REQUIRE(result.findings.size() == 3);
  CHECK(result.findings[0].message == "function app.audit_log is not allowed: this environment "
                                      "forbids it");
  CHECK(result.findings[1].message == "function secret is not allowed: this environment forbids it");
  CHECK(result.findings[2].message ==
        "INSERT is not allowed: this environment allows up to 2 statements, each SELECT or explain");
  // EXPLAIN ANALYZE of a DELETE executes it: the inner statement is still found.
  policy.allowed_statements = {"EXPLAIN ANALYZE"};
  policy.max_statements = 1;
  CHECK(check("EXPLAIN ANALYZE DELETE FROM t", policy).findings.at(0).message ==
        "DELETE inside a query is not allowed: this environment allows one EXPLAIN ANALYZE");
}

TEST_CASE("sql safety: text PostgreSQL cannot parse is not checked", "[sql][safety]") {
  CHECK_FALSE(check_sql_safety("PRAGMA table_info(t)", {}).parsed);
  CHECK(check_sql_safety("", {}).parsed);
  CHECK(check_sql_safety("", {}).findings.empty());
}

TEST_CASE("sql safety: deep nesting is walked without recursion", "[sql][safety]") {
  std::string sql = "SELECT ";
  for (int i = 0; i < 500; ++i) sql += "(";
  sql += "pg_sleep(1)";
  for (int i = 0; i < 500; ++i) sql += ")";
  const SafetyCheck result = check_sql_safety(sql, {});
  if (result.parsed) {
    REQUIRE(result.findings.size() == 1);
    CHECK(result.findings[0].byte_offset == sql.find("pg_sleep"));
  }
}

TEST_CASE("sql safety: the function table matches names and prefixes", "[sql][safety]") {
  CHECK(find_forbidden_function("pg_sleep_until") != nullptr);
  CHECK(find_forbidden_function("LO_UNLINK") != nullptr);
  CHECK(find_forbidden_function("dblink_exec") != nullptr);
  CHECK(find_forbidden_function("current_setting") == nullptr);
  CHECK(find_forbidden_function("pg_sleepy") != nullptr);  // a prefix entry, on purpose
  CHECK(find_forbidden_function("lower") == nullptr);
  CHECK(find_forbidden_function("pg_read_file_x") == nullptr);
  CHECK(function_name_matches("abc*", "ABCdef"));
  CHECK_FALSE(function_name_matches("abc", "abcd"));
  CHECK_FALSE(function_name_matches("abc*", "ab"));
}
