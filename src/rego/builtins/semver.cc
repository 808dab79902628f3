// semver.*: Semantic Versioning 2.0 validation (of any value) and comparison, as OPA's
// internal/semver reads versions: an optional leading "v", MAJOR.MINOR.PATCH as Go's ParseInt
// reads them (a sign and leading zeros are accepted), "-pre.release" and "+build" identifiers
// of [0-9A-Za-z-].
#include <cstdint>
#include <string>
#include <string_view>

#include "src/rego/builtins/table.h"

namespace assay::rego::builtins {

namespace {

struct Version {
  int64_t major = 0, minor = 0, patch = 0;
  std::string_view pre_release;
};

// s before the first `sep`, and s after it ("" when there is none).
std::pair<std::string_view, std::string_view> cut(std::string_view s, char sep) {
  const size_t at = s.find(sep);
  if (at == std::string_view::npos) return {s, {}};
  return {s.substr(0, at), s.substr(at + 1)};
}

// ^[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*$
bool valid_identifiers(std::string_view s) {
  if (s.empty()) return false;
  bool previous_dot = true;
  for (char c : s) {
    if (c == '.') {
      if (previous_dot) return false;
      previous_dot = true;
      continue;
    }
    const bool ok = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                    c == '-';
    if (!ok) return false;
    previous_dot = false;
  }
  return !previous_dot;
}

// Go's strconv.ParseInt(s, 10, 64).
bool parse_int64(std::string_view s, int64_t& out) {
  bool negative = false;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  if (s.empty()) return false;
  uint64_t value = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    if (value > (uint64_t{1} << 63) / 10) return false;
    value = value * 10 + static_cast<uint64_t>(c - '0');
    if (value > (uint64_t{1} << 63)) return false;
  }
  if (!negative && value > static_cast<uint64_t>(INT64_MAX)) return false;
  out = negative ? static_cast<int64_t>(0 - value) : static_cast<int64_t>(value);
  return true;
}

std::optional<Version> parse_version(std::string_view text) {
  if (!text.empty() && text[0] == 'v') text.remove_prefix(1);
  auto [without_build, build] = cut(text, '+');
  if (!build.empty() && !valid_identifiers(build)) return std::nullopt;
  auto [core, pre] = cut(without_build, '-');
  if (!pre.empty() && !valid_identifiers(pre)) return std::nullopt;
  size_t dots = 0;
  for (char c : core) dots += c == '.' ? 1 : 0;
  if (dots != 2) return std::nullopt;
  Version v;
  v.pre_release = pre;
  auto [major, rest] = cut(core, '.');
  auto [minor, patch] = cut(rest, '.');
  if (!parse_int64(major, v.major) || !parse_int64(minor, v.minor) ||
      !parse_int64(patch, v.patch)) {
    return std::nullopt;
  }
  return v;
}

bool all_decimal(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// Go's strconv.Atoi on decimal digits: saturates at the largest int.
int64_t saturating_decimal(std::string_view s) {
  uint64_t value = 0;
  for (char c : s) {
    value = value * 10 + static_cast<uint64_t>(c - '0');
    if (value > static_cast<uint64_t>(INT64_MAX)) return INT64_MAX;
  }
  return static_cast<int64_t>(value);
}

template <typename T>
int three_way(T a, T b) {
  return a < b ? -1 : (a > b ? 1 : 0);
}

// Precedence as semver.org item 11 (build metadata ignored).
int compare_versions(const Version& a, const Version& b) {
  if (int c = three_way(a.major, b.major)) return c;
  if (int c = three_way(a.minor, b.minor)) return c;
  if (int c = three_way(a.patch, b.patch)) return c;
  if (a.pre_release == b.pre_release) return 0;
  if (a.pre_release.empty()) return 1;
  if (b.pre_release.empty()) return -1;
  std::string_view rest_a = a.pre_release, rest_b = b.pre_release;
  // Each round consumes one identifier of each; OPA's loop never ends when two different
  // pre-releases have equal identifiers ("01" and "1"), here they compare equal.
  while (!rest_a.empty() || !rest_b.empty()) {
    auto [id_a, after_a] = cut(rest_a, '.');
    auto [id_b, after_b] = cut(rest_b, '.');
    const bool numeric_a = all_decimal(id_a), numeric_b = all_decimal(id_b);
    if (numeric_a != numeric_b) return numeric_a ? -1 : 1;
    if (numeric_a) {
      if (int c = three_way(saturating_decimal(id_a), saturating_decimal(id_b))) return c;
    } else if (int c = id_a.compare(id_b)) {
      return c < 0 ? -1 : 1;
    }
    if (!after_a.empty() && after_b.empty()) return 1;
    if (after_a.empty() && !after_b.empty()) return -1;
    rest_a = after_a;
    rest_b = after_b;
  }
  return 0;
}

BuiltinResult is_valid(BuiltinContext&, std::span<const Value> args) {
  return BuiltinResult::value(
      Value::boolean(args[0].is_string() && parse_version(args[0].as_string()).has_value()));
}

BuiltinResult compare(BuiltinContext&, std::span<const Value> args) {
  if (!args[0].is_string()) return operand_type_error(1, args[0], "string");
  if (!args[1].is_string()) return operand_type_error(2, args[1], "string");
  std::optional<Version> versions[2];
  for (int i = 0; i < 2; ++i) {
    versions[i] = parse_version(args[i].as_string());
    if (!versions[i]) {
      return BuiltinResult::error("eval_builtin_error",
                                  "operand " + std::to_string(i + 1) + ": string " +
                                      value_to_rego(args[i]) + " is not a valid SemVer");
    }
  }
  return BuiltinResult::value(Value::integer(compare_versions(*versions[0], *versions[1])));
}

const BuiltinImplementation kIsValid{&is_valid};
const BuiltinImplementation kCompare{&compare};

}  // namespace

Rows semver_builtins() {
  return {
      fn("semver.is_valid", "semver", {{"vsn", A()}}, {"result", B()}).impl(kIsValid),
      fn("semver.compare", "semver", {{"a", S()}, {"b", S()}}, {"result", N()}).impl(kCompare),
  };
}

}  // namespace assay::rego::builtins
