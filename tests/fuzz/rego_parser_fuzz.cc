// libFuzzer target for the Rego parser: every input is parsed as a module in Rego v1 and in v0,
// then as a query and as a term. Finding a crash, a sanitizer report, a hang or unbounded
// memory fails the fuzz run; parse errors are the expected outcome of most inputs.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "src/rego/parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  for (auto version : {assay::rego::RegoVersion::kV1, assay::rego::RegoVersion::kV0}) {
    assay::rego::ParseOptions options;
    options.version = version;
    auto module = assay::rego::parse_module("fuzz.rego", text, options);
    // A module comes with no errors, errors with no module.
    if ((module.module != nullptr) == !module.errors.empty()) __builtin_trap();
    auto query = assay::rego::parse_query(text, options);
    auto term = assay::rego::parse_term(text, options);
    (void)query;
    (void)term;
  }
  return 0;
}
