// IP addresses and CIDR networks as Go's net package reads and prints them, for the net.*
// built-ins: net.ParseIP, net.ParseCIDR (via netip.ParseAddr: dotted IPv4 without leading zeros,
// IPv6 with "::" and an embedded IPv4 tail; zones are refused), IP.String and IPNet.String.
//
// Addresses are kept in 16 bytes. An IPv4 address, or an IPv6 address in the IPv4-mapped range
// ::ffff:0:0/96, is an IPv4 address (Go's To4), and networks are compared in that canonical
// form: "::ffff:10.0.0.0/104" is the network 10.0.0.0/8. Pure functions; thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace assay::rego::ip {

using Bits = unsigned __int128;

struct Address {
  Bits bits = 0;      // the 16-byte form; IPv4 as ::ffff:a.b.c.d
  bool v4 = false;    // an IPv4 (or IPv4-mapped) address
};

struct Network {
  Address address;  // the network address (host bits zero)
  int prefix = 0;   // counted within the family: 0..32 for IPv4, 0..128 for IPv6

  Bits first() const { return address.bits; }
  Bits last() const;
  bool contains(const Address& a) const;
};

// Go's net.ParseIP: nullopt unless `text` is an IPv4 or IPv6 address (no zone).
std::optional<Address> parse_ip(std::string_view text);
// Go's net.ParseCIDR: nullopt unless `text` is address/prefix; the address is masked.
std::optional<Network> parse_cidr(std::string_view text);

// Go's IP.String and IPNet.String.
std::string to_string(const Address& a);
std::string to_string(const Network& n);

// An address in the 16-byte space, IPv4 when it lies in ::ffff:0:0/96.
Address from_bits(Bits bits);
// The CIDR blocks that exactly cover [first, last], in ascending order (at most 256).
void range_to_networks(Bits first, Bits last, void (*emit)(const Network&, void*), void* context);

}  // namespace assay::rego::ip
