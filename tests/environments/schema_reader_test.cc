#include "src/environments/schema_reader.h"

#include <catch2/catch.hpp>

using namespace assay;
using namespace assay::environments;

namespace {

struct Read {
  bool ok;
  std::vector<Table> tables;
  std::vector<Diagnostic> problems;
};

Read read(std::string_view sql) {
  Read r;
  r.ok = read_schema(sql, "schema.sql", r.tables, r.problems);
  return r;
}

}  // namespace

TEST_CASE("schema: CREATE TABLE columns, types and NOT NULL", "[environments][schema]") {
  const Read r = read(
      "-- comment\nCREATE TABLE t (id integer PRIMARY KEY, v double precision, n numeric(10,2),\n"
      "  s varchar(3) NOT NULL, d date, ts timestamp, b boolean, big bigint,\n"
      "  PRIMARY KEY (id));\nCREATE TABLE u (x text);");
  REQUIRE(r.ok);
  REQUIRE(r.tables.size() == 2);
  const Table& t = r.tables[0];
  REQUIRE(t.columns.size() == 8);
  CHECK(t.columns[0].declared_type == "int4");
  CHECK(t.columns[0].kind == ColumnKind::kInteger);
  CHECK(t.columns[0].not_null);
  CHECK(t.columns[1].kind == ColumnKind::kReal);
  CHECK(t.columns[2].kind == ColumnKind::kReal);
  CHECK(t.columns[3].kind == ColumnKind::kText);
  CHECK(t.columns[3].not_null);
  CHECK(t.columns[4].kind == ColumnKind::kDate);
  CHECK(t.columns[5].kind == ColumnKind::kTimestamp);
  CHECK(t.columns[6].kind == ColumnKind::kBoolean);
  CHECK(t.columns[7].declared_type == "int8");
  CHECK_FALSE(t.columns[1].not_null);
  CHECK(r.tables[1].name == "u");
}

TEST_CASE("schema: mistakes carry their row and column", "[environments][schema]") {
  SECTION("syntax error") {
    const Read r = read("CREATE TABLE t (a integer,\n  b integr er);");
    REQUIRE_FALSE(r.ok);
    CHECK(r.problems[0].location == Location{"schema.sql", 2, 12});
    CHECK(r.problems[0].message.find("syntax error") == 0);
  }
  SECTION("another statement") {
    const Read r = read("CREATE TABLE t (a int);\n  DROP TABLE t;");
    REQUIRE_FALSE(r.ok);
    CHECK(r.problems[0].location == Location{"schema.sql", 2, 3});
    CHECK(r.problems[0].message.find("DropStmt") != std::string::npos);
  }
  SECTION("unsupported type") {
    const Read r = read("CREATE TABLE t (a int,\n b jsonb);");
    REQUIRE_FALSE(r.ok);
    CHECK(r.problems[0].location == Location{"schema.sql", 2, 4});
  }
  SECTION("duplicate table and column") {
    const Read r = read("CREATE TABLE t (a int, a text);\nCREATE TABLE t (b int);");
    REQUIRE(r.problems.size() == 2);
    CHECK(r.problems[0].location == Location{"schema.sql", 1, 24});
    CHECK(r.problems[1].location == Location{"schema.sql", 2, 14});
  }
  SECTION("empty schema") { CHECK_FALSE(read("-- nothing\n").ok); }
  SECTION("bad UTF-8") {
    const Read r = read("CREATE TABLE t (a int);\n\xc3");
    REQUIRE_FALSE(r.ok);
    CHECK(r.problems[0].location == Location{"schema.sql", 2, 1});
  }
  SECTION("deeply nested default expression") {
    std::string sql = "CREATE TABLE t (a int DEFAULT ";
    for (int i = 0; i < 5000; ++i) sql += "(";
    sql += "1";
    for (int i = 0; i < 5000; ++i) sql += ")";
    sql += ");";
    const Read r = read(sql);  // either accepted or refused, never a crash
    CHECK((r.ok || !r.problems.empty()));
  }
}
