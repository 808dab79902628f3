#!/usr/bin/env bash
# Installs the Debian 12 packages assay needs, and only the missing ones.
#   scripts/deps.sh build   compilers, build tools and libraries
#   scripts/deps.sh test    build + what the tests run against
#   scripts/deps.sh bench   test + the tools the benchmarks compare with
# Runs `apt-get update` once, then `apt-get install -y`; a no-op when all is present.
set -euo pipefail

build_packages=(
  build-essential cmake ninja-build ccache pkg-config
  libboost1.81-dev nlohmann-json3-dev libspdlog-dev libyaml-cpp-dev
  libseccomp-dev libpg-query-dev libsqlite3-dev catch2
  libre2-dev libgmp-dev libssl-dev
)
test_packages=(curl python3 clang libclang-rt-14-dev)
bench_packages=(sqlfluff wrk bubblewrap)

wanted=("${build_packages[@]}")
case "${1:-build}" in
  build) ;;
  test) wanted+=("${test_packages[@]}") ;;
  bench) wanted+=("${test_packages[@]}" "${bench_packages[@]}") ;;
  *) echo "usage: $0 [build|test|bench]" >&2; exit 2 ;;
esac

missing=()
for package in "${wanted[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$package")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

if [[ $(id -u) -ne 0 ]]; then
  echo "assay: missing packages: ${missing[*]}; run as root or install them with apt-get" >&2
  exit 1
fi
echo "assay: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
