# assay: the two commands a new machine needs, and the benchmark.
#   make run    install what is missing, build, start assayd on 127.0.0.1:8787
#   make test   install what is missing, build, run every test
#   make bench  install what is missing, build, run the benchmarks
# Each target installs Debian packages only when they are missing (scripts/deps.sh) and
# builds incrementally with Ninja (and ccache when present).
PRESET ?= default
BUILD_DIR := $(if $(filter asan,$(PRESET)),build-asan,build)
JOBS ?= $(shell nproc)

.PHONY: all build run test bench asan clean deps-build deps-test deps-bench

all: build

deps-build:
	@scripts/deps.sh build
deps-test:
	@scripts/deps.sh test
deps-bench:
	@scripts/deps.sh bench

# Configures once, then lets Ninja decide what is out of date.
$(BUILD_DIR)/build.ninja:
	cmake --preset $(PRESET)

build: deps-build $(BUILD_DIR)/build.ninja
	cmake --build $(BUILD_DIR) -j $(JOBS)

run: deps-build $(BUILD_DIR)/build.ninja
	cmake --build $(BUILD_DIR) -j $(JOBS) --target assayd assay
	exec $(BUILD_DIR)/assayd --listen 127.0.0.1:8787

test: deps-test
	@$(MAKE) --no-print-directory build
	ctest --test-dir $(BUILD_DIR) -j $(JOBS) --output-on-failure

bench: deps-bench
	@$(MAKE) --no-print-directory build
	bench/run.sh $(BUILD_DIR)

# ASan + UBSan build and tests: make asan
asan:
	@$(MAKE) --no-print-directory test PRESET=asan

clean:
	rm -rf build build-asan
