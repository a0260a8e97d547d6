# starsink — the two commands: `make demo` and `make test`.
SWIFT ?= swift
PREFIX ?= /usr
DESTDIR ?=
BINDIR = $(DESTDIR)$(PREFIX)/bin
SHAREDIR = $(DESTDIR)$(PREFIX)/share/starsink
UNITDIR = $(DESTDIR)/lib/systemd/system
CONFDIR = $(DESTDIR)/etc/starsink

.PHONY: all deps test-deps build release demo test bench soak bench-scd chaos install uninstall sql clean format

all: release

deps:
	@scripts/install-deps.sh runtime

test-deps:
	@scripts/install-deps.sh test
	@scripts/python-test-env.sh

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

## The whole pipeline on embedded defaults: in-process Kafka, SQLite through ODBC, four reports.
demo: release
	.build/release/starsink demo

## Unit, integration and end-to-end tests (starts its own PostgreSQL and Kafka; needs nothing running).
test: test-deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

## Throughput, CPU, memory and latency of the daemon vs the per-message baseline, tables verified.
bench: release test-deps
	scripts/bench.sh $(BENCH_ARGS)

## Not in CI: the daemon at a steady SOAK_RATE orders/s into PostgreSQL for SOAK_MINUTES; RSS, open file
## descriptors, p99 produce→commit and orders loaded after minute 1 and at the end; fails unless RSS and fds stay flat.
SOAK_MINUTES ?= 30
SOAK_RATE ?= 5000
soak: release test-deps
	scripts/bench.sh --soak-minutes $(SOAK_MINUTES) --soak-rate $(SOAK_RATE) $(BENCH_ARGS)

## The cost of SCD Type 2 history: 100k orders into PostgreSQL with customer_region type2, then type1.
bench-scd: test-deps
	$(SWIFT) build --build-tests
	STARSINK_BENCH=1 $(SWIFT) test --skip-build --filter HistoryCostBenchmark

## The chaos scenarios of `make test`, CHAOS_SCALE times larger (events, kills, fault rounds), then a
## table: scenario × events, loaded, rejected, lost, duplicated. CHAOS_SCALE=20 ≈ 500k events, 200 kills.
CHAOS_SCALE ?= 5
CHAOS_SUMMARY = $(CURDIR)/.build/chaos-summary.tsv
chaos: test-deps
	$(SWIFT) build --build-tests
	rm -f $(CHAOS_SUMMARY)
	STARSINK_CHAOS_SCALE=$(CHAOS_SCALE) STARSINK_CHAOS_SUMMARY=$(CHAOS_SUMMARY) \
		$(SWIFT) test --skip-build --filter ChaosTests; status=$$?; \
	printf '\n%-44s %9s %9s %9s %6s %11s\n' scenario events loaded rejected lost duplicated; \
	if [ -f $(CHAOS_SUMMARY) ]; then \
		awk -F'\t' '{ printf "%-44s %9s %9s %9s %6s %11s\n", $$1, $$2, $$3, $$4, $$5, $$6 }' $(CHAOS_SUMMARY); fi; \
	exit $$status

## Regenerates sql/<dialect>/schema.sql from the binary (a test checks they match).
sql: build
	for d in sqlite postgresql snowflake; do .build/debug/starsink schema show --dialect $$d > sql/$$d/schema.sql; done

## BUILD=debug installs the binary `swift build` already made, without building (the install test uses it).
BUILD ?= release

install: $(if $(filter release,$(BUILD)),release)
	@test -x .build/$(BUILD)/starsink || { echo ".build/$(BUILD)/starsink is missing: run swift build -c $(BUILD)" >&2; exit 1; }
	install -D -m 0755 .build/$(BUILD)/starsink $(BINDIR)/starsink
	install -d $(UNITDIR)
	sed 's#/usr/bin/starsink#$(PREFIX)/bin/starsink#g' deploy/starsink.service > $(UNITDIR)/starsink.service
	chmod 0644 $(UNITDIR)/starsink.service
	for d in sqlite postgresql snowflake; do install -D -m 0644 sql/$$d/schema.sql $(SHAREDIR)/sql/$$d/schema.sql; done
	install -D -m 0644 config/starsink.yaml $(SHAREDIR)/starsink.yaml.example
	@# Never overwrite an edited configuration. It is world-readable: the DynamicUser service re-reads it
	@# on every reload, and it holds no secret (secrets are files in credentials/, see README "Secrets").
	if [ ! -e $(CONFDIR)/starsink.yaml ]; then install -D -m 0644 config/starsink.yaml $(CONFDIR)/starsink.yaml; fi
	@# The unit's LoadCredential= needs the directory, even empty; its files are the operator's.
	if [ ! -d $(CONFDIR)/credentials ]; then install -d -m 0700 $(CONFDIR)/credentials; fi

uninstall:
	rm -f $(BINDIR)/starsink $(UNITDIR)/starsink.service
	rm -rf $(SHAREDIR)
	@echo "kept $(CONFDIR)/starsink.yaml and $(CONFDIR)/credentials/ (remove them by hand if you want them gone)"

clean:
	rm -rf .build demo-data

## Re-apply the code layout of .swift-format (swift-format ships with the toolchain).
format:
	$(SWIFT) format format --in-place --parallel --recursive Sources Tests Package.swift
