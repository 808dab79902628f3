// crypto.*: X.509 certificates, CSRs and keys, digests, and HMACs.
#include "src/rego/builtins/table.h"

namespace assay::rego::builtins {

Rows crypto_builtins() {
  types::TypePtr object = ObjectOf(S(), A());
  types::TypePtr verified = Tuple({B(), ArrayOf(object)});  // [valid, certs]
  return {
      fn("crypto.x509.parse_certificates", "crypto", {{"certs", S()}}, {"output", ArrayOf(object)}),
      fn("crypto.x509.parse_and_verify_certificates", "crypto", {{"certs", S()}},
         {"output", verified}),
      fn("crypto.x509.parse_and_verify_certificates_with_options", "crypto",
         {{"certs", S()}, {"options", object}}, {"output", verified}),
      fn("crypto.x509.parse_certificate_request", "crypto", {{"csr", S()}}, {"output", object}),
      fn("crypto.x509.parse_rsa_private_key", "crypto", {{"pem", S()}}, {"output", object}),
      fn("crypto.x509.parse_keypair", "crypto", {{"cert", S()}, {"pem", S()}}, {"output", object}),
      fn("crypto.parse_private_keys", "crypto", {{"keys", S()}}, {"output", ArrayOf(object)}),
      fn("crypto.md5", "crypto", {{"x", S()}}, {"y", S()}),
      fn("crypto.sha1", "crypto", {{"x", S()}}, {"y", S()}),
      fn("crypto.sha256", "crypto", {{"x", S()}}, {"y", S()}),
      fn("crypto.hmac.md5", "crypto", {{"x", S()}, {"key", S()}}, {"y", S()}),
      fn("crypto.hmac.sha1", "crypto", {{"x", S()}, {"key", S()}}, {"y", S()}),
      fn("crypto.hmac.sha256", "crypto", {{"x", S()}, {"key", S()}}, {"y", S()}),
      fn("crypto.hmac.sha512", "crypto", {{"x", S()}, {"key", S()}}, {"y", S()}),
      fn("crypto.hmac.equal", "crypto", {{"mac1", S()}, {"mac2", S()}}, {"result", B()}),
  };
}

}  // namespace assay::rego::builtins
