// uuid.*: UUIDv4 generation (nondeterministic; stable per seed within one query) and parsing.
// OPA draws uuid.rfc4122's bytes from the query's random source and caches them per key; here
// they are a digest of the query's seed and the key, which gives the same guarantee (one UUID
// per key in a query, different keys and seeds give different UUIDs) without shared state.
#include <openssl/evp.h>

#include <array>
#include <cstdint>
#include <string>

#include "src/rego/builtins/table.h"

namespace assay::rego::builtins {

namespace {

constexpr char kHex[] = "0123456789abcdef";

std::string hex(const uint8_t* bytes, size_t n) {
  std::string out;
  for (size_t i = 0; i < n; ++i) {
    out += kHex[bytes[i] >> 4];
    out += kHex[bytes[i] & 0xf];
  }
  return out;
}

BuiltinResult rfc4122(BuiltinContext& ctx, std::span<const Value> args) {
  // OPA keys its cache on the operand's hash, whatever its type.
  std::string input(8, '\0');
  for (int i = 0; i < 8; ++i) input[static_cast<size_t>(i)] = static_cast<char>(ctx.random_seed >> (8 * i));
  input += value_to_json(args[0]);
  std::array<uint8_t, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  if (EVP_Digest(input.data(), input.size(), digest.data(), &length, EVP_sha256(), nullptr) != 1) {
    return BuiltinResult::error("eval_builtin_error", "cannot derive a UUID");
  }
  uint8_t* b = digest.data();
  b[6] = static_cast<uint8_t>((b[6] & 0x0f) | 0x40);  // version 4
  b[8] = static_cast<uint8_t>((b[8] & 0x3f) | 0x80);  // RFC 4122 variant
  return BuiltinResult::value(Value::string(hex(b, 4) + "-" + hex(b + 4, 2) + "-" + hex(b + 6, 2) +
                                            "-" + hex(b + 8, 2) + "-" + hex(b + 10, 6)));
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool hex_byte(std::string_view s, size_t at, uint8_t& out) {
  const int hi = hex_digit(s[at]), lo = hex_digit(s[at + 1]);
  if (hi < 0 || lo < 0) return false;
  out = static_cast<uint8_t>(hi << 4 | lo);
  return true;
}

bool equal_fold(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

// google/uuid's Parse: 36 characters with dashes, or that inside "urn:uuid:" or one character
// each side (not checked, as there), or 32 hex digits.
std::optional<std::array<uint8_t, 16>> parse_uuid(std::string_view s) {
  std::array<uint8_t, 16> uuid{};
  switch (s.size()) {
    case 36:
      break;
    case 36 + 9:
      if (!equal_fold(s.substr(0, 9), "urn:uuid:")) return std::nullopt;
      s.remove_prefix(9);
      break;
    case 36 + 2:
      s.remove_prefix(1);
      break;
    case 32:
      for (size_t i = 0; i < 16; ++i) {
        if (!hex_byte(s, i * 2, uuid[i])) return std::nullopt;
      }
      return uuid;
    default:
      return std::nullopt;
  }
  if (s[8] != '-' || s[13] != '-' || s[18] != '-' || s[23] != '-') return std::nullopt;
  constexpr size_t kAt[16] = {0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34};
  for (size_t i = 0; i < 16; ++i) {
    if (!hex_byte(s, kAt[i], uuid[i])) return std::nullopt;
  }
  return uuid;
}

std::string variant_name(uint8_t b) {
  if ((b & 0xc0) == 0x80) return "RFC4122";
  if ((b & 0xe0) == 0xc0) return "Microsoft";
  if ((b & 0xe0) == 0xe0) return "Future";
  return "Reserved";
}

std::string mac_variables(uint8_t b) {
  if ((b & 0b11) == 0b11) return "local:multicast";
  if ((b & 0b01) == 0b01) return "global:multicast";
  if ((b & 0b10) == 0b10) return "local:unicast";
  return "global:unicast";
}

BuiltinResult parse(BuiltinContext&, std::span<const Value> args) {
  if (!args[0].is_string()) return operand_type_error(1, args[0], "string");
  auto parsed = parse_uuid(args[0].as_string());
  if (!parsed) return BuiltinResult::undefined();
  const auto& u = *parsed;
  const int version = u[6] >> 4;
  std::vector<ObjectEntry> out;
  out.emplace_back(Value::string("version"), Value::integer(version));
  out.emplace_back(Value::string("variant"), Value::string(variant_name(u[8])));
  if (version == 1 || version == 2) {
    // The 60-bit timestamp counts 100 ns since 1582-10-15; Go's arithmetic wraps in int64.
    const uint64_t ticks = (uint64_t{u[0]} << 24 | uint64_t{u[1]} << 16 | uint64_t{u[2]} << 8 | u[3]) |
                           (uint64_t{u[4]} << 8 | u[5]) << 32 |
                           (uint64_t{static_cast<uint8_t>(u[6] & 0x0f)} << 8 | u[7]) << 48;
    const int64_t since_unix = static_cast<int64_t>(ticks) - 122192928000000000;
    const int64_t seconds = since_unix / 10000000;
    const int64_t nanos = (since_unix % 10000000) * 100;
    const auto unix_nanos =
        static_cast<int64_t>(static_cast<uint64_t>(seconds) * 1000000000u + static_cast<uint64_t>(nanos));
    std::string node;
    for (size_t i = 10; i < 16; ++i) {
      if (i > 10) node += '-';
      node += hex(&u[i], 1);
    }
    out.emplace_back(Value::string("time"), Value::integer(unix_nanos));
    out.emplace_back(Value::string("nodeid"), Value::string(node));
    out.emplace_back(Value::string("macvariables"), Value::string(mac_variables(u[10])));
    out.emplace_back(Value::string("clocksequence"), Value::integer((u[8] << 8 | u[9]) & 0x3fff));
    if (version == 2) {
      const uint32_t id = uint32_t{u[0]} << 24 | uint32_t{u[1]} << 16 | uint32_t{u[2]} << 8 | u[3];
      static constexpr const char* kDomains[] = {"Person", "Group", "Org"};
      const std::string domain = u[9] < 3 ? kDomains[u[9]] : "Domain" + std::to_string(u[9]);
      out.emplace_back(Value::string("id"), Value::integer(id));
      out.emplace_back(Value::string("domain"), Value::string(domain));
    }
  }
  return BuiltinResult::value(Value::object(std::move(out)));
}

const BuiltinImplementation kRfc4122{&rfc4122};
const BuiltinImplementation kParse{&parse};

}  // namespace

Rows uuid_builtins() {
  return {
      fn("uuid.rfc4122", "uuid", {{"k", S()}}, {"output", S()}).nondeterministic().impl(kRfc4122),
      fn("uuid.parse", "uuid", {{"uuid", S()}}, {"result", ObjectOf(S(), A())}).impl(kParse),
  };
}

}  // namespace assay::rego::builtins
