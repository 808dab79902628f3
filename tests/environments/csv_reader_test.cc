#include "src/environments/csv_reader.h"

#include <catch2/catch.hpp>

#include "src/environments/limits.h"

using namespace assay;
using namespace assay::environments;

namespace {

struct Read {
  bool ok;
  CsvTable table;
  Diagnostic error;
};

Read read(std::string_view text, size_t max_records = 100) {
  Read r;
  r.ok = read_csv(text, "t.csv", max_records, r.table, r.error);
  return r;
}

}  // namespace

TEST_CASE("csv: header, quoted fields, NULL and empty strings", "[environments][csv]") {
  const Read r = read("a,b,c\r\n1,\"x, \"\"y\"\"\",\n2,\"\",z\n");
  REQUIRE(r.ok);
  REQUIRE(r.table.header.size() == 3);
  REQUIRE(r.table.records.size() == 2);
  CHECK(*r.table.records[0].fields[1].value == "x, \"y\"");
  CHECK_FALSE(r.table.records[0].fields[2].value.has_value());  // empty unquoted: NULL
  CHECK(*r.table.records[1].fields[1].value == "");             // quoted empty: ""
  CHECK(r.table.records[1].fields[2].row == 3);
  CHECK(r.table.records[1].fields[2].col == 6);
}

TEST_CASE("csv: a byte order mark is skipped", "[environments][csv]") {
  const Read r = read("\xEF\xBB\xBFid\n1\n");
  REQUIRE(r.ok);
  CHECK(*r.table.header[0].value == "id");
}

TEST_CASE("csv: a quoted field may span lines; positions follow", "[environments][csv]") {
  const Read r = read("a,b\n\"line1\nline2\",ä\n3,4\n");
  REQUIRE(r.ok);
  CHECK(*r.table.records[0].fields[0].value == "line1\nline2");
  CHECK(r.table.records[1].fields[1].row == 4);
  CHECK(r.table.records[1].fields[1].col == 3);
}

TEST_CASE("csv: mistakes are reported at their row and column", "[environments][csv]") {
  SECTION("wrong field count") {
    const Read r = read("a,b\n1,2\n3\n");
    REQUIRE_FALSE(r.ok);
    CHECK(r.error.location == Location{"t.csv", 3, 1});
    CHECK(r.error.message == "expected 2 fields, found 1");
  }
  SECTION("unterminated quote") {
    const Read r = read("a,b\n1,\"open\n");
    REQUIRE_FALSE(r.ok);
    CHECK(r.error.location == Location{"t.csv", 2, 3});
    CHECK(r.error.code == "environment_invalid");
  }
  SECTION("text after a closing quote") {
    const Read r = read("a,b\n1,\"x\"y\n");
    REQUIRE_FALSE(r.ok);
    CHECK(r.error.location == Location{"t.csv", 2, 6});
  }
  SECTION("a quote inside an unquoted field") {
    const Read r = read("a,b\n1,x\"y\n");
    REQUIRE_FALSE(r.ok);
    CHECK(r.error.location == Location{"t.csv", 2, 4});
  }
  SECTION("invalid UTF-8") {
    const Read r = read("a,b\n1,\xff\n");
    REQUIRE_FALSE(r.ok);
    CHECK(r.error.location == Location{"t.csv", 2, 3});
  }
  SECTION("duplicate and empty header names") {
    CHECK(read("a,a\n").error.location == Location{"t.csv", 1, 3});
    CHECK(read("a,,b\n").error.message == "empty column name in the header");
  }
  SECTION("empty file") { CHECK_FALSE(read("").ok); }
  SECTION("too many rows") {
    const Read r = read("a\n1\n2\n3\n", 2);
    REQUIRE_FALSE(r.ok);
    CHECK(r.error.location->row == 4);
  }
  SECTION("a huge field") {
    const Read r = read("a\n" + std::string(kMaxFieldBytes + 10, 'x') + "\n");
    REQUIRE_FALSE(r.ok);
    CHECK(r.error.location == Location{"t.csv", 2, 1});
  }
}
