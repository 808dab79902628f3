// make bench, part 5: the Rego evaluator.
//   (a) Evaluations per second of a realistic RBAC policy (bench/data/rbac.rego) over a data
//       document of 1,000 users and 50 roles, each evaluation a different request, against the
//       same decision hand-written in C++ over the same values (the baseline, in the same run):
//       the ratio says what the interpreter costs over native code.
//   (b) With the conformance runner's path: the wall time of the whole conformance suite (every
//       case compiled and evaluated), against compiling alone (the front end) in the same run.
//
// usage: rego_eval_bench POLICY [CONFORMANCE_RUNNER]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "src/rego/compiler.h"
#include "src/rego/eval/evaluator.h"
#include "src/rego/parser.h"

using namespace assay::rego;

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

const char* const kActions[] = {"read", "write", "delete", "approve", "export"};
const char* const kTypes[] = {"invoice", "report", "dataset", "dashboard", "pipeline",
                              "cluster", "secret",  "ticket",  "order",     "model"};

// 50 roles, each granting 4 (action, type) pairs; 1,000 users with 1 to 3 roles each.
Value rbac_data() {
  std::vector<ObjectEntry> roles;
  for (int r = 0; r < 50; ++r) {
    std::vector<Value> grants;
    for (int g = 0; g < 4; ++g) {
      grants.push_back(Value::object(
          {{Value::string("action"), Value::string(kActions[(r + g) % 5])},
           {Value::string("type"), Value::string(kTypes[(r * 3 + g) % 10])}}));
    }
    roles.emplace_back(Value::string("role" + std::to_string(r)),
                       Value::object({{Value::string("grants"), Value::array(grants)}}));
  }
  std::vector<ObjectEntry> users;
  for (int u = 0; u < 1000; ++u) {
    std::vector<Value> user_roles;
    for (int k = 0; k <= u % 3; ++k) {
      user_roles.push_back(Value::string("role" + std::to_string((u * 7 + k * 13) % 50)));
    }
    users.emplace_back(Value::string("user" + std::to_string(u)),
                       Value::object({{Value::string("roles"), Value::array(user_roles)},
                                      {Value::string("active"), Value::boolean(u % 10 != 0)}}));
  }
  return Value::object({{Value::string("roles"), Value::object(std::move(roles))},
                        {Value::string("users"), Value::object(std::move(users))}});
}

Value request(int i) {
  return Value::object(
      {{Value::string("user"), Value::string("user" + std::to_string((i * 37) % 1100))},
       {Value::string("action"), Value::string(kActions[i % 5])},
       {Value::string("resource"),
        Value::object({{Value::string("type"), Value::string(kTypes[(i / 5) % 10])}})}});
}

// The policy's decision, written by hand over the same values.
bool native_allow(const Value& data, const Value& input) {
  const Value* user = data.find(Value::string("users"))->find(*input.find(Value::string("user")));
  if (user == nullptr || !user->find(Value::string("active"))->as_boolean()) return false;
  const Value& action = *input.find(Value::string("action"));
  const Value& type = *input.find(Value::string("resource"))->find(Value::string("type"));
  const Value& roles = *data.find(Value::string("roles"));
  for (const Value& role : user->find(Value::string("roles"))->array_items()) {
    const Value* r = roles.find(role);
    if (r == nullptr) continue;
    for (const Value& grant : r->find(Value::string("grants"))->array_items()) {
      if (*grant.find(Value::string("action")) == action &&
          *grant.find(Value::string("type")) == type) {
        return true;
      }
    }
  }
  return false;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s POLICY [CONFORMANCE_RUNNER]\n", argv[0]);
    return 2;
  }
  std::ifstream file(argv[1]);
  std::stringstream text;
  text << file.rdbuf();
  ParsedModule parsed = parse_module(argv[1], text.str(), {});
  if (!parsed.errors.empty()) {
    std::fprintf(stderr, "%s: %s\n", argv[1], parsed.errors.front().message.c_str());
    return 2;
  }
  std::vector<std::unique_ptr<Module>> modules;
  modules.push_back(std::move(parsed.module));
  CompileResult compiled = compile(std::move(modules), {});
  if (!compiled.errors.empty()) {
    std::fprintf(stderr, "%s: %s\n", argv[1], compiled.errors.front().message.c_str());
    return 2;
  }
  auto policy = PreparedPolicy::prepare(compiled);
  CompileQueryResult query = compile_query(policy->compiled(), *parse_query("data.rbac.allow", {}).body);
  EvalOptions options;
  options.data = rbac_data();

  // Both sides decide the same requests; their answers must agree.
  constexpr int kRequests = 20000;
  std::vector<Value> inputs;
  for (int i = 0; i < kRequests; ++i) inputs.push_back(request(i));
  int allowed = 0, native_allowed = 0;
  auto start = Clock::now();
  for (const Value& input : inputs) {
    options.input = input;
    allowed += evaluate_compiled_query(*policy, query, options).solutions.empty() ? 0 : 1;
  }
  const double eval_seconds = seconds_since(start);
  start = Clock::now();
  for (const Value& input : inputs) native_allowed += native_allow(options.data, input) ? 1 : 0;
  const double native_seconds = seconds_since(start);
  if (allowed != native_allowed) {
    std::fprintf(stderr, "the policy allowed %d requests, the native check %d\n", allowed,
                 native_allowed);
    return 1;
  }
  std::printf("Rego evaluator, RBAC policy over 1,000 users and 50 roles, %d requests (%d allowed)\n",
              kRequests, allowed);
  std::printf("  evaluator              %10.0f evaluations/s  (%.1f us each)\n",
              kRequests / eval_seconds, eval_seconds / kRequests * 1e6);
  std::printf("  hand-written C++       %10.0f decisions/s    ratio %.0fx\n",
              kRequests / native_seconds, eval_seconds / std::max(native_seconds, 1e-9));

  if (argc > 2) {
    // The runner compiles and evaluates every case; `--only /` would not change that, so the
    // front end alone is timed by the front-end benchmark (rego_bench) in the same `make bench`.
    start = Clock::now();
    const std::string command = std::string(argv[2]) + " > /dev/null";
    const int status = std::system(command.c_str());
    std::printf("  conformance suites, compiled and evaluated: %.2f s wall (exit %d)\n",
                seconds_since(start), status);
  }
  return 0;
}
