// net.*: CIDR arithmetic (IPv4 and IPv6) and DNS lookup. net.lookup_ip_addr resolves names, so
// it is nondeterministic (as OPA marks it) and needs the network; net.cidr_overlap is the
// deprecated net.cidr_contains.
#include "src/rego/builtins/table.h"

namespace assay::rego::builtins {

Rows net_builtins() {
  // A CIDR or IP, or a collection of them; array elements may be [cidr, ...] tuples, objects
  // map names to them.
  types::TypePtr entry = Any(S(), ArrayOf(A()));
  types::TypePtr cidrs = Any(S(), ArrayOf(entry), SetOf(entry), ObjectOf(S(), entry));
  return {
      fn("net.cidr_overlap", "net", {{"", S()}, {"", S()}}, {"", B()}).deprecated(),
      fn("net.cidr_intersects", "net", {{"cidr1", S()}, {"cidr2", S()}}, {"result", B()}),
      fn("net.cidr_contains", "net", {{"cidr", S()}, {"cidr_or_ip", S()}}, {"result", B()}),
      fn("net.cidr_contains_matches", "net", {{"cidrs", cidrs}, {"cidrs_or_ips", cidrs}},
         {"output", SetOf(Tuple({A(), A()}))}),
      fn("net.cidr_expand", "net", {{"cidr", S()}}, {"hosts", SetOf(S())}),
      // OPA declares the array's elements as a one-member union, printed array[any<string>].
      fn("net.cidr_merge", "net", {{"addrs", Any(ArrayOf(Any(S())), SetOf(S()))}},
         {"output", SetOf(S())}),
      fn("net.lookup_ip_addr", "net", {{"name", S()}}, {"addrs", SetOf(S())})
          .nondeterministic()
          .needs_network(),
      fn("net.cidr_is_valid", "net", {{"cidr", S()}}, {"result", B()}),
  };
}

}  // namespace assay::rego::builtins
