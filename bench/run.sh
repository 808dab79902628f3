#!/usr/bin/env bash
# make bench: every benchmark, each printing ratios against a baseline measured in the same run.
set -euo pipefail
build=${1:-build}
here=$(cd "$(dirname "$0")" && pwd)
"$build/bench/sql_syntax_bench" "$build/assay" "$here/data/telco_report.sql" 1
echo
"$here/http_throughput.sh" "$build" 10
echo
"$build/bench/sandbox_bench" 200 2>/dev/null
echo
"$build/bench/rego_bench" "$here/data/policy200.rego" "$here/../../shared/conformance"
echo
"$build/bench/rego_eval_bench" "$here/data/rbac.rego" "$build/tests/conformance/rego_conformance"
