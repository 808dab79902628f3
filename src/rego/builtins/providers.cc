// providers.*: cloud provider helpers (AWS Signature Version 4 request signing). Signing is a
// pure computation over the request, the credentials and the time given; it sends nothing.
#include "src/rego/builtins/table.h"

namespace assay::rego::builtins {

Rows providers_builtins() {
  return {
      fn("providers.aws.sign_req", kProvidersAws,
         {{"request", ObjectOf(S(), A())}, {"aws_config", ObjectOf(S(), A())}, {"time_ns", N()}},
         {"signed_request", ObjectOf(A(), A())}),
  };
}

}  // namespace assay::rego::builtins
