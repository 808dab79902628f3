#include "src/core/request_json.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using assay::parse_request;
using assay::request_from_json;
using assay::request_to_json;
using assay::Stage;
using nlohmann::json;

namespace {

json minimal() {
  return {{"kind", "sql"}, {"files", {{{"path", "q.sql"}, {"content", "SELECT 1"}}}}};
}

std::string rejection(const json& body) {
  auto request = request_from_json(body);
  REQUIRE_FALSE(request);
  CHECK(request.status().code() == "request_invalid");
  return request.status().message();
}

}  // namespace

TEST_CASE("a minimal request takes the defaults") {
  auto request = request_from_json(minimal());
  REQUIRE(request);
  CHECK(request->kind == "sql");
  REQUIRE(request->files.size() == 1);
  CHECK(request->files[0].path == "q.sql");
  CHECK(request->dialect.empty());
  CHECK(request->options.timeout_ms == 5000);
  CHECK(request->options.stages.size() == 3);
  CHECK(request->environment.is_null());
}

TEST_CASE("a full request round-trips through JSON") {
  json body = minimal();
  body["dialect"] = "sqlite";
  body["environment"] = {{"schema", "CREATE TABLE t(a int);"}, {"rows", json::object()}};
  body["expect"] = {{"rows", {{1}}}};
  body["trail"] = {{"task_instance_id", "t-1"}, {"service_name", "StarCoder"}};
  body["options"] = {{"timeout_ms", 1500}, {"stages", {"check", "parse"}}, {"format", "sarif"}};
  body["files"].push_back({{"path", "dir/ü.sql"}, {"content", "SELECT 'é';\n"}});
  auto request = request_from_json(body);
  REQUIRE(request);
  CHECK(request->options.stages == std::vector<Stage>{Stage::kParse, Stage::kCheck});
  CHECK(request->options.format == assay::OutputFormat::kSarif);

  auto again = request_from_json(request_to_json(*request));
  REQUIRE(again);
  CHECK(again->kind == request->kind);
  CHECK(again->dialect == "sqlite");
  CHECK(again->files[1].path == "dir/ü.sql");
  CHECK(again->files[1].content == "SELECT 'é';\n");
  CHECK(again->environment == body["environment"]);
  CHECK(again->expect == body["expect"]);
  CHECK(again->trail == body["trail"]);
  CHECK(again->options.timeout_ms == 1500);
  CHECK(again->options.stages == request->options.stages);
  CHECK(again->options.format == assay::OutputFormat::kSarif);
}

TEST_CASE("unknown fields are ignored") {
  json body = minimal();
  body["future_field"] = {{"x", 1}};
  body["options"] = {{"colour", "blue"}};
  CHECK(request_from_json(body));
}

TEST_CASE("missing required fields are named") {
  json no_kind = minimal();
  no_kind.erase("kind");
  CHECK(rejection(no_kind) == "missing required field 'kind'");
  json no_files = minimal();
  no_files.erase("files");
  CHECK(rejection(no_files) == "missing required field 'files'");
  json no_content = minimal();
  no_content["files"][0].erase("content");
  CHECK(rejection(no_content) == "missing required field 'files[0].content'");
  json no_path = minimal();
  no_path["files"].push_back({{"content", "x"}});
  CHECK(rejection(no_path) == "missing required field 'files[1].path'");
}

TEST_CASE("fields of the wrong type or out of bounds are named") {
  auto with = [](const char* key, json value) {
    json body = minimal();
    body[key] = std::move(value);
    return body;
  };
  CHECK_THAT(rejection(json::array()), Catch::Contains("JSON object"));
  CHECK_THAT(rejection(with("kind", 3)), Catch::Contains("'kind'"));
  CHECK_THAT(rejection(with("kind", "")), Catch::Contains("'kind'"));
  CHECK_THAT(rejection(with("files", "q.sql")), Catch::Contains("'files'"));
  CHECK_THAT(rejection(with("files", json::array())), Catch::Contains("at least one"));
  CHECK_THAT(rejection(with("files", {{{"path", ""}, {"content", ""}}})),
             Catch::Contains("'files[0].path' must not be empty"));
  CHECK_THAT(rejection(with("files", {{{"path", 1}, {"content", ""}}})),
             Catch::Contains("'files[0].path' must be a string"));
  CHECK_THAT(rejection(with("files",
                            {{{"path", "a"}, {"content", ""}}, {{"path", "a"}, {"content", ""}}})),
             Catch::Contains("repeats"));
  CHECK_THAT(rejection(with("dialect", 5)), Catch::Contains("'dialect'"));
  CHECK_THAT(rejection(with("environment", 5)), Catch::Contains("'environment'"));
  CHECK_THAT(rejection(with("expect", "rows")), Catch::Contains("'expect'"));
  CHECK_THAT(rejection(with("trail", json::array())), Catch::Contains("'trail'"));
  CHECK_THAT(rejection(with("options", {{"timeout_ms", 0}})),
             Catch::Contains("'options.timeout_ms'"));
  CHECK_THAT(rejection(with("options", {{"timeout_ms", 1.5}})),
             Catch::Contains("'options.timeout_ms'"));
  CHECK_THAT(rejection(with("options", {{"timeout_ms", 99999999999}})), Catch::Contains("between"));
  CHECK_THAT(rejection(with("options", {{"stages", {"parse", "lint"}}})),
             Catch::Contains("'options.stages[1]'"));
  CHECK_THAT(rejection(with("options", {{"stages", json::array()}})),
             Catch::Contains("'options.stages'"));
  CHECK_THAT(rejection(with("options", {{"format", "xml"}})), Catch::Contains("'options.format'"));
}

TEST_CASE("too many files are refused") {
  json body = minimal();
  body["files"] = json::array();
  for (int i = 0; i < 1001; ++i) {
    body["files"].push_back({{"path", "f" + std::to_string(i) + ".sql"}, {"content", ""}});
  }
  CHECK_THAT(rejection(body), Catch::Contains("at most 1000"));
}

TEST_CASE("parse_request reports malformed JSON with its offset") {
  auto request = parse_request(R"({"kind": "sql" "files": []})");
  REQUIRE_FALSE(request);
  CHECK(request.status().code() == "request_invalid");
  CHECK_THAT(request.status().message(),
             Catch::StartsWith("malformed JSON at byte 21"));  // after the unexpected token
}
