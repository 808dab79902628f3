// net.*: CIDR arithmetic (IPv4 and IPv6) and DNS lookup. net.lookup_ip_addr resolves names, so
// it is nondeterministic (as OPA marks it) and needs the network; net.cidr_overlap is the
// deprecated net.cidr_contains. Addresses are read and printed as Go does (ip_address.h).
#include <algorithm>
#include <string>
#include <vector>

#include "src/rego/builtins/ip_address.h"
#include "src/rego/builtins/table.h"

namespace assay::rego::builtins {

namespace {

// net.cidr_expand refuses networks with more addresses than this (OPA only stops at its
// query timeout; a /8 would be sixteen million strings).
constexpr ip::Bits kMaxExpandedAddresses = 1 << 16;

// net.cidr_contains_matches refuses to compare more pairs than this (OPA has no bound; each
// pair parses two CIDRs, and every match is a member of the result).
constexpr size_t kMaxMatchPairs = 10'000'000;

BuiltinResult builtin_error(std::string message) {
  return BuiltinResult::error("eval_builtin_error", std::move(message));
}

// OPA's getNetFromOperand: a string holding a CIDR. OPA names every such operand "operand 1".
std::optional<BuiltinResult> network_operand(const Value& v, ip::Network& out) {
  if (!v.is_string()) return operand_type_error(1, v, "string");
  auto network = ip::parse_cidr(v.as_string());
  if (!network) return builtin_error("invalid CIDR address: " + std::string(v.as_string()));
  out = *network;
  return std::nullopt;
}

BuiltinResult cidr_intersects(BuiltinContext&, std::span<const Value> args) {
  ip::Network a, b;
  if (auto error = network_operand(args[0], a)) return *error;
  if (auto error = network_operand(args[1], b)) return *error;
  return BuiltinResult::value(
      Value::boolean(a.contains(b.address) || b.contains(a.address)));
}

// OPA's net.cidr_contains: the second operand is an address or a network.
BuiltinResult contains(const Value& cidr, const Value& cidr_or_ip) {
  ip::Network a;
  if (auto error = network_operand(cidr, a)) return *error;
  if (!cidr_or_ip.is_string()) return operand_type_error(1, cidr_or_ip, "string");
  const std::string_view text = cidr_or_ip.as_string();
  if (auto address = ip::parse_ip(text)) return BuiltinResult::value(Value::boolean(a.contains(*address)));
  auto b = ip::parse_cidr(text);
  if (!b) {
    return builtin_error("not a valid textual representation of an IP address or CIDR: " +
                         std::string(text));
  }
  const bool contained =
      a.contains(b->address) && a.contains(ip::Address{b->last(), b->address.v4});
  return BuiltinResult::value(Value::boolean(contained));
}

BuiltinResult cidr_contains(BuiltinContext&, std::span<const Value> args) {
  return contains(args[0], args[1]);
}

// One candidate of net.cidr_contains_matches: the CIDR text and the key reported for it.
struct Candidate {
  Value cidr;
  Value key;
};

// OPA's evalNetCIDRContainsMatchesOperand: strings stand for themselves; arrays are keyed by
// index, sets by element, objects by key; array, set and object members are a CIDR or a
// non-empty array whose first element is one. Other operands contribute nothing.
std::optional<BuiltinResult> candidates(int operand, const Value& v, std::vector<Candidate>& out) {
  auto member = [&](const Value& item, Value key) -> std::optional<BuiltinResult> {
    if (item.is_string()) {
      out.push_back({item, std::move(key)});
    } else if (item.is_array() && item.size() > 0) {
      out.push_back({item.array_items()[0], std::move(key)});
    } else {
      return builtin_error("operand " + std::to_string(operand) +
                           ": element must be string or non-empty array");
    }
    return std::nullopt;
  };
  if (v.is_string()) {
    out.push_back({v, v});
  } else if (v.is_array()) {
    const auto items = v.array_items();
    for (size_t i = 0; i < items.size(); ++i) {
      if (auto error = member(items[i], Value::integer(static_cast<int64_t>(i)))) return error;
    }
  } else if (v.is_set()) {
    for (const Value& item : v.set_items()) {
      if (auto error = member(item, item)) return error;
    }
  } else if (v.is_object()) {
    for (const auto& [key, item] : v.object_entries()) {
      if (auto error = member(item, key)) return error;
    }
  }
  return std::nullopt;
}

BuiltinResult cidr_contains_matches(BuiltinContext&, std::span<const Value> args) {
  std::vector<Candidate> networks, addresses;
  if (auto error = candidates(1, args[0], networks)) return *error;
  // OPA walks the second operand once per member of the first: with none, never.
  if (networks.empty()) return BuiltinResult::value(Value::set({}));
  if (auto error = candidates(2, args[1], addresses)) return *error;
  if (networks.size() * addresses.size() > kMaxMatchPairs) {
    return builtin_error("too many CIDR pairs to match (more than 10000000)");
  }
  std::vector<Value> matches;
  for (const Candidate& network : networks) {
    for (const Candidate& address : addresses) {
      BuiltinResult result = contains(network.cidr, address.cidr);
      if (std::holds_alternative<BuiltinError>(result.outcome)) return result;
      const Value* found = std::get_if<Value>(&result.outcome);
      if (found != nullptr && found->as_boolean()) {
        matches.push_back(Value::array({network.key, address.key}));
      }
    }
  }
  return BuiltinResult::value(Value::set(std::move(matches)));
}

BuiltinResult cidr_expand(BuiltinContext&, std::span<const Value> args) {
  if (!args[0].is_string()) return operand_type_error(1, args[0], "string");
  auto network = ip::parse_cidr(args[0].as_string());
  if (!network) return builtin_error("invalid CIDR address: " + std::string(args[0].as_string()));
  const ip::Bits count = network->last() - network->first();  // one less than the count
  if (count >= kMaxExpandedAddresses) {
    return builtin_error("CIDR " + std::string(args[0].as_string()) +
                         " has more than 65536 addresses to expand");
  }
  std::vector<Value> hosts;
  hosts.reserve(static_cast<size_t>(count) + 1);
  for (ip::Bits offset = 0; offset <= count; ++offset) {
    hosts.push_back(Value::string(ip::to_string(ip::from_bits(network->first() + offset))));
  }
  return BuiltinResult::value(Value::set(std::move(hosts)));
}

BuiltinResult cidr_is_valid(BuiltinContext&, std::span<const Value> args) {
  return BuiltinResult::value(
      Value::boolean(args[0].is_string() && ip::parse_cidr(args[0].as_string()).has_value()));
}

// A range of net.cidr_merge: its bounds in the 16-byte space, and the text of the network it
// came from while it has not been merged with another (Go keeps that network as it was given).
struct Range {
  ip::Bits first, last;
  std::optional<std::string> original;
};

// OPA's generateIPNet: a CIDR, or an IPv4 address with its classful mask (unmasked).
std::optional<BuiltinResult> merge_range(const Value& v, std::vector<Range>& out) {
  if (!v.is_string()) return builtin_error("element must be string");
  const std::string_view text = v.as_string();
  if (auto address = ip::parse_ip(text)) {
    if (!address->v4) return builtin_error("IPv6 invalid: needs prefix length");
    const auto top = static_cast<uint32_t>(address->bits) >> 24;
    const int prefix = top < 0x80 ? 8 : top < 0xC0 ? 16 : 24;
    const ip::Bits host = (ip::Bits{1} << (32 - prefix)) - 1;
    out.push_back({address->bits & ~host, address->bits | host,
                   ip::to_string(*address) + "/" + std::to_string(prefix)});
    return std::nullopt;
  }
  auto network = ip::parse_cidr(text);
  if (!network) return builtin_error("invalid CIDR address: " + std::string(text));
  out.push_back({network->first(), network->last(), ip::to_string(*network)});
  return std::nullopt;
}

void add_network(const ip::Network& network, void* context) {
  static_cast<std::vector<Value>*>(context)->push_back(Value::string(ip::to_string(network)));
}

BuiltinResult cidr_merge(BuiltinContext&, std::span<const Value> args) {
  std::vector<Range> ranges;
  std::span<const Value> items;
  if (args[0].is_array()) {
    items = args[0].array_items();
  } else if (args[0].is_set()) {
    items = args[0].set_items();
  } else {
    return builtin_error("operand must be an array");
  }
  for (const Value& item : items) {
    if (auto error = merge_range(item, ranges)) return *error;
  }
  std::sort(ranges.begin(), ranges.end(), [](const Range& a, const Range& b) {
    return a.last != b.last ? a.last < b.last : a.first < b.first;
  });
  // As OPA (after netaddr): from the end, fold each range into its predecessor when they
  // touch or overlap.
  constexpr ip::Bits kV4Zero = ip::Bits{0xffff} << 32;
  for (size_t i = ranges.size(); i-- > 1;) {
    const ip::Bits first = ranges[i].first;
    const ip::Bits previous = (first == 0 || first == kV4Zero) ? first : first - 1;
    if (previous <= ranges[i - 1].last) {
      ranges[i - 1] = Range{std::min(ranges[i - 1].first, first), ranges[i].last, std::nullopt};
      ranges.erase(ranges.begin() + static_cast<std::ptrdiff_t>(i));
    }
  }
  std::vector<Value> result;
  for (const Range& range : ranges) {
    if (range.original) {
      result.push_back(Value::string(*range.original));
    } else {
      ip::range_to_networks(range.first, range.last, &add_network, &result);
    }
  }
  return BuiltinResult::value(Value::set(std::move(result)));
}

BuiltinResult lookup_ip_addr(BuiltinContext&, std::span<const Value> args) {
  if (!args[0].is_string()) return operand_type_error(1, args[0], "string");
  return builtin_error("the sandbox has no network access");
}

const BuiltinImplementation kCidrIntersects{&cidr_intersects};
const BuiltinImplementation kCidrContains{&cidr_contains};
const BuiltinImplementation kCidrContainsMatches{&cidr_contains_matches};
const BuiltinImplementation kCidrExpand{&cidr_expand};
const BuiltinImplementation kCidrMerge{&cidr_merge};
const BuiltinImplementation kCidrIsValid{&cidr_is_valid};
const BuiltinImplementation kLookupIpAddr{&lookup_ip_addr};

}  // namespace

Rows net_builtins() {
  // A CIDR or IP, or a collection of them; array elements may be [cidr, ...] tuples, objects
  // map names to them.
  types::TypePtr entry = Any(S(), ArrayOf(A()));
  types::TypePtr cidrs = Any(S(), ArrayOf(entry), SetOf(entry), ObjectOf(S(), entry));
  return {
      fn("net.cidr_overlap", "net", {{"", S()}, {"", S()}}, {"", B()})
          .deprecated()
          .impl(kCidrContains),
      fn("net.cidr_intersects", "net", {{"cidr1", S()}, {"cidr2", S()}}, {"result", B()})
          .impl(kCidrIntersects),
      fn("net.cidr_contains", "net", {{"cidr", S()}, {"cidr_or_ip", S()}}, {"result", B()})
          .impl(kCidrContains),
      fn("net.cidr_contains_matches", "net", {{"cidrs", cidrs}, {"cidrs_or_ips", cidrs}},
         {"output", SetOf(Tuple({A(), A()}))})
          .impl(kCidrContainsMatches),
      fn("net.cidr_expand", "net", {{"cidr", S()}}, {"hosts", SetOf(S())}).impl(kCidrExpand),
      // OPA declares the array's elements as a one-member union, printed array[any<string>].
      fn("net.cidr_merge", "net", {{"addrs", Any(ArrayOf(Any(S())), SetOf(S()))}},
         {"output", SetOf(S())})
          .impl(kCidrMerge),
      fn("net.lookup_ip_addr", "net", {{"name", S()}}, {"addrs", SetOf(S())})
          .nondeterministic()
          .needs_network()
          .impl(kLookupIpAddr),
      fn("net.cidr_is_valid", "net", {{"cidr", S()}}, {"result", B()}).impl(kCidrIsValid),
  };
}

}  // namespace assay::rego::builtins
