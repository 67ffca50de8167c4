# Herald: the two commands a newcomer runs are `make site` and `make test`.
SWIFT ?= swift
VENV := .venv

.PHONY: site test unit-test interop-test bench build clean

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

clean:
	rm -rf .build site
