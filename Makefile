# Herald: the two commands a newcomer runs are `make site` and `make test`.
SWIFT ?= swift
VENV := .venv

.PHONY: site test unit-test interop-test bench build clean dist dist-test sanitize soak

## Build the catalog site from the bundled example catalog (installs system libraries first).
site:
	scripts/setup.sh build
	$(SWIFT) run -c release herald build

build:
	scripts/setup.sh build
	$(SWIFT) build

## Every test: Swift unit and golden tests, then the interop suites with real clients.
test:
	scripts/setup.sh test
	$(MAKE) unit-test interop-test

unit-test:
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

interop-test:
	$(SWIFT) build --product herald
	HERALD_BIN="$$($(SWIFT) build --show-bin-path)/herald" $(VENV)/bin/python -m pytest -q -rs Tests/Interop

## Benchmarks, release builds only, with the reference tools measured in the same run.
bench:
	scripts/setup.sh bench
	$(SWIFT) build -c release --product herald
	$(SWIFT) build -c release --product herald-bench
	bench/run.sh

## The release tarball dist/herald-<version>-linux-<arch>.tar.gz (its own release build in .build-dist/).
dist:
	scripts/setup.sh build
	scripts/dist.sh

## The tarball in a minimal Debian root without Swift (debootstrap, chroot: needs root). Not part of `make test`.
dist-test: dist
	scripts/setup.sh dist
	scripts/dist-test.sh

## The Swift test suite under AddressSanitizer, then under ThreadSanitizer, each in its own build folder (slow).
SANITIZE_NICE ?= nice -n 10
sanitize:
	scripts/setup.sh test
	$(SANITIZE_NICE) $(SWIFT) build --build-tests --sanitize=address --scratch-path .build-asan
	LSAN_OPTIONS="suppressions=$(CURDIR)/sanitize/lsan.supp print_suppressions=0" \
		$(SANITIZE_NICE) $(SWIFT) test --skip-build --sanitize=address --scratch-path .build-asan
	$(SANITIZE_NICE) $(SWIFT) build --build-tests --sanitize=thread --scratch-path .build-tsan
	TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1" $(SANITIZE_NICE) $(SWIFT) test --skip-build --sanitize=thread --scratch-path .build-tsan

## The broker, registry and serve interop suites with real clients against the ThreadSanitizer-built herald (the
## Swift suite has no test with sockets and concurrent clients); every report is a file, and any file fails the run.
TSAN_INTEROP ?= Tests/Interop/test_broker_*.py Tests/Interop/test_registry_*.py Tests/Interop/test_serve*.py Tests/Interop/test_produce_validation.py
.PHONY: sanitize-interop
sanitize-interop:
	scripts/setup.sh test
	$(SANITIZE_NICE) $(SWIFT) build --product herald --sanitize=thread --scratch-path .build-tsan
	rm -rf .build-tsan/reports && mkdir -p .build-tsan/reports
	TSAN_OPTIONS="log_path=$(CURDIR)/.build-tsan/reports/herald" HERALD_BIN="$(CURDIR)/.build-tsan/debug/herald" \
		$(SANITIZE_NICE) $(VENV)/bin/python -m pytest -q -rs $(TSAN_INTEROP)
	@if ls .build-tsan/reports/* >/dev/null 2>&1; then cat .build-tsan/reports/*; echo "ThreadSanitizer reported races (above)"; exit 1; fi

## Minutes of load on one broker (200+ connections, churning groups, a slow consumer); figures go in docs/broker.md.
SOAK_SECONDS ?= 300
soak:
	scripts/setup.sh test
	$(SWIFT) build --product herald
	HERALD_BIN="$$($(SWIFT) build --show-bin-path)/herald" $(VENV)/bin/python Tests/Interop/soak.py --seconds $(SOAK_SECONDS)

clean:
	rm -rf .build site

## libFuzzer runs of every fuzz target (Fuzz/README.md): FUZZ_SECONDS each (FUZZ_SECONDS=600 for a long run),
## FUZZ_TARGETS to pick some. Crashes land in .build/fuzz/artifacts/; `swift test` replays Fuzz/corpus/*/regressions.
FUZZ_SECONDS ?= 60
.PHONY: fuzz
fuzz:
	scripts/setup.sh build
	FUZZ_SECONDS=$(FUZZ_SECONDS) $(if $(FUZZ_TARGETS),FUZZ_TARGETS="$(FUZZ_TARGETS)") SWIFT=$(SWIFT) Fuzz/run.sh
