# Thin wrapper over CMake presets. `make demo` and `make test` install their
# own build dependencies (Debian/Ubuntu packages) when they are missing.

PRESET ?= dev
BUILD_DIR := build/$(PRESET)
STEPGUARD := $(BUILD_DIR)/stepguard
JOBS ?= $(shell nproc 2>/dev/null || echo 2)

# Build and test dependencies, by Debian package name (Debian 12, Ubuntu 24.04).
PACKAGES := cmake g++ make pkg-config git ca-certificates \
  libyaml-cpp-dev nlohmann-json3-dev libcli11-dev libcurl4-openssl-dev \
  libgit2-dev libseccomp-dev libasio-dev libcpp-httplib-dev libssl-dev \
  libgtest-dev libgmock-dev python3 python3-jsonschema python3-yaml
# Only for `make bench`: the peers we compare against.
BENCH_PACKAGES := bubblewrap hyperfine nodejs npm

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: all setup setup-bench build demo test bench format clean

all: build

setup:
	@missing=""; for p in $(PACKAGES); do \
	  dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi

setup-bench: setup
	@missing=""; for p in $(BENCH_PACKAGES); do \
	  dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi

build: setup
	cmake --preset $(PRESET) >/dev/null
	cmake --build --preset $(PRESET) -j $(JOBS)

demo: build
	@echo "== stepguard lint examples/vulnerable-repo =="
	@$(STEPGUARD) lint examples/vulnerable-repo; rc=$$?; \
	  echo; echo "exit status $$rc (1 = policy violated, as expected for this sample)"; \
	  [ $$rc -eq 1 ]

test: build
	ctest --preset $(PRESET) -j $(JOBS)

bench: setup-bench
	cmake --preset release >/dev/null
	cmake --build --preset release -j $(JOBS)
	bench/run_all.sh build/release

format:
	find src tests bench -name '*.h' -o -name '*.cc' | xargs clang-format -i

clean:
	rm -rf build
