// Go's parsing and printing of IP addresses and networks (ip_address.h).
#include "src/rego/builtins/ip_address.h"

namespace assay::rego::ip {

namespace {

constexpr Bits kV4MappedPrefix = Bits{0xffff} << 32;
constexpr Bits kAllOnes = ~Bits{0};

bool is_v4_mapped(Bits bits) { return (bits >> 32) == 0xffff; }

// The mask of the top `prefix` bits of `width` (32 or 128), placed in the low bits of 128.
Bits host_mask(int prefix, int width) {
  const int host = width - prefix;
  return host >= 128 ? kAllOnes : (Bits{1} << host) - 1;
}

// netip's parseIPv4Fields over text: four decimal fields 0..255, no leading zeros.
std::optional<uint32_t> parse_ipv4(std::string_view s) {
  uint32_t value = 0, field = 0;
  int fields = 0, digits = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c >= '0' && c <= '9') {
      if (digits == 1 && field == 0) return std::nullopt;  // leading zero
      field = field * 10 + static_cast<uint32_t>(c - '0');
      ++digits;
      if (field > 255) return std::nullopt;
    } else if (c == '.') {
      if (i == 0 || i == s.size() - 1 || s[i - 1] == '.' || fields == 3) return std::nullopt;
      value = (value << 8) | field;
      ++fields;
      field = 0;
      digits = 0;
    } else {
      return std::nullopt;
    }
  }
  if (fields < 3) return std::nullopt;
  return (value << 8) | field;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// netip's parseIPv6 (the zone, if any, has been split off and refused by the caller).
std::optional<Bits> parse_ipv6(std::string_view s) {
  std::array<uint8_t, 16> ip{};
  int ellipsis = -1;
  if (s.size() >= 2 && s[0] == ':' && s[1] == ':') {
    ellipsis = 0;
    s.remove_prefix(2);
    if (s.empty()) return Bits{0};
  }
  int i = 0;
  while (i < 16) {
    size_t off = 0;
    uint32_t acc = 0;
    for (; off < s.size(); ++off) {
      const int h = hex_value(s[off]);
      if (h < 0) break;
      acc = (acc << 4) + static_cast<uint32_t>(h);
      if (off > 3 || acc > 0xffff) return std::nullopt;
    }
    if (off == 0) return std::nullopt;
    if (off < s.size() && s[off] == '.') {
      if ((ellipsis < 0 && i != 12) || i + 4 > 16) return std::nullopt;
      auto v4 = parse_ipv4(s);
      if (!v4) return std::nullopt;
      for (int k = 0; k < 4; ++k) ip[static_cast<size_t>(i + k)] = static_cast<uint8_t>(*v4 >> (24 - 8 * k));
      s = {};
      i += 4;
      break;
    }
    ip[static_cast<size_t>(i)] = static_cast<uint8_t>(acc >> 8);
    ip[static_cast<size_t>(i + 1)] = static_cast<uint8_t>(acc);
    i += 2;
    s.remove_prefix(off);
    if (s.empty()) break;
    if (s[0] != ':' || s.size() == 1) return std::nullopt;
    s.remove_prefix(1);
    if (s[0] == ':') {
      if (ellipsis >= 0) return std::nullopt;
      ellipsis = i;
      s.remove_prefix(1);
      if (s.empty()) break;
    }
  }
  if (!s.empty()) return std::nullopt;
  if (i < 16) {
    if (ellipsis < 0) return std::nullopt;
    const int n = 16 - i;
    for (int j = i - 1; j >= ellipsis; --j) ip[static_cast<size_t>(j + n)] = ip[static_cast<size_t>(j)];
    for (int j = ellipsis; j < ellipsis + n; ++j) ip[static_cast<size_t>(j)] = 0;
  } else if (ellipsis >= 0) {
    return std::nullopt;
  }
  Bits bits = 0;
  for (uint8_t b : ip) bits = (bits << 8) | b;
  return bits;
}

// netip.ParseAddr without zones: the 16-byte form, and whether it was written as IPv4.
struct ParsedAddr {
  Bits bits;
  bool written_v4;
};

std::optional<ParsedAddr> parse_addr(std::string_view s) {
  for (char c : s) {
    if (c == '.') {
      auto v4 = parse_ipv4(s);
      if (!v4) return std::nullopt;
      return ParsedAddr{kV4MappedPrefix | *v4, true};
    }
    if (c == ':') {
      if (s.find('%') != std::string_view::npos) return std::nullopt;  // zones are refused
      auto v6 = parse_ipv6(s);
      if (!v6) return std::nullopt;
      return ParsedAddr{*v6, false};
    }
    if (c == '%') return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace

Bits Network::last() const {
  return address.bits | host_mask(prefix, address.v4 ? 32 : 128);
}

bool Network::contains(const Address& a) const {
  if (a.v4 != address.v4) return false;
  const Bits mask = ~host_mask(prefix, address.v4 ? 32 : 128);
  return (a.bits & mask) == (address.bits & mask);
}

Address from_bits(Bits bits) { return Address{bits, is_v4_mapped(bits)}; }

std::optional<Address> parse_ip(std::string_view text) {
  auto parsed = parse_addr(text);
  if (!parsed) return std::nullopt;
  return from_bits(parsed->bits);
}

std::optional<Network> parse_cidr(std::string_view text) {
  const size_t slash = text.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  auto parsed = parse_addr(text.substr(0, slash));
  if (!parsed) return std::nullopt;
  // Go's dtoi: decimal digits only, at least one.
  const std::string_view digits = text.substr(slash + 1);
  if (digits.empty() || digits.size() > 8) return std::nullopt;
  int prefix = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
    prefix = prefix * 10 + (c - '0');
  }
  const int width = parsed->written_v4 ? 32 : 128;
  if (prefix > width) return std::nullopt;
  Network n;
  if (parsed->written_v4) {
    n.prefix = prefix;
    n.address = Address{parsed->bits & ~host_mask(prefix, 32), true};
    return n;
  }
  const Bits masked = parsed->bits & ~host_mask(prefix, 128);
  if (is_v4_mapped(masked)) {  // Go treats it as the IPv4 network it maps
    n.prefix = prefix - 96;
    n.address = Address{masked, true};
  } else {
    n.prefix = prefix;
    n.address = Address{masked, false};
  }
  return n;
}

std::string to_string(const Address& a) {
  if (a.v4) {
    const auto v = static_cast<uint32_t>(a.bits);
    return std::to_string(v >> 24) + "." + std::to_string((v >> 16) & 0xff) + "." +
           std::to_string((v >> 8) & 0xff) + "." + std::to_string(v & 0xff);
  }
  uint16_t groups[8];
  for (int i = 0; i < 8; ++i) groups[i] = static_cast<uint16_t>(a.bits >> (112 - 16 * i));
  // The longest run of two or more zero groups (the first of equals) becomes "::".
  int zero_start = -1, zero_end = -1;
  for (int i = 0; i < 8; ++i) {
    int j = i;
    while (j < 8 && groups[j] == 0) ++j;
    if (j - i >= 2 && j - i > zero_end - zero_start) {
      zero_start = i;
      zero_end = j;
    }
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (int i = 0; i < 8; ++i) {
    if (i == zero_start) {
      out += "::";
      i = zero_end - 1;
      continue;
    }
    if (i > 0 && i != zero_end) out += ':';
    bool started = false;
    for (int shift = 12; shift >= 0; shift -= 4) {
      const int digit = (groups[i] >> shift) & 0xf;
      if (digit != 0 || started || shift == 0) {
        out += kHex[digit];
        started = true;
      }
    }
  }
  return out;
}

std::string to_string(const Network& n) {
  return to_string(n.address) + "/" + std::to_string(n.prefix);
}

void range_to_networks(Bits first, Bits last, void (*emit)(const Network&, void*),
                       void* context) {
  for (;;) {
    // The largest aligned block starting at `first` that ends at or before `last`.
    int host = 0;
    while (host < 128) {
      const int next = host + 1;
      const Bits size_mask = next >= 128 ? kAllOnes : (Bits{1} << next) - 1;
      if ((first & size_mask) != 0 || last - first < size_mask) break;
      host = next;
    }
    Network n;
    n.address = from_bits(first);
    n.prefix = 128 - host;
    if (n.address.v4) n.prefix -= 96;
    if (n.address.v4 && n.prefix < 0) {  // a block wider than the IPv4-mapped range
      n.address.v4 = false;
      n.prefix += 96;
    }
    emit(n, context);
    const Bits block_last = first | host_mask(128 - host, 128);
    if (block_last >= last) return;
    first = block_last + 1;
  }
}

}  // namespace assay::rego::ip
