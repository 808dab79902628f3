#!/bin/bash
# Builds the Rego evaluator fuzzer with clang++ (libFuzzer, ASan, UBSan) from the sources of
# src/rego (engine, evaluator, built-ins), then fuzzes for SECONDS seconds from the seed corpus.
# Exits non-zero when the fuzzer finds a crash (the reproducer is left in BUILD_DIR); passes with
# a message when clang++ is not installed.
# Usage: run_rego_eval_fuzz.sh CLANGXX SOURCE_DIR BUILD_DIR SECONDS
set -eu
clangxx=$1 source_dir=$2 build_dir=$3 seconds=$4

if [ -z "$clangxx" ] || ! command -v "$clangxx" >/dev/null 2>&1; then
  echo "SKIPPED: clang++ not found, the Rego evaluator is not fuzzed"
  exit 0
fi

mkdir -p "$build_dir/corpus" "$build_dir/objects"
# Compile each source once into the build directory (two at a time), then link.
objects=""
for source in "$source_dir"/src/rego/*.cc "$source_dir"/src/rego/eval/*.cc \
              "$source_dir"/src/rego/builtins/*.cc "$source_dir/tests/fuzz/rego_eval_fuzz.cc"; do
  object="$build_dir/objects/$(basename "$(dirname "$source")")_$(basename "$source" .cc).o"
  objects="$objects $object"
  if [ ! -f "$object" ] || [ "$source" -nt "$object" ]; then
    "$clangxx" -std=c++20 -O1 -g -fno-omit-frame-pointer \
      -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all \
      -I"$source_dir" -c "$source" -o "$object" &
    while [ "$(jobs -r | wc -l)" -ge 2 ]; do sleep 0.2; done
  fi
done
wait
# shellcheck disable=SC2086
"$clangxx" -fsanitize=fuzzer,address,undefined $objects \
  -lyaml-cpp -lre2 -lgmp -lcrypto -o "$build_dir/rego_eval_fuzz"

exec "$build_dir/rego_eval_fuzz" \
  -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=16384 \
  -print_final_stats=1 -artifact_prefix="$build_dir/" \
  "$build_dir/corpus" "$source_dir/tests/fuzz/corpus"
