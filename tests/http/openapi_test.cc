// Keeps openapi.json true: the routes the server answers are exactly the documented paths,
// and real responses (success and error) conform to the documented schemas.
#include "src/http/openapi.h"

#include <catch2/catch.hpp>
#include <functional>
#include <nlohmann/json.hpp>
#include <set>

#include "src/http/handlers.h"
#include "src/environments/environment_loader.h"
#include "tests/support/json_schema.h"
#include "validators/validator_table.h"

using namespace assay;
using namespace assay::http;
using assay::testing::schema_mismatch;
using nlohmann::json;

namespace {

const json& document() {
  static const json doc = json::parse(openapi_document_text());
  return doc;
}

HttpResponse call(const std::string& method, const std::string& target, const std::string& body) {
  static const Registry registry = make_registry();
  static const environments::EnvironmentSet environments = environments::load_environments(
      std::string(ASSAY_SOURCE_DIR) + "/sandboxes/environments");
  return handle(HttpRequest{method, target, body, "rid"}, Services{registry, &environments});
}

// The schema the document gives for this method, path, status and content type. An answer
// to an undocumented method (405) is looked up under the path's documented operations.
json response_schema(const std::string& method, const std::string& path, int status,
                     const std::string& content_type) {
  std::string m = method;
  for (char& c : m) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const json& operations = document().at("paths").at(path);
  const json& operation = operations.contains(m) ? operations.at(m) : operations.begin().value();
  const json& responses = operation.at("responses");
  REQUIRE(responses.contains(std::to_string(status)));
  json response = responses.at(std::to_string(status));
  if (response.contains("$ref")) {
    response = document().at(json::json_pointer(response["$ref"].get<std::string>().substr(1)));
  }
  return response.at("content").at(content_type).at("schema");
}

// `target` is what is requested, `path` the documented path it answers to ("{name}").
void check_conforms(const std::string& method, const std::string& path, const std::string& body,
                    const std::string& target = "") {
  const HttpResponse response = call(method, target.empty() ? path : target, body);
  const json schema = response_schema(method, path, response.status, response.content_type);
  REQUIRE_FALSE(schema.is_null());
  INFO(method << " " << path << " -> " << response.status << " " << response.body);
  CHECK(schema_mismatch(json::parse(response.body), schema, document()) == "");
}

}  // namespace

TEST_CASE("openapi: the document is OpenAPI 3.1 with the running version") {
  CHECK(document()["openapi"] == "3.1.0");
  CHECK_FALSE(document()["info"]["version"].get<std::string>().empty());
}

TEST_CASE("openapi: documented paths are exactly the routes") {
  std::set<std::pair<std::string, std::string>> documented, served;
  for (const auto& [path, operations] : document()["paths"].items()) {
    for (const auto& [method, operation] : operations.items()) {
      std::string upper = method;
      for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      documented.emplace(upper, path);
    }
  }
  for (const RouteInfo& route : routes()) served.emplace(route.method, route.path);
  CHECK(documented == served);
}

TEST_CASE("openapi: every $ref resolves") {
  std::function<void(const json&)> visit = [&](const json& node) {
    if (node.is_object()) {
      if (node.contains("$ref")) {
        const std::string ref = node["$ref"].get<std::string>();
        INFO(ref);
        CHECK(document().contains(json::json_pointer(ref.substr(1))));
      }
      for (const auto& [key, child] : node.items()) visit(child);
    } else if (node.is_array()) {
      for (const json& child : node) visit(child);
    }
  };
  visit(document());
}

TEST_CASE("openapi: real responses conform to their schemas") {
  const json pass = {{"kind", "sql"}, {"files", {{{"path", "a.sql"}, {"content", "SELECT 1"}}}}};
  json fail = pass;
  fail["files"][0]["content"] = "SELEC 1";
  fail["expect"] = {{"rows", json::array()}};
  check_conforms("POST", "/v1/validate", pass.dump());
  check_conforms("POST", "/v1/validate", fail.dump());
  check_conforms("POST", "/v1/validate", "{not json");
  check_conforms("POST", "/v1/validate",
                 R"({"kind": "cobol", "files": [{"path": "a", "content": ""}]})");
  check_conforms("GET", "/v1/validators", "");
  check_conforms("GET", "/healthz", "");
  check_conforms("GET", "/v1/environments", "");
  check_conforms("GET", "/v1/environments/{name}", "", "/v1/environments/telco-5g");
  check_conforms("GET", "/v1/environments/{name}", "", "/v1/environments/nope");
  check_conforms("POST", "/v1/environments", "");
  check_conforms("GET", "/openapi.json", "");
  check_conforms("DELETE", "/healthz", "");
}

TEST_CASE("openapi: the request schema accepts what the server accepts") {
  const json schema = document()["components"]["schemas"]["ValidateRequest"];
  const json full = {{"kind", "sql"},
                     {"files", {{{"path", "a.sql"}, {"content", "SELECT 1"}}}},
                     {"dialect", "sqlite"},
                     {"environment", "telco-5g"},
                     {"expect", {{"rows", {{1}}}}},
                     {"trail", {{"service_name", "StarCoder"}}},
                     {"options", {{"timeout_ms", 100}, {"stages", {"parse"}}, {"format", "json"}}}};
  CHECK(schema_mismatch(full, schema, document()) == "");
  CHECK(schema_mismatch(json{{"kind", "sql"}}, schema, document()) != "");
}
