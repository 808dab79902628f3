// Tests for sandbox_profile.h: loading profiles from policies/sandbox/, from the embedded copy
// and from given files; every mistake naming its file, line, column and field.
#include "sandboxes/runtime/sandbox_profile.h"

#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>

#include "sandboxes/runtime/embedded_policies.h"
#include "tests/support/child_process.h"

namespace {

using assay::sandbox::default_bind_ro;
using assay::sandbox::default_env;
using assay::sandbox::PolicyFiles;
using assay::sandbox::PolicySet;
using assay::sandbox::ResourceLimits;
using assay::sandbox::SandboxProfile;
using assay::sandbox::SeccompAction;
using assay::sandbox::SeccompRule;
using assay::sandbox::parse_seccomp_profile;

constexpr const char* kAllowAll = R"({"defaultAction": "SCMP_ACT_ALLOW"})";
constexpr const char* kDenyUnshare =
    R"({"defaultAction": "SCMP_ACT_ALLOW",
        "syscalls": [{"names": ["unshare"], "action": "SCMP_ACT_KILL_PROCESS"}]})";

std::string policy_dir() { return assay::testing::source_path("policies/sandbox"); }

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

bool same_limits(const ResourceLimits& a, const ResourceLimits& b) {
  return a.wall_timeout_ms == b.wall_timeout_ms && a.cpu_seconds == b.cpu_seconds &&
         a.memory_mb == b.memory_mb && a.address_space_mb == b.address_space_mb &&
         a.max_processes == b.max_processes && a.max_open_files == b.max_open_files &&
         a.max_file_size_mb == b.max_file_size_mb && a.workspace_mb == b.workspace_mb &&
         a.tmp_mb == b.tmp_mb && a.output_bytes == b.output_bytes;
}

bool same_program(const SandboxProfile& a, const SandboxProfile& b) {
  const auto& x = a.seccomp.instructions;
  const auto& y = b.seccomp.instructions;
  return a.seccomp.notifies == b.seccomp.notifies && x.size() == y.size() &&
         std::memcmp(x.data(), y.data(), x.size() * sizeof(x[0])) == 0;
}

// The profile `name` of a set loaded from `files`; fails the test when loading fails.
SandboxProfile load_one(const PolicyFiles& files, const std::string& name) {
  auto set = PolicySet::load_files(files);
  if (!set) FAIL(set.status().message());
  const SandboxProfile* profile = set->find(name);
  REQUIRE(profile != nullptr);
  return *profile;
}

// The message of loading p.limits.yaml (with an allow-all p.seccomp.json) when it fails.
std::string limits_error(const std::string& yaml) {
  auto set = PolicySet::load_files({{"p.seccomp.json", kAllowAll}, {"p.limits.yaml", yaml}});
  if (set) return "(loaded)";
  CHECK(set.status().code() == "policy_invalid");
  return set.status().message();
}

std::string files_error(const PolicyFiles& files) {
  auto set = PolicySet::load_files(files);
  if (set) return "(loaded)";
  CHECK(set.status().code() == "policy_invalid");
  return set.status().message();
}

// A fresh directory under /tmp, removed with everything in it at the end of the scope.
class TemporaryDirectory {
 public:
  TemporaryDirectory() {
    char pattern[] = "/tmp/assay-policy-test-XXXXXX";
    REQUIRE(mkdtemp(pattern) != nullptr);
    path_ = pattern;
  }
  ~TemporaryDirectory() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  const std::string& path() const { return path_; }
  void write(const std::string& name, const std::string& content) const {
    std::ofstream(path_ + "/" + name, std::ios::binary) << content;
  }

 private:
  std::string path_;
};

TEST_CASE("the shipped default profile loads from policies/sandbox") {
  auto set = PolicySet::load_directory(policy_dir());
  if (!set) FAIL(set.status().message());
  CHECK(set->names() == std::vector<std::string>{"default", "rego"});
  const SandboxProfile* profile = set->find("default");
  REQUIRE(profile != nullptr);
  CHECK(profile->name == "default");
  CHECK(profile->seccomp_name == "default");
  CHECK(profile->seccomp.notifies);
  CHECK_FALSE(profile->seccomp.instructions.empty());
  CHECK(same_limits(profile->limits, ResourceLimits{}));  // the file spells out the defaults
  CHECK(profile->bind_ro == std::vector<std::string>{"/usr", "/lib", "/lib64", "/bin", "/sbin",
                                                     "/etc/alternatives", "/etc/ld.so.cache",
                                                     "/etc/localtime"});
  CHECK(profile->bind_ro == default_bind_ro());
  CHECK(profile->env == std::map<std::string, std::string>{{"PATH", "/usr/local/bin:/usr/bin:/bin"},
                                                           {"LANG", "C.UTF-8"},
                                                           {"HOME", "/workspace"},
                                                           {"TMPDIR", "/tmp"}});
  CHECK(profile->env == default_env());
  CHECK(set->find("python") == nullptr);
  CHECK(set->find("") == nullptr);
}

TEST_CASE("the shipped rego profile is tight: little memory, no writes, its own deny-by-default filter") {
  auto set = PolicySet::load_directory(policy_dir());
  if (!set) FAIL(set.status().message());
  const SandboxProfile* profile = set->find("rego");
  REQUIRE(profile != nullptr);
  CHECK(profile->seccomp_name == "rego");
  CHECK(profile->seccomp.notifies);
  CHECK(profile->limits.memory_mb == 256);
  CHECK(profile->limits.max_processes <= 4);
  CHECK(profile->limits.max_file_size_mb == 1);
  CHECK(profile->env.count("PATH") == 0);
  std::ifstream file(policy_dir() + "/rego.seccomp.json");
  const std::string json((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  auto seccomp = parse_seccomp_profile("rego.seccomp.json", json);
  REQUIRE(seccomp);
  CHECK(seccomp->default_action == SeccompAction::kKillProcess);
  for (const SeccompRule& rule : seccomp->rules) {
    for (const std::string& name : rule.syscalls) {
      CHECK(name != "socket");
      CHECK(name != "clone");
      CHECK(name != "fork");
      CHECK(name != "open");  // openat only, and only read-only
      if (name == "clone3") CHECK(rule.action == SeccompAction::kErrno);
    }
  }
}

TEST_CASE("the embedded copy is byte for byte policies/sandbox and loads the same profiles") {
  std::vector<std::string> on_disk;
  for (const auto& entry : std::filesystem::directory_iterator(policy_dir())) {
    const std::string name = entry.path().filename().string();
    if (name[0] != '.') on_disk.push_back(name);
  }
  std::sort(on_disk.begin(), on_disk.end());
  std::vector<std::string> embedded;
  for (const auto& [name, content] : assay::sandbox::embedded_policy_files()) {
    embedded.emplace_back(name);
    INFO(name);
    CHECK(content == read_file(policy_dir() + "/" + std::string(name)));
  }
  CHECK(embedded == on_disk);

  auto from_disk = PolicySet::load_directory(policy_dir());
  auto from_binary = PolicySet::load_embedded();
  REQUIRE(from_disk);
  if (!from_binary) FAIL(from_binary.status().message());
  REQUIRE(from_binary->names() == from_disk->names());
  for (const std::string& name : from_disk->names()) {
    const SandboxProfile& a = *from_disk->find(name);
    const SandboxProfile& b = *from_binary->find(name);
    CHECK(same_program(a, b));
    CHECK(same_limits(a.limits, b.limits));
    CHECK(a.bind_ro == b.bind_ro);
    CHECK(a.env == b.env);
    CHECK(a.seccomp_name == b.seccomp_name);
  }
}

TEST_CASE("an empty limits file gets every default") {
  const SandboxProfile profile =
      load_one({{"p.seccomp.json", kAllowAll}, {"p.limits.yaml", ""}}, "p");
  CHECK(same_limits(profile.limits, ResourceLimits{}));
  CHECK(profile.bind_ro == default_bind_ro());
  CHECK(profile.env == default_env());
  CHECK_FALSE(profile.seccomp.notifies);
}

TEST_CASE("every limit can be set; the ones left out keep their defaults") {
  const SandboxProfile all =
      load_one({{"p.seccomp.json", kAllowAll},
                {"p.limits.yaml",
                 "limits:\n  wall_timeout_ms: 600000\n  cpu_seconds: 1\n  memory_mb: 16\n"
                 "  address_space_mb: 2048\n  max_processes: 1\n  max_open_files: 16\n"
                 "  max_file_size_mb: 1\n  workspace_mb: 2\n  tmp_mb: 3\n  output_bytes: 1024\n"}},
               "p");
  ResourceLimits expected;
  expected.wall_timeout_ms = 600000;
  expected.cpu_seconds = 1;
  expected.memory_mb = 16;
  expected.address_space_mb = 2048;
  expected.max_processes = 1;
  expected.max_open_files = 16;
  expected.max_file_size_mb = 1;
  expected.workspace_mb = 2;
  expected.tmp_mb = 3;
  expected.output_bytes = 1024;
  CHECK(same_limits(all.limits, expected));

  const SandboxProfile some = load_one(
      {{"p.seccomp.json", kAllowAll}, {"p.limits.yaml", "limits:\n  memory_mb: 1024\n"}}, "p");
  ResourceLimits defaults_but_memory;
  defaults_but_memory.memory_mb = 1024;
  CHECK(same_limits(some.limits, defaults_but_memory));

  const SandboxProfile no_address_limit = load_one(
      {{"p.seccomp.json", kAllowAll}, {"p.limits.yaml", "limits: {address_space_mb: 0}"}}, "p");
  CHECK(no_address_limit.limits.address_space_mb == 0);
}

TEST_CASE("bind_ro and env, when given, replace the defaults") {
  const SandboxProfile profile =
      load_one({{"p.seccomp.json", kAllowAll},
                {"p.limits.yaml",
                 "bind_ro: [/usr, /opt/python3.12]\n"
                 "env:\n  PATH: /usr/bin\n  _X1: ''\n  PYTHONHASHSEED: 0\n  QUOTED: \"a: b\"\n"}},
               "p");
  CHECK(profile.bind_ro == std::vector<std::string>{"/usr", "/opt/python3.12"});
  CHECK(profile.env ==
        std::map<std::string, std::string>{
            {"PATH", "/usr/bin"}, {"_X1", ""}, {"PYTHONHASHSEED", "0"}, {"QUOTED", "a: b"}});
  CHECK(load_one({{"p.seccomp.json", kAllowAll}, {"p.limits.yaml", "bind_ro: []\nenv: {}\n"}}, "p")
            .env.empty());
}

TEST_CASE("seccomp: other reuses another profile's seccomp file") {
  auto set =
      PolicySet::load_files({{"base.seccomp.json", kDenyUnshare},
                             {"base.limits.yaml", ""},
                             {"python.limits.yaml", "seccomp: base\nlimits: {memory_mb: 64}"},
                             {"shared.seccomp.json", kAllowAll},
                             {"sql.limits.yaml", "seccomp: shared"}});
  if (!set) FAIL(set.status().message());
  CHECK(set->names() == std::vector<std::string>{"base", "python", "sql"});
  CHECK(set->find("python")->seccomp_name == "base");
  CHECK(same_program(*set->find("python"), *set->find("base")));
  CHECK(set->find("python")->seccomp.notifies);
  CHECK(set->find("python")->limits.memory_mb == 64);
  CHECK(set->find("sql")->seccomp_name == "shared");
  CHECK_FALSE(set->find("sql")->seccomp.notifies);
  CHECK(set->find("shared") == nullptr);  // a seccomp file alone is not a profile
}

TEST_CASE("each mistake in a limits file names the file, line, column and field") {
  const std::pair<std::string, std::string> cases[] = {
      {"memory: 512\n",
       "p.limits.yaml:1:1: memory: unknown key (known: seccomp, limits, "
       "bind_ro, env)"},
      {"limits:\n  memory_gb: 1\n",
       "p.limits.yaml:2:3: limits.memory_gb: unknown limit (known: wall_timeout_ms, cpu_seconds, "
       "memory_mb, address_space_mb, max_processes, max_open_files, max_file_size_mb, "
       "workspace_mb, tmp_mb, output_bytes)"},
      {"limits:\n  memory_mb: 8\n",
       "p.limits.yaml:2:14: limits.memory_mb: 8 is out of range "
       "16..65536"},
      {"limits:\n  memory_mb: 65537\n",
       "p.limits.yaml:2:14: limits.memory_mb: 65537 is out of range 16..65536"},
      {"limits:\n  wall_timeout_ms: 0\n",
       "p.limits.yaml:2:20: limits.wall_timeout_ms: 0 is out of range 1..600000"},
      {"limits:\n  wall_timeout_ms: 600001\n",
       "p.limits.yaml:2:20: limits.wall_timeout_ms: 600001 is out of range 1..600000"},
      {"limits:\n  cpu_seconds: 99999999999999999999999\n",
       "p.limits.yaml:2:16: limits.cpu_seconds: 99999999999999999999999 is out of range 1..3600"},
      {"limits:\n  address_space_mb: 8\n",
       "p.limits.yaml:2:21: limits.address_space_mb: 8 is out of range 16..1048576 (or 0 for "
       "none)"},
      {"limits:\n  output_bytes: 2147483648\n",
       "p.limits.yaml:2:17: limits.output_bytes: 2147483648 is out of range 1024..1073741824"},
      {"limits:\n  memory_mb: -5\n",
       "p.limits.yaml:2:14: limits.memory_mb: expected an integer in 16..65536, found '-5'"},
      {"limits:\n  memory_mb: 1.5\n",
       "p.limits.yaml:2:14: limits.memory_mb: expected an integer in 16..65536, found '1.5'"},
      {"limits:\n  memory_mb: 512MB\n",
       "p.limits.yaml:2:14: limits.memory_mb: expected an integer in 16..65536, found '512MB'"},
      {"limits:\n  memory_mb: \"512\"\n",
       "p.limits.yaml:2:14: limits.memory_mb: expected an integer in 16..65536"},
      {"limits:\n  memory_mb: [1]\n",
       "p.limits.yaml:2:14: limits.memory_mb: expected an integer in 16..65536"},
      {"limits:\n  memory_mb: 64\n  memory_mb: 128\n",
       "p.limits.yaml:3:3: limits.memory_mb: appears twice"},
      {"limits: 5\n", "p.limits.yaml:1:9: limits: expected a mapping of limit names to numbers"},
      {"env: {}\nenv: {}\n", "p.limits.yaml:2:1: env: appears twice"},
      {"- a\n", "p.limits.yaml:1:1: expected a mapping of seccomp, limits, bind_ro, env"},
      {"limits: {memory_mb: 64\n", "p.limits.yaml:2:1: end of map flow not found"},
      {"env: {}\n---\nenv: {}\n", "p.limits.yaml:3:1: more than one YAML document"},
      {"bind_ro: /usr\n", "p.limits.yaml:1:10: bind_ro: expected a list of absolute paths"},
      {"bind_ro:\n  - usr\n", "p.limits.yaml:2:5: bind_ro[0]: 'usr' must be an absolute path"},
      {"bind_ro:\n  - /usr\n  - /\n",
       "p.limits.yaml:3:5: bind_ro[1]: '/' must not be / itself: that would expose the whole host"},
      {"bind_ro: [/usr/../etc]\n",
       "p.limits.yaml:1:11: bind_ro[0]: '/usr/../etc' must not contain .. components"},
      {"bind_ro: [/usr/..]\n",
       "p.limits.yaml:1:11: bind_ro[0]: '/usr/..' must not contain .. components"},
      {"bind_ro: [/usr/./lib]\n",
       "p.limits.yaml:1:11: bind_ro[0]: '/usr/./lib' must not contain . components"},
      {"bind_ro: [/usr/]\n", "p.limits.yaml:1:11: bind_ro[0]: '/usr/' must not end with /"},
      {"bind_ro: [//usr]\n", "p.limits.yaml:1:11: bind_ro[0]: '//usr' must not contain //"},
      {"bind_ro: [\"/usr\\nx\"]\n",
       "p.limits.yaml:1:11: bind_ro[0]: '/usr\nx' contains a control character"},
      {"bind_ro: [/usr, /usr]\n", "p.limits.yaml:1:17: bind_ro[1]: '/usr' is listed twice"},
      {"bind_ro: [{a: b}]\n", "p.limits.yaml:1:11: bind_ro[0]: expected a string"},
      {"env: [PATH]\n", "p.limits.yaml:1:6: env: expected a mapping of names to values"},
      {"env:\n  1PATH: x\n",
       "p.limits.yaml:2:3: env.1PATH: not a variable name ([A-Za-z_][A-Za-z0-9_]*)"},
      {"env:\n  MY-VAR: x\n",
       "p.limits.yaml:2:3: env.MY-VAR: not a variable name ([A-Za-z_][A-Za-z0-9_]*)"},
      {"env:\n  A: \"x\\0y\"\n", "p.limits.yaml:2:6: env.A: contains NUL"},
      {"env:\n  A:\n", "p.limits.yaml:2:3: env.A: has no value; write '' for an empty one"},
      {"seccomp:\nlimits: {}\n", "p.limits.yaml:1:1: seccomp: has no value"},
      {"env:\n  A: [1]\n", "p.limits.yaml:2:6: env.A: expected a string"},
      {"seccomp: nope\n", "p.limits.yaml:1:10: seccomp: no seccomp file nope.seccomp.json"},
      {"seccomp: ../etc\n", "p.limits.yaml:1:10: seccomp: '../etc' is not a profile name"},
  };
  for (const auto& [yaml, expected] : cases) {
    INFO(yaml);
    CHECK(limits_error(yaml) == expected);
  }
}

TEST_CASE("a profile's files must come in pairs, with names that say what they are") {
  CHECK(files_error({{"p.limits.yaml", ""}}) ==
        "p.seccomp.json: missing: p.limits.yaml needs it (or a 'seccomp:' key naming another "
        "profile's)");
  CHECK(files_error({{"p.seccomp.json", kAllowAll}}) ==
        "p.limits.yaml: missing: p.seccomp.json has no limits file, and no profile uses it with "
        "'seccomp:'");
  CHECK(files_error({{"p.seccomp.json", kAllowAll},
                     {"p.limits.yaml", "seccomp: q"},
                     {"q.seccomp.json", kAllowAll}}) ==
        "p.seccomp.json: unused, because p.limits.yaml says seccomp: q; remove one of the two");
  CHECK(files_error({{"p.seccomp.json", kAllowAll}, {"p.limits.yaml", ""}, {"README.md", "x"}}) ==
        "README.md: not a sandbox policy file: expected <name>.seccomp.json or "
        "<name>.limits.yaml, where <name> is letters, digits, '-' and '_'");
  CHECK_THAT(files_error({{"a b.limits.yaml", ""}}), Catch::StartsWith("a b.limits.yaml: not a "));
  CHECK_THAT(files_error({{".seccomp.json", kAllowAll}}),  // hidden, so skipped: nothing left
             Catch::Contains("no sandbox profiles"));
  CHECK(files_error({{"p.limits.yaml", ""}, {"p.limits.yaml", ""}}) ==
        "p.limits.yaml: given twice");
  CHECK(files_error({}) == "policy files: no sandbox profiles");
}

TEST_CASE("a mistake in a seccomp file is reported with that file's name and JSON path") {
  CHECK(files_error({{"p.limits.yaml", ""},
                     {"p.seccomp.json",
                      R"({"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [
                           {"names": ["socket"], "action": "SCMP_ACT_KILL",
                            "args": [{"index": 0, "value": 1, "op": "SCMP_CMP_XX"}]}]})"}}) ==
        "p.seccomp.json: syscalls[0].args[0].op: unknown operator 'SCMP_CMP_XX'");
  CHECK_THAT(files_error({{"p.limits.yaml", ""}, {"p.seccomp.json", "{"}}),
             Catch::StartsWith("p.seccomp.json: malformed JSON at byte 1"));
}

TEST_CASE("load_directory names files by their path and skips hidden ones") {
  TemporaryDirectory dir;
  dir.write("p.seccomp.json", kDenyUnshare);
  dir.write("p.limits.yaml", "limits:\n  tmp_mb: 0\n");
  dir.write(".p.limits.yaml.swp", "junk");
  auto set = PolicySet::load_directory(dir.path());
  REQUIRE_FALSE(set);
  CHECK(set.status().code() == "policy_invalid");
  CHECK(set.status().message() ==
        dir.path() + "/p.limits.yaml:2:11: limits.tmp_mb: 0 is out of range 1..65536");

  dir.write("p.limits.yaml", "limits:\n  tmp_mb: 32\n");
  set = PolicySet::load_directory(dir.path());
  if (!set) FAIL(set.status().message());
  CHECK(set->names() == std::vector<std::string>{"p"});
  CHECK(set->find("p")->limits.tmp_mb == 32);

  std::filesystem::create_directory(dir.path() + "/nested");
  set = PolicySet::load_directory(dir.path());
  REQUIRE_FALSE(set);
  CHECK_THAT(set.status().message(),
             Catch::StartsWith(dir.path() + "/nested: not a sandbox policy file"));
}

TEST_CASE("load_directory on a missing directory is file_unreadable") {
  auto set = PolicySet::load_directory("/nonexistent/assay/policies");
  REQUIRE_FALSE(set);
  CHECK(set.status().code() == "file_unreadable");
  CHECK_THAT(set.status().message(), Catch::StartsWith("/nonexistent/assay/policies: "));
}

}  // namespace
