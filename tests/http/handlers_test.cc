// The HTTP API as pure functions: no socket, the same answers the server gives.
#include "src/http/handlers.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "src/environments/environment_loader.h"
#include "validators/validator_table.h"

using namespace assay;
using namespace assay::http;
using nlohmann::json;

namespace {

const Registry& registry() {
  static const Registry instance = make_registry();
  return instance;
}

HttpResponse call(std::string method, std::string target, std::string body = "") {
  return handle(HttpRequest{std::move(method), std::move(target), std::move(body), "req-1"},
                Services{registry()});
}

json sql_request(const std::string& content) {
  return {{"kind", "sql"}, {"files", {{{"path", "q.sql"}, {"content", content}}}}};
}

}  // namespace

TEST_CASE("handlers: POST /v1/validate answers a verdict") {
  const auto ok = call("POST", "/v1/validate", sql_request("SELECT 1").dump());
  CHECK(ok.status == 200);
  CHECK(ok.content_type == "application/json");
  const json body = json::parse(ok.body);
  CHECK(body["verdict"] == "pass");
  CHECK(body["score"] == 1.0);
  CHECK(body["validation_id"].get<std::string>().size() == 32);

  const auto bad = call("POST", "/v1/validate", sql_request("SELECT *\n  FORM t").dump());
  CHECK(bad.status == 200);
  const json failed = json::parse(bad.body);
  CHECK(failed["verdict"] == "fail");
  REQUIRE(failed["errors"].size() == 1);
  CHECK(failed["errors"][0]["code"] == "sql_syntax_error");
  CHECK(failed["errors"][0]["location"] == json{{"file", "q.sql"}, {"row", 2}, {"col", 3}});
}

TEST_CASE("handlers: bad requests get 4xx with the error shape") {
  const auto malformed = call("POST", "/v1/validate", "{\"kind\": ");
  CHECK(malformed.status == 400);
  const json body = json::parse(malformed.body);
  CHECK(body["errors"][0]["code"] == "request_invalid");
  CHECK_THAT(body["errors"][0]["message"].get<std::string>(), Catch::Contains("at byte"));
  CHECK(body["request_id"] == "req-1");

  const auto missing = call("POST", "/v1/validate", R"({"kind": "sql"})");
  CHECK(missing.status == 400);
  CHECK(json::parse(missing.body)["errors"][0]["message"] == "missing required field 'files'");

  json cobol = sql_request("x");
  cobol["kind"] = "cobol";
  const auto unknown = call("POST", "/v1/validate", cobol.dump());
  CHECK(unknown.status == 400);
  CHECK(json::parse(unknown.body)["errors"][0]["code"] == "kind_unknown");

  json env = sql_request("SELECT 1");
  env["environment"] = "nowhere";
  const auto no_env = call("POST", "/v1/validate", env.dump());
  CHECK(no_env.status == 400);
  CHECK(json::parse(no_env.body)["errors"][0]["code"] == "environment_unknown");
}

TEST_CASE("handlers: wrong method is 405 with Allow; unknown path is 404") {
  const auto wrong = call("GET", "/v1/validate");
  CHECK(wrong.status == 405);
  REQUIRE(wrong.headers.size() == 1);
  CHECK(wrong.headers[0] == std::pair<std::string, std::string>{"Allow", "POST"});
  CHECK(json::parse(wrong.body)["errors"][0]["code"] == "method_not_allowed");

  const auto missing = call("GET", "/v2/nothing");
  CHECK(missing.status == 404);
  CHECK(json::parse(missing.body)["errors"][0]["code"] == "not_found");
}

TEST_CASE("handlers: query strings do not change the route") {
  CHECK(call("GET", "/healthz?probe=1").status == 200);
}

TEST_CASE("handlers: SARIF and text formats") {
  json request = sql_request("SELEC 1");
  request["options"] = {{"format", "sarif"}};
  const auto sarif = call("POST", "/v1/validate", request.dump());
  CHECK(sarif.status == 200);
  CHECK(sarif.content_type == "application/sarif+json");
  const json log = json::parse(sarif.body);
  CHECK(log["version"] == "2.1.0");
  CHECK(log["runs"][0]["results"][0]["ruleId"] == "sql_syntax_error");

  request["options"] = {{"format", "text"}};
  const auto text = call("POST", "/v1/validate", request.dump());
  CHECK_THAT(text.body, Catch::StartsWith("q.sql:1:1: error: syntax error at or near \"SELEC\""));
  CHECK_THAT(text.body, Catch::EndsWith("verdict: fail\n"));
}

TEST_CASE("handlers: GET /v1/validators lists the table") {
  const auto list = call("GET", "/v1/validators");
  CHECK(list.status == 200);
  const json body = json::parse(list.body);
  REQUIRE(body["validators"].size() == registry().validators().size());
  const json& sql = body["validators"][0];
  CHECK(sql["name"] == "sql");
  CHECK(sql["kinds"] == json{"sql"});
  CHECK(sql["file_patterns"] == json{"*.sql"});
  CHECK(sql["dialects"] == json{"postgres", "sqlite"});
  CHECK(sql["stages"] == json({"parse", "check"}));
}

namespace {

const environments::EnvironmentSet& shipped_environments() {
  static const environments::EnvironmentSet set = environments::load_environments(
      std::string(ASSAY_SOURCE_DIR) + "/sandboxes/environments");
  return set;
}

HttpResponse call_with_environments(std::string method, std::string target) {
  return handle(HttpRequest{std::move(method), std::move(target), "", "req-2"},
                Services{registry(), &shipped_environments()});
}

}  // namespace

TEST_CASE("handlers: GET /v1/environments lists names, tables and columns") {
  const auto response = call_with_environments("GET", "/v1/environments");
  REQUIRE(response.status == 200);
  const json body = json::parse(response.body);
  REQUIRE(body["environments"].size() == 3);
  std::vector<std::string> names;
  for (const json& env : body["environments"]) names.push_back(env["name"]);
  CHECK(names == std::vector<std::string>{"infra-slo", "retail", "telco-5g"});
  const json& telco = body["environments"][2];
  CHECK_FALSE(telco["description"].get<std::string>().empty());
  REQUIRE(telco["tables"].size() == 3);
  CHECK(telco["tables"][1]["name"] == "onu_traffic");
  CHECK(telco["tables"][1]["columns"][5] ==
        json{{"name", "downlink_volume"}, {"type", "float8"}, {"kind", "real"},
             {"not_null", false}});
  CHECK_FALSE(telco["tables"][1].contains("rows"));

  // Without environments the list is empty, not an error.
  const auto none = call("GET", "/v1/environments");
  CHECK(none.status == 200);
  CHECK(json::parse(none.body)["environments"] == json::array());
}

TEST_CASE("handlers: GET /v1/environments/{name} has row counts; unknown names are 404") {
  const auto response = call_with_environments("GET", "/v1/environments/retail?x=1");
  REQUIRE(response.status == 200);
  const json body = json::parse(response.body);
  CHECK(body["name"] == "retail");
  CHECK(body["tables"][3]["name"] == "orders");
  CHECK(body["tables"][3]["rows"] == 251);
  CHECK(body["rego"] == json{{"data", false}, {"input", false}});

  const auto slo = json::parse(call_with_environments("GET", "/v1/environments/infra-slo").body);
  CHECK(slo["rego"] == json{{"data", true}, {"input", true}});
  CHECK(slo["files"] == json::array({"files/README.txt"}));

  const auto unknown = call_with_environments("GET", "/v1/environments/nope");
  CHECK(unknown.status == 404);
  CHECK(json::parse(unknown.body)["errors"][0]["code"] == "environment_unknown");
  CHECK(call_with_environments("GET", "/v1/environments/").status == 404);
  CHECK(call_with_environments("GET", "/v1/environments/a/b").status == 404);
  const auto post = call_with_environments("POST", "/v1/environments/retail");
  CHECK(post.status == 405);
}

TEST_CASE("handlers: a validation names a known environment or carries one that loads") {
  auto post = [](const json& body) {
    return handle(HttpRequest{"POST", "/v1/validate", body.dump(), "req-3"},
                  Services{registry(), &shipped_environments()});
  };
  const json sql = {{"kind", "sql"}, {"files", {{{"path", "q.sql"}, {"content", "SELECT 1"}}}}};
  json named = sql;
  named["environment"] = "telco-5g";
  const auto named_response = post(named);
  INFO(named_response.body);
  CHECK(named_response.status == 200);

  json unknown = sql;
  unknown["environment"] = "no-such-env";
  const auto refused = post(unknown);
  CHECK(refused.status == 400);
  CHECK(json::parse(refused.body)["errors"][0]["code"] == "environment_unknown");

  json inline_env = sql;
  inline_env["environment"] = {{"schema", "CREATE TABLE t (a integer);"},
                               {"rows", {{"t", {{{"a", 1}}, {{"a", 2}}}}}}};
  CHECK(post(inline_env).status == 200);

  json broken = sql;
  broken["environment"] = {{"schema", "CREATE TABLE t (a integer);"},
                           {"rows", {{"t", {{{"missing_column", 1}}}}}}};
  const auto bad = post(broken);
  CHECK(bad.status == 400);
  CHECK(json::parse(bad.body)["errors"][0]["message"].get<std::string>().find("missing_column") !=
        std::string::npos);
}
