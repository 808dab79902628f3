// The only translation unit that includes Boost.Beast (it is heavy to compile): the assayd
// server of server.h and the client of http_client.h. Sessions follow Beast's advanced async
// server example: one strand per connection, a tcp_stream whose expiry enforces the timeouts,
// a request_parser whose limits enforce header and body sizes.
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <cstdio>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <thread>
#include <unordered_map>
#include <vector>

#include "src/core/ids.h"
#include "src/core/version.h"
#include "src/http/handlers.h"
#include "src/http/http_client.h"
#include "src/http/server.h"

namespace assay::http {
namespace {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;

const std::string kServerHeader = "assay/" + std::string(kAssayVersion);

// A client-chosen request id is echoed only when it is short and plain.
bool is_plain_id(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (const char c : id) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.') {
      return false;
    }
  }
  return true;
}

class Server;

// One TCP connection: reads requests one at a time, answers each through handle().
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket&& socket, Server& server);
  ~Session();
  void start();
  // Called on the session's strand when the server drains: closes the connection if it is
  // waiting for a new request; otherwise it closes after the response in flight.
  void drain();
  net::any_io_executor executor() { return stream_.get_executor(); }

 private:
  void read_header();
  void on_header(beast::error_code error, size_t bytes);
  void on_body(beast::error_code error, size_t bytes);
  // What to answer when reading failed: a Status to send (too large, not HTTP), or nothing
  // when the peer left or timed out and the connection should just close.
  std::optional<Status> refusal_for(beast::error_code error) const;
  void refuse_or_close(beast::error_code error);
  void answer(HttpResponse response, bool keep_alive);
  void on_write(bool keep_alive, beast::error_code error, size_t bytes);
  void close();
  void log_access(int status, size_t bytes_out);

  beast::tcp_stream stream_;
  Server& server_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  std::shared_ptr<bhttp::response<bhttp::string_body>> response_;
  bool first_request_ = true;
  bool waiting_for_request_ = false;  // reading a header with nothing received yet
  std::string request_id_, method_, target_, remote_;
  Clock::time_point started_;
};

class Server {
 public:
  Server(const ServerConfig& config, const Registry& registry,
         const environments::EnvironmentSet* environments)
      : config_(config),
        services_{registry, environments},
        threads_(config.threads > 0 ? config.threads
                                    : std::max(1u, std::thread::hardware_concurrency())),
        io_(threads_),
        acceptor_(net::make_strand(io_)),
        signals_(io_, SIGINT, SIGTERM),
        drain_timer_(net::make_strand(io_)) {}

  int run();

  const ServerConfig& config() const { return config_; }
  const Services& services() const { return services_; }
  bool draining() const { return draining_.load(); }

  void add(Session* session, std::weak_ptr<Session> handle) {
    std::lock_guard lock(sessions_mutex_);
    sessions_.emplace(session, std::move(handle));
  }
  void remove(Session* session) {
    std::lock_guard lock(sessions_mutex_);
    sessions_.erase(session);
    if (draining_ && !stopped_ && sessions_.empty()) stop_drain_timer();
  }

 private:
  beast::error_code listen();
  void accept();
  void begin_drain(int signal_number);
  void stop_drain_timer();

  ServerConfig config_;
  Services services_;
  int threads_;
  // Declared before io_: sessions still queued in io_ when it is destroyed remove themselves.
  std::mutex sessions_mutex_;
  std::unordered_map<Session*, std::weak_ptr<Session>> sessions_;
  std::atomic<bool> draining_{false};
  std::atomic<bool> stopped_{false};  // io_ no longer runs: nothing may be posted to it
  net::io_context io_;
  tcp::acceptor acceptor_;
  net::signal_set signals_;
  net::steady_timer drain_timer_;  // on its own strand: set by the drain, cancelled by sessions
};

Session::Session(tcp::socket&& socket, Server& server)
    : stream_(std::move(socket)), server_(server) {
  beast::error_code ignored;
  const auto endpoint = stream_.socket().remote_endpoint(ignored);
  if (!ignored) remote_ = endpoint.address().to_string() + ":" + std::to_string(endpoint.port());
}

Session::~Session() { server_.remove(this); }

void Session::start() {
  server_.add(this, weak_from_this());
  net::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->read_header(); });
}

void Session::drain() {
  if (waiting_for_request_ && buffer_.size() == 0) close();
}

void Session::read_header() {
  if (server_.draining()) return close();
  const ServerConfig& config = server_.config();
  parser_.emplace();
  parser_->header_limit(static_cast<std::uint32_t>(config.max_header_bytes));
  parser_->body_limit(config.max_body_bytes);
  stream_.expires_after(std::chrono::milliseconds(first_request_ ? config.header_timeout_ms
                                                                 : config.idle_timeout_ms));
  waiting_for_request_ = true;
  bhttp::async_read_header(stream_, buffer_, *parser_,
                           beast::bind_front_handler(&Session::on_header, shared_from_this()));
}

std::optional<Status> Session::refusal_for(beast::error_code error) const {
  const ServerConfig& config = server_.config();
  if (error == bhttp::error::body_limit) {
    return Status::error("request_too_large", "the request body is larger than " +
                                                  std::to_string(config.max_body_bytes) + " bytes");
  }
  if (error == bhttp::error::header_limit) {
    return Status::error("request_too_large", "the request headers are larger than " +
                                                  std::to_string(config.max_header_bytes) +
                                                  " bytes");
  }
  const bool peer_left = error == bhttp::error::end_of_stream ||
                         error == bhttp::error::partial_message || error == beast::error::timeout ||
                         error == net::error::operation_aborted ||
                         error == net::error::connection_reset;
  if (peer_left) return std::nullopt;
  return Status::error("request_invalid", "malformed HTTP: " + error.message());
}

void Session::refuse_or_close(beast::error_code error) {
  const std::optional<Status> refusal = refusal_for(error);
  if (!refusal) return close();
  if (request_id_.empty()) request_id_ = new_id();
  answer(error_response(*refusal, request_id_), false);
}

void Session::on_header(beast::error_code error, size_t) {
  waiting_for_request_ = false;
  first_request_ = false;
  started_ = Clock::now();
  if (error) return refuse_or_close(error);
  const auto& header = parser_->get();
  method_ = std::string(header.method_string());
  target_ = std::string(header.target());
  const auto id = header.find("X-Request-Id");
  request_id_ =
      id != header.end() && is_plain_id(id->value()) ? std::string(id->value()) : new_id();
  stream_.expires_after(std::chrono::milliseconds(server_.config().body_timeout_ms));
  bhttp::async_read(stream_, buffer_, *parser_,
                    beast::bind_front_handler(&Session::on_body, shared_from_this()));
}

void Session::on_body(beast::error_code error, size_t) {
  if (error) return refuse_or_close(error);
  auto request = parser_->release();
  HttpRequest plain{method_, target_, std::move(request.body()), request_id_};
  HttpResponse response;
  try {
    response = handle(plain, server_.services());
  } catch (const std::exception& e) {
    spdlog::error("request {} failed: {}", request_id_, e.what());
    response =
        error_response(Status::error("internal_error", "assay failed internally"), request_id_);
  }
  answer(std::move(response), request.keep_alive() && !server_.draining());
}

void Session::answer(HttpResponse response, bool keep_alive) {
  response_ = std::make_shared<bhttp::response<bhttp::string_body>>(
      static_cast<bhttp::status>(response.status), 11);
  response_->set(bhttp::field::server, kServerHeader);
  response_->set(bhttp::field::content_type, response.content_type);
  response_->set("X-Request-Id", request_id_);
  for (const auto& [name, value] : response.headers) response_->set(name, value);
  response_->keep_alive(keep_alive);
  response_->body() = std::move(response.body);
  response_->prepare_payload();
  stream_.expires_after(std::chrono::milliseconds(server_.config().body_timeout_ms));
  bhttp::async_write(stream_, *response_,
                     beast::bind_front_handler(&Session::on_write, shared_from_this(), keep_alive));
}

void Session::on_write(bool keep_alive, beast::error_code error, size_t bytes) {
  log_access(response_ ? response_->result_int() : 0, bytes);
  response_.reset();
  request_id_.clear();
  method_.clear();
  target_.clear();
  if (error || !keep_alive || server_.draining()) return close();
  read_header();
}

void Session::close() {
  beast::error_code ignored;
  stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
  stream_.socket().close(ignored);
}

void Session::log_access(int status, size_t bytes_out) {
  if (!spdlog::should_log(spdlog::level::info)) return;
  const double ms = std::chrono::duration<double, std::milli>(Clock::now() - started_).count();
  const nlohmann::json line = {
      {"request_id", request_id_}, {"method", method_}, {"target", target_}, {"status", status},
      {"bytes_out", bytes_out},    {"duration_ms", ms}, {"remote", remote_}};
  spdlog::info("{}", line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

beast::error_code Server::listen() {
  beast::error_code error;
  const auto address = net::ip::make_address(config_.host, error);
  if (error) return error;
  const tcp::endpoint endpoint(address, config_.port);
  acceptor_.open(endpoint.protocol(), error);
  if (!error) acceptor_.set_option(net::socket_base::reuse_address(true), error);
  if (!error) acceptor_.bind(endpoint, error);
  if (!error) acceptor_.listen(net::socket_base::max_listen_connections, error);
  return error;
}

void Server::accept() {
  acceptor_.async_accept(net::make_strand(io_),
                         [this](beast::error_code error, tcp::socket socket) {
                           if (error) {
                             if (!acceptor_.is_open()) return;  // closed by the drain
                             spdlog::warn("accept failed: {}", error.message());
                           } else {
                             std::make_shared<Session>(std::move(socket), *this)->start();
                           }
                           accept();
                         });
}

void Server::begin_drain(int signal_number) {
  spdlog::info("signal {}: draining in-flight requests, then exiting", signal_number);
  // The timer starts before draining_ is set, so a session that ends after seeing draining_
  // cancels it only after it started.
  net::post(drain_timer_.get_executor(), [this] {
    drain_timer_.expires_after(std::chrono::milliseconds(config_.drain_timeout_ms));
    drain_timer_.async_wait([this](beast::error_code error) {
      if (error) return;  // cancelled: every session ended in time
      spdlog::warn("drain timeout: closing the connections still open");
      io_.stop();
    });
    std::lock_guard lock(sessions_mutex_);
    if (sessions_.empty()) drain_timer_.cancel();
  });
  draining_ = true;
  net::post(acceptor_.get_executor(), [this] {
    beast::error_code ignored;
    acceptor_.close(ignored);
  });
  std::vector<std::shared_ptr<Session>> live;
  {
    std::lock_guard lock(sessions_mutex_);
    for (auto& [raw, weak] : sessions_) {
      if (auto session = weak.lock()) live.push_back(std::move(session));
    }
  }
  for (auto& session : live) {
    net::post(session->executor(), [session] { session->drain(); });
  }
}

void Server::stop_drain_timer() {
  net::post(drain_timer_.get_executor(), [this] { drain_timer_.cancel(); });
}

int Server::run() {
  if (const beast::error_code error = listen()) {
    spdlog::error("cannot listen on {}:{}: {}", config_.host, config_.port, error.message());
    return 1;
  }
  const auto bound = acceptor_.local_endpoint();
  std::printf("assayd listening on %s:%u\n", bound.address().to_string().c_str(),
              static_cast<unsigned>(bound.port()));
  std::fflush(stdout);
  spdlog::info("assayd {} listening on {}:{} with {} threads", kAssayVersion,
               bound.address().to_string(), bound.port(), threads_);

  signals_.async_wait([this](beast::error_code error, int signal_number) {
    if (!error) begin_drain(signal_number);
  });
  accept();

  std::vector<std::thread> workers;
  for (int i = 1; i < threads_; ++i) workers.emplace_back([this] { io_.run(); });
  io_.run();
  for (auto& worker : workers) worker.join();
  stopped_ = true;
  // Everything is drained when run() returns before the drain timer fires.
  spdlog::info("assayd stopped");
  return 0;
}

}  // namespace

int run_server(const ServerConfig& config, const Registry& registry,
               const environments::EnvironmentSet* environments) {
  static std::once_flag logger_once;
  std::call_once(logger_once,
                 [] { spdlog::set_default_logger(spdlog::stderr_logger_mt("assayd")); });
  spdlog::set_level(spdlog::level::from_str(config.log_level));
  Server server(config, registry, environments);
  return server.run();
}

std::string ClientResponse::header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (beast::iequals(key, name)) return value;
  }
  return {};
}

Result<ClientResponse> send_request(const std::string& base_url, const ClientRequest& request,
                                    int timeout_ms) {
  constexpr std::string_view kScheme = "http://";
  if (!base_url.starts_with(kScheme)) {
    return Status::error("request_invalid",
                         "server URL '" + base_url + "' must start with http://");
  }
  std::string rest = base_url.substr(kScheme.size());
  std::string prefix;
  if (const size_t slash = rest.find('/'); slash != std::string::npos) {
    prefix = rest.substr(slash);
    rest = rest.substr(0, slash);
    while (!prefix.empty() && prefix.back() == '/') prefix.pop_back();
  }
  std::string host = rest, port = "80";
  if (const size_t colon = rest.rfind(':'); colon != std::string::npos && rest.back() != ']') {
    host = rest.substr(0, colon);
    port = rest.substr(colon + 1);
  }
  if (host.size() > 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  if (host.empty())
    return Status::error("request_invalid", "server URL '" + base_url + "' has no host");

  try {
    net::io_context io;
    tcp::resolver resolver(io);
    beast::tcp_stream stream(io);
    stream.expires_after(std::chrono::milliseconds(timeout_ms));
    beast::error_code error;
    const auto endpoints = resolver.resolve(host, port, error);
    if (error) {
      return Status::error("server_unreachable", "cannot resolve " + host + ": " + error.message());
    }
    stream.connect(endpoints, error);
    if (error) {
      return Status::error("server_unreachable",
                           "cannot connect to " + base_url + ": " + error.message());
    }
    bhttp::request<bhttp::string_body> message(bhttp::string_to_verb(request.method),
                                               prefix + request.target, 11);
    if (message.method() == bhttp::verb::unknown) message.method_string(request.method);
    message.set(bhttp::field::host, rest);
    message.set(bhttp::field::user_agent, kServerHeader);
    message.set(bhttp::field::connection, "close");
    for (const auto& [name, value] : request.headers) message.set(name, value);
    if (!request.body.empty() || request.method == "POST") {
      message.set(bhttp::field::content_type, request.content_type);
      message.body() = request.body;
      message.prepare_payload();
    }
    bhttp::write(stream, message, error);
    if (error) {
      return Status::error("server_unreachable", "sending to " + base_url + ": " + error.message());
    }
    beast::flat_buffer buffer;
    bhttp::response_parser<bhttp::string_body> parser;
    parser.body_limit(256 * 1024 * 1024);
    bhttp::read(stream, buffer, parser, error);
    if (error) {
      return Status::error("server_unreachable",
                           "reading the answer of " + base_url + ": " + error.message());
    }
    const auto& answer = parser.get();
    ClientResponse response;
    response.status = answer.result_int();
    response.body = answer.body();
    for (const auto& field : answer) {
      response.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
    }
    response.content_type = response.header("Content-Type");
    stream.socket().shutdown(tcp::socket::shutdown_both, error);
    return response;
  } catch (const std::exception& e) {
    return Status::error("server_unreachable", std::string("HTTP exchange failed: ") + e.what());
  }
}

}  // namespace assay::http
