// Random and mutated bytes into the parsers that read untrusted text: they answer, never crash.
#include <catch2/catch.hpp>
#include <random>

#include "src/environments/csv_reader.h"
#include "src/environments/inline_environment.h"
#include "src/environments/schema_reader.h"

using namespace assay;
using namespace assay::environments;

namespace {

std::string mutate(std::string text, std::mt19937& rng) {
  static const char kAlphabet[] = "\",\n\r'();-\\ abcAZ09\xc3\xa4\xff";
  const int edits = 1 + static_cast<int>(rng() % 8);
  for (int i = 0; i < edits && !text.empty(); ++i) {
    const size_t at = rng() % text.size();
    const char c = kAlphabet[rng() % (sizeof(kAlphabet) - 1)];
    switch (rng() % 3) {
      case 0:
        text[at] = c;
        break;
      case 1:
        text.insert(text.begin() + static_cast<long>(at), c);
        break;
      default:
        text.erase(at, 1);
        break;
    }
  }
  return text;
}

}  // namespace

TEST_CASE("hostile input: mutated CSV, schemas and inline environments",
          "[environments][hostile]") {
  std::mt19937 rng(42);
  const std::string csv = "id,name,v\n1,\"a, \"\"b\"\"\",2.5\n2,,\n";
  const std::string schema = "CREATE TABLE t (id integer NOT NULL, v double precision, d date);";
  size_t csv_errors = 0, schema_errors = 0;
  for (int i = 0; i < 3000; ++i) {
    CsvTable table;
    Diagnostic error;
    if (!read_csv(mutate(csv, rng), "t.csv", 100, table, error)) {
      ++csv_errors;
      REQUIRE(error.location.has_value());
      CHECK(error.location->row >= 1);
      CHECK(error.location->col >= 1);
    }
    std::vector<Table> tables;
    std::vector<Diagnostic> problems;
    if (!read_schema(mutate(schema, rng), "schema.sql", tables, problems)) {
      ++schema_errors;
      REQUIRE_FALSE(problems.empty());
    }
    const std::string rows = R"({"t": [{"id": 1, "v": 2, "d": "2024-01-01"}]})";
    const std::string request =
        "{\"schema\": " +
        nlohmann::json(mutate(schema, rng))
            .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) +
        ", \"rows\": " + rows + "}";
    const auto env = inline_environment(nlohmann::json::parse(request));
    if (!env.is_ok()) CHECK_FALSE(env.status().message().empty());
  }
  // The mutations do break things, so the error paths were walked.
  CHECK(csv_errors > 100);
  CHECK(schema_errors > 100);
}
