// The Rego harness: what `assay-rego-harness` does inside the `rego` sandbox. It reads one job
// as JSON, compiles the job's modules with assay's Rego engine, then either evaluates a query or
// runs the modules' test_ rules as `opa test` does, and answers with one JSON result.
//
// Job (all numbers exact: read with rego::value_from_json):
//   {"modules": [{"file": "policy.rego", "text": "package p ..."}],   required, 1..1000
//    "dialect": "v1" | "v0",                  default v1
//    "query": "data.p.allow",                 evaluate this query ...
//    "tests": true,                           ... or run the test_ rules (when no query)
//    "test_filter": "regex",                  tests whose data.pkg.name matches (RE2 syntax)
//    "input": <any>, "data": <object>,        absent input: `input` is undefined
//    "strict_builtin_errors": false, "now_ns": 0, "max_steps": 50000000}
// Result:
//   {"errors": [{code, message, file, row, col}],   parse/compile errors of the modules/query
//    "eval_error": {code, message, file, row, col} | null,
//    "solutions": [{"bindings": {var: value}, "value": v?}],  "value" when the query is one term
//    "tests": [{package, name, file, row, col, fail, skip, error, duration_ms, output}],
//    "output": ["print() line", ...]}
// A job that is not what the harness reads gets {"job_error": {"code": "harness_job_invalid",
// "message": ...}} instead; a fault inside the harness, {"job_error": {"code":
// "harness_internal_error", ...}}. The function never throws.
//
// Thread-safe: each call has its own state.
#pragma once

#include <string>
#include <string_view>

namespace assay::harness {

// The JSON result text for one job's JSON text.
std::string run_rego_job(std::string_view job_json);

// The name of the variable the harness binds to a one-term query's value; left out of bindings.
inline constexpr std::string_view kQueryValueVar = "assay_query_value__";

}  // namespace assay::harness
