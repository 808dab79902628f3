#!/bin/sh
# Builds the Rego parser fuzzer with clang++ (libFuzzer, ASan, UBSan) straight from the sources
# in src/rego, then fuzzes for SECONDS seconds from the seed corpus. Exits non-zero when the
# fuzzer finds a crash (the reproducer is left in BUILD_DIR); passes with a message when clang++
# is not installed.
# Usage: run_rego_parser_fuzz.sh CLANGXX SOURCE_DIR BUILD_DIR SECONDS
set -eu
clangxx=$1 source_dir=$2 build_dir=$3 seconds=$4

if [ -z "$clangxx" ] || ! command -v "$clangxx" >/dev/null 2>&1; then
  echo "SKIPPED: clang++ not found, the Rego parser is not fuzzed"
  exit 0
fi

mkdir -p "$build_dir/corpus"
"$clangxx" -std=c++20 -O1 -g -fno-omit-frame-pointer \
  -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
  -I"$source_dir" \
  "$source_dir/tests/fuzz/rego_parser_fuzz.cc" \
  "$source_dir/src/rego/lexer.cc" \
  "$source_dir/src/rego/parser.cc" \
  "$source_dir/src/rego/parser_terms.cc" \
  "$source_dir/src/rego/annotations.cc" \
  "$source_dir/src/rego/annotation_yaml.cc" \
  -lyaml-cpp \
  -o "$build_dir/rego_parser_fuzz"

# New inputs go to the build directory's corpus; the seeds in the source tree stay as they are.
exec "$build_dir/rego_parser_fuzz" \
  -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
  -print_final_stats=1 -artifact_prefix="$build_dir/" \
  "$build_dir/corpus" "$source_dir/tests/fuzz/corpus"
