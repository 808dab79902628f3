// Helpers for the Rego parser tests: parse a module or a body, and read the results.
#pragma once

#include <string>
#include <string_view>

#include "src/rego/parser.h"
#include "tests/rego/ast_dump.h"

namespace assay::rego::testing {

inline ParsedModule ParseV1(std::string_view text) {
  return parse_module("policy.rego", text, ParseOptions{});
}

inline ParsedModule ParseV0(std::string_view text) {
  ParseOptions options;
  options.version = RegoVersion::kV0;
  return parse_module("policy.rego", text, options);
}

// The errors of a parse, one per line as "row:col: message", for readable failures.
template <typename Parsed>
std::string Errors(const Parsed& parsed) {
  std::string out;
  for (const RegoError& e : parsed.errors) {
    out += std::to_string(e.location.row) + ":" + std::to_string(e.location.col) + ": " +
           e.message + "\n";
  }
  return out;
}

// The rules of a module, dumped one per line.
inline std::string Rules(const Module& m) {
  std::string out;
  for (const Rule& r : m.rules) out += Dump(r) + "\n";
  return out;
}

// The body of the only rule of `package p\n<rule>` in v1, dumped.
inline std::string BodyOf(std::string_view rule_text) {
  auto parsed = ParseV1("package p\n" + std::string(rule_text));
  if (!parsed.module || parsed.module->rules.empty()) return "ERROR " + Errors(parsed);
  return Dump(parsed.module->rules[0].body);
}

// The value of `x := <term>` in v1, dumped.
inline std::string ValueOf(std::string_view term_text) {
  auto parsed = ParseV1("package p\nx := " + std::string(term_text) + "\n");
  if (!parsed.module || parsed.module->rules.empty()) return "ERROR " + Errors(parsed);
  return Dump(*parsed.module->rules[0].head.value);
}

}  // namespace assay::rego::testing
