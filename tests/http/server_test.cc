// assayd for real: the built binary on an ephemeral loopback port, reached over TCP.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "src/http/http_client.h"
#include "tests/support/child_process.h"

using namespace assay;
using assay::testing::BackgroundProcess;
using assay::testing::binary;
using nlohmann::json;

namespace {

// A running assayd; its port is read from its first line of output.
class Assayd {
 public:
  explicit Assayd(std::vector<std::string> extra_args = {}) : process_(argv(extra_args)) {
    const std::string line = process_.read_line(10000);
    const std::string prefix = "assayd listening on 127.0.0.1:";
    REQUIRE(line.rfind(prefix, 0) == 0);
    port_ = std::stoi(line.substr(prefix.size()));
    url_ = "http://127.0.0.1:" + std::to_string(port_);
  }
  int port() const { return port_; }
  const std::string& url() const { return url_; }
  BackgroundProcess& process() { return process_; }

 private:
  static std::vector<std::string> argv(const std::vector<std::string>& extra) {
    std::vector<std::string> args = {binary("assayd"), "--listen", "127.0.0.1:0"};
    args.insert(args.end(), extra.begin(), extra.end());
    return args;
  }
  BackgroundProcess process_;
  int port_ = 0;
  std::string url_;
};

// A plain TCP connection, for what a well-behaved client would not send.
class RawConnection {
 public:
  explicit RawConnection(int port) {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(port));
    inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
    REQUIRE(connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
  }
  ~RawConnection() { close(fd_); }
  void send_text(std::string_view text) {
    while (!text.empty()) {
      const ssize_t n = ::send(fd_, text.data(), text.size(), MSG_NOSIGNAL);
      if (n <= 0) return;
      text.remove_prefix(static_cast<size_t>(n));
    }
  }
  // Reads until `count` complete responses (by Content-Length) arrived, the peer closes, or
  // the timeout passes.
  std::string receive(int timeout_ms, int count = 1) {
    std::string data;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    while (complete_responses(data) < count) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                            deadline - std::chrono::steady_clock::now())
                            .count();
      pollfd p{fd_, POLLIN, 0};
      if (left <= 0 || poll(&p, 1, static_cast<int>(left)) <= 0) break;
      char chunk[65536];
      const ssize_t n = recv(fd_, chunk, sizeof chunk, 0);
      if (n <= 0) {
        closed_ = true;
        break;
      }
      data.append(chunk, static_cast<size_t>(n));
    }
    return data;
  }
  // True when the server closed the connection within the timeout.
  bool closed_by_peer(int timeout_ms) {
    receive(timeout_ms, 1000);
    return closed_;
  }

 private:
  static int complete_responses(const std::string& data) {
    int count = 0;
    size_t at = 0;
    while (true) {
      const size_t header_end = data.find("\r\n\r\n", at);
      if (header_end == std::string::npos) return count;
      const size_t length_at = data.find("Content-Length: ", at);
      if (length_at == std::string::npos || length_at > header_end) return count;
      const size_t length = std::stoul(data.substr(length_at + 16));
      if (data.size() < header_end + 4 + length) return count;
      at = header_end + 4 + length;
      ++count;
    }
  }
  int fd_ = -1;
  bool closed_ = false;
};

Result<http::ClientResponse> post_validate(const std::string& url, const std::string& body) {
  http::ClientRequest request;
  request.method = "POST";
  request.target = "/v1/validate";
  request.body = body;
  return http::send_request(url, request, 10000);
}

json sql_request(const std::string& content) {
  return {{"kind", "sql"}, {"files", {{{"path", "q.sql"}, {"content", content}}}}};
}

std::string write_config(const std::string& name, const std::string& yaml) {
  const std::string path = "/tmp/assay-test-" + std::to_string(getpid()) + "-" + name + ".yaml";
  std::ofstream(path) << yaml;
  return path;
}

}  // namespace

TEST_CASE("server: validates over HTTP with a request id and keep-alive answers") {
  Assayd server;
  auto response = post_validate(server.url(), sql_request("SELECT 1;\nSELEC 2").dump());
  REQUIRE(response);
  CHECK(response->status == 200);
  CHECK(response->content_type == "application/json");
  CHECK(response->header("X-Request-Id").size() == 32);
  const json body = json::parse(response->body);
  CHECK(body["verdict"] == "fail");
  CHECK(body["errors"][0]["location"]["row"] == 2);

  http::ClientRequest health;
  health.headers = {{"X-Request-Id", "trace-42"}};
  health.target = "/healthz";
  auto echoed = http::send_request(server.url(), health, 5000);
  REQUIRE(echoed);
  CHECK(echoed->header("X-Request-Id") == "trace-42");

  // Two requests pipelined on one kept-alive connection.
  RawConnection connection(server.port());
  connection.send_text(
      "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /v1/validators HTTP/1.1\r\nHost: x\r\n\r\n");
  const std::string answers = connection.receive(5000, 2);
  CHECK(answers.find("\"status\":\"ok\"") != std::string::npos);
  CHECK(answers.find("\"validators\"") != std::string::npos);
}

TEST_CASE("server: a rego request with expect runs in assayd's sandbox") {
  Assayd server;
  const json files = {{{"path", "slo.rego"},
                       {"content",
                        "package slo\n\n"
                        "violation contains s.name if {\n"
                        "  some s in input.services\n"
                        "  s.rt > 400\n"
                        "}\n"
                        "test_none if count(violation) == 0 with input as {\"services\": []}\n"
                        "test_wrong if count(violation) == 1 with input as {\"services\": []}\n"}}};
  json request = {{"kind", "rego"},
                  {"files", files},
                  {"expect",
                   {{"query", "data.slo.violation"},
                    {"input", {{"services", {{{"name", "web"}, {"rt", 512}}}}}},
                    {"result", {"web"}}}}};
  auto response = post_validate(server.url(), request.dump());
  REQUIRE(response);
  CHECK(response->status == 200);
  json body = json::parse(response->body);
  INFO(body.dump(2));
  CHECK(body["verdict"] == "pass");
  CHECK(body["stages"][2]["name"] == "run");
  CHECK(body["stages"][2]["status"] == "pass");
  CHECK(body["sandbox"]["exit_code"] == 0);

  request["expect"]["result"] = json::array({"db"});
  body = json::parse(post_validate(server.url(), request.dump())->body);
  CHECK(body["verdict"] == "fail");
  CHECK(body["errors"][0]["code"] == "rego_result_mismatch");
  CHECK(body["errors"][0]["location"] == json{{"file", "slo.rego"}, {"row", 3}, {"col", 1}});

  request.erase("expect");
  body = json::parse(post_validate(server.url(), request.dump())->body);
  CHECK(body["verdict"] == "fail");
  CHECK(body["tests"]["passed"] == 1);
  CHECK(body["tests"]["failed"] == 1);
  REQUIRE(body["tests"]["results"].size() == 2);
  CHECK(body["tests"]["results"][1]["name"] == "data.slo.test_wrong");
  CHECK(body["tests"]["results"][1]["status"] == "fail");
  CHECK(body["errors"][0]["code"] == "rego_test_failed");
  CHECK(body["errors"][0]["location"]["row"] == 8);
}

TEST_CASE("server: malformed JSON, unknown kind and wrong method") {
  Assayd server;
  auto malformed = post_validate(server.url(), "{\"kind\": \"sql\", \"files\": [");
  REQUIRE(malformed);
  CHECK(malformed->status == 400);
  const json error = json::parse(malformed->body);
  CHECK(error["errors"][0]["code"] == "request_invalid");
  CHECK_THAT(error["errors"][0]["message"].get<std::string>(), Catch::Contains("at byte 26"));
  CHECK(error["request_id"] == malformed->header("X-Request-Id"));

  json cobol = sql_request("x");
  cobol["kind"] = "cobol";
  auto unknown = post_validate(server.url(), cobol.dump());
  REQUIRE(unknown);
  CHECK(unknown->status == 400);
  CHECK(json::parse(unknown->body)["errors"][0]["code"] == "kind_unknown");

  http::ClientRequest wrong;
  wrong.method = "PUT";
  wrong.target = "/v1/validate";
  wrong.body = "{}";
  auto method = http::send_request(server.url(), wrong, 5000);
  REQUIRE(method);
  CHECK(method->status == 405);
  CHECK(method->header("Allow") == "POST");
  CHECK(json::parse(method->body)["errors"][0]["code"] == "method_not_allowed");
}

TEST_CASE("server: bytes that are not HTTP get a 400 in the error shape, and the server lives") {
  Assayd server;
  {
    RawConnection garbage(server.port());
    garbage.send_text("\x16\x03\x01 TLS hello?\r\n\r\n");
    const std::string answer = garbage.receive(5000);
    CHECK(answer.rfind("HTTP/1.1 400", 0) == 0);
    CHECK(answer.find("\"code\":\"request_invalid\"") != std::string::npos);
  }
  {
    RawConnection huge_header(server.port());
    huge_header.send_text("GET /healthz HTTP/1.1\r\nX-Big: " + std::string(64 * 1024, 'a') +
                          "\r\n\r\n");
    const std::string answer = huge_header.receive(5000);
    CHECK(answer.rfind("HTTP/1.1 413", 0) == 0);
  }
  http::ClientRequest health;
  health.target = "/healthz";
  auto alive = http::send_request(server.url(), health, 5000);
  REQUIRE(alive);
  CHECK(alive->status == 200);
}

TEST_CASE("server: an oversize body is refused with 413 before it is read") {
  const std::string config = write_config("limits", "limits:\n  max_body_bytes: 1000\n");
  Assayd server({"--config", config});
  auto big = post_validate(server.url(), sql_request(std::string(5000, ' ') + "SELECT 1").dump());
  REQUIRE(big);
  CHECK(big->status == 413);
  CHECK(json::parse(big->body)["errors"][0]["code"] == "request_too_large");

  // The default limit is 4 MiB: a 5 MiB body announced by Content-Length gets 413 at once.
  Assayd defaults;
  RawConnection connection(defaults.port());
  connection.send_text("POST /v1/validate HTTP/1.1\r\nHost: x\r\nContent-Length: 5242880\r\n\r\n");
  const std::string answer = connection.receive(5000);
  CHECK(answer.rfind("HTTP/1.1 413", 0) == 0);
  CHECK(answer.find("request_too_large") != std::string::npos);
  std::remove(config.c_str());
}

TEST_CASE("server: a client that sends no header in time is disconnected") {
  const std::string config =
      write_config("timeouts", "limits:\n  header_timeout_ms: 200\n  idle_timeout_ms: 200\n");
  Assayd server({"--config", config});
  RawConnection silent(server.port());
  CHECK(silent.closed_by_peer(3000));
  RawConnection slow(server.port());
  slow.send_text("GET /healthz HTTP/1.1\r\n");  // and never the rest
  CHECK(slow.closed_by_peer(3000));
  std::remove(config.c_str());
}

TEST_CASE("server: 50 concurrent clients are all answered correctly") {
  Assayd server;
  std::atomic<int> right{0};
  std::vector<std::thread> clients;
  for (int i = 0; i < 50; ++i) {
    clients.emplace_back([&, i] {
      // Odd clients send a broken query whose error row depends on i.
      const std::string sql =
          std::string(static_cast<size_t>(i), '\n') + (i % 2 ? "SELEC 1" : "SELECT 1");
      auto response = post_validate(server.url(), sql_request(sql).dump());
      if (!response || response->status != 200) return;
      const json body = json::parse(response->body);
      const bool ok =
          i % 2 ? body["verdict"] == "fail" && body["errors"][0]["location"]["row"] == i + 1
                : body["verdict"] == "pass";
      if (ok) ++right;
    });
  }
  for (auto& client : clients) client.join();
  CHECK(right == 50);
}

TEST_CASE("server: SIGTERM finishes the request in flight, closes idle ones, and exits 0") {
  Assayd server;
  RawConnection idle(server.port());
  RawConnection in_flight(server.port());
  const std::string body = sql_request("SELECT 1").dump();
  const std::string head =
      "POST /v1/validate HTTP/1.1\r\nHost: x\r\nContent-Length: " + std::to_string(body.size()) +
      "\r\n\r\n";
  in_flight.send_text(head + body.substr(0, 10));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));

  server.process().send_signal(SIGTERM);
  CHECK(idle.closed_by_peer(3000));
  in_flight.send_text(body.substr(10));
  const std::string answer = in_flight.receive(5000);
  CHECK(answer.rfind("HTTP/1.1 200", 0) == 0);
  CHECK(answer.find("\"verdict\":\"pass\"") != std::string::npos);
  CHECK(answer.find("Connection: close") != std::string::npos);
  CHECK(server.process().wait(5000) == 0);
}

TEST_CASE("server: a malformed sandbox policy stops start-up, naming the file and the field") {
  const std::string dir = "/tmp/assay-test-policies-" + std::to_string(getpid());
  std::filesystem::create_directories(dir);
  std::filesystem::copy(assay::testing::source_path("policies/sandbox"), dir,
                        std::filesystem::copy_options::overwrite_existing);
  std::ofstream(dir + "/default.limits.yaml") << "limits:\n  memory_mb: many\n";
  auto refused = assay::testing::run_process({binary("assayd"), "--policies", dir});
  std::filesystem::remove_all(dir);
  CHECK(refused.exit_code == 2);
  CHECK_THAT(refused.err, Catch::Contains("default.limits.yaml:2:"));
  CHECK_THAT(refused.err, Catch::Contains("memory_mb"));
}

TEST_CASE("server: bad flags and bad config files are refused with exit code 2") {
  auto bad_flag = assay::testing::run_process({binary("assayd"), "--bogus"});
  CHECK(bad_flag.exit_code == 2);
  CHECK_THAT(bad_flag.err, Catch::Contains("unknown argument '--bogus'"));
  const std::string config = write_config("bad", "limits:\n  max_body_bytes: lots\n");
  auto bad_config = assay::testing::run_process({binary("assayd"), "--config", config});
  CHECK(bad_config.exit_code == 2);
  CHECK_THAT(bad_config.err, Catch::Contains(config + ":2:"));
  CHECK_THAT(bad_config.err, Catch::Contains("max_body_bytes"));
  std::remove(config.c_str());
}
