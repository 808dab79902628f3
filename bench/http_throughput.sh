#!/usr/bin/env bash
# make bench, part 2: requests per second of POST /v1/validate (SQL syntax) with wrk,
# 10 s on loopback, against a fresh assayd. The baseline in the same run is GET /healthz,
# which measures the transport alone, so the ratio shows what validation costs per request.
#   usage: bench/http_throughput.sh BUILD_DIR [SECONDS]
set -euo pipefail
build=${1:?usage: $0 BUILD_DIR [SECONDS]}
seconds=${2:-10}
here=$(cd "$(dirname "$0")" && pwd)
log=$(mktemp)
ready=$(mktemp)
"$build/assayd" --listen 127.0.0.1:0 > "$ready" 2> "$log" &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -f "$log" "$ready"' EXIT
for _ in $(seq 100); do grep -q listening "$ready" && break; sleep 0.05; done
port=$(sed -n 's/.*127.0.0.1:\([0-9]*\).*/\1/p' "$ready")
url="http://127.0.0.1:$port"

rps() { awk '/Requests\/sec/ {print $2}'; }
body=$(sed -n 's/^wrk.body = \[\[\(.*\)\]\]$/\1/p' "$here/validate.lua")
if ! curl -sf -X POST --data-binary "$body" "$url/v1/validate" | grep -q '"verdict":"pass"'; then
  echo "the benchmark request does not pass validation" >&2
  exit 1
fi
health=$(wrk -t2 -c64 -d"${seconds}s" "$url/healthz" | rps)
validate_output=$(wrk -t2 -c64 -d"${seconds}s" -s "$here/validate.lua" "$url/v1/validate")
validate=$(echo "$validate_output" | rps)
echo "$validate_output" | grep -E "Latency|Non-2xx|Socket errors" || true
echo "HTTP, 2 wrk threads, 64 connections, ${seconds} s each, assayd with $(nproc) threads"
printf "  GET  /healthz       %10.0f requests/s (transport baseline)\n" "$health"
printf "  POST /v1/validate   %10.0f requests/s (SQL syntax, 3 statements)\n" "$validate"
awk -v v="$validate" -v h="$health" 'BEGIN {printf "  ratio validate / healthz: %.2f\n", v / h}'
