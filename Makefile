# Trackless: the two commands a newcomer needs are `make demo` and `make test`.
SWIFT ?= swift
RELEASE_BIN := .build/release/trackless
export PATH := $(PATH):/opt/swift/usr/bin

.PHONY: deps test-deps build release demo test unit milter e2e browser tree-oracle fuzz fuzz-ci hostile bench man completions clean

deps:
	scripts/install-deps.sh

test-deps:
	scripts/install-deps.sh --with-test-tools

build:
	$(SWIFT) build

# A fully static executable: MDAs run filters with no environment, so the binary must not
# need the toolchain's libraries; and with no dynamic loading or relocation a filter process
# starts in about 2 ms of CPU instead of 5 (docs/delivery.md). ICU and libxml2 are linked in.
STATIC_LINK := -Xswiftc -static-executable \
	-Xlinker -lxml2 -Xlinker -lz -Xlinker -llzma \
	-Xlinker -licui18n -Xlinker -licuuc -Xlinker -licudata -Xlinker -lstdc++ -Xlinker -lm
# Package.swift gives our modules direct metadata accessors; this gives them to the
# dependencies too, whose copies of shared generic code the linker may keep.
DIRECT_METADATA := -Xswiftc -Xfrontend -Xswiftc -disable-concrete-type-metadata-mangled-name-accessors
# Code layout: every function in a section of its own, and lld places the ones a filter run
# executes (scripts/link-order.txt, written by scripts/link-order.sh) side by side at the
# start of the program. A process then faults in about half as many pages of code: 0.2-0.3
# ms less per filter process (docs/delivery.md). The dependencies get the sections too.
# The link map (.build/trackless.map) tells scripts/link-order.sh which section holds each
# function.
LINK_ORDER := scripts/link-order.txt
CODE_LAYOUT := -Xswiftc -use-ld=lld -Xswiftc -Xfrontend -Xswiftc -function-sections \
	-Xlinker --symbol-ordering-file=$(CURDIR)/$(LINK_ORDER) -Xlinker --no-warn-symbol-ordering \
	-Xlinker -Map=$(CURDIR)/.build/trackless.map

release:
	@# SwiftPM does not track the order file: a newer one makes it link again.
	@if [ $(LINK_ORDER) -nt $(RELEASE_BIN) ]; then rm -f $(RELEASE_BIN); fi
	$(SWIFT) build -c release --static-swift-stdlib --product trackless $(STATIC_LINK) $(DIRECT_METADATA) $(CODE_LAYOUT)

demo: deps release
	@echo "== trackless preview SampleMail/newsletter.eml"
	@$(RELEASE_BIN) preview SampleMail/newsletter.eml 2>/dev/null || true
	@echo "== trackless filter < SampleMail/newsletter.eml (first 40 lines of the result)"
	@$(RELEASE_BIN) filter < SampleMail/newsletter.eml | head -n 40

unit:
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

# The delivery tests, then 500 newsletters through Postfix with the milter, without it, and
# with the daemon killed in the middle (Tests/e2e/milter-load.sh; 10,000 by default by hand).
e2e: release
	@if [ -x Tests/e2e/run.sh ]; then TRACKLESS_BIN=$(CURDIR)/$(RELEASE_BIN) Tests/e2e/run.sh; fi
	MILTER_LOAD_COUNT=500 Tests/e2e/milter-load.sh $(CURDIR)/$(RELEASE_BIN)

# trackless milter as a process: output equal to filter's for every fixture (an MTA-side
# client written apart from the daemon), signals, timeouts, limits, protocol garbage.
milter: release
	python3 Tests/milter/daemon_test.py $(RELEASE_BIN)

browser: release
	@if [ -x Tests/browser/run.sh ]; then TRACKLESS_BIN=$(CURDIR)/$(RELEASE_BIN) Tests/browser/run.sh; fi
	python3 Tests/browser/audit_page.py $(RELEASE_BIN)

# The tree simulation against html5lib's tree builder (the HTML standard's algorithm) on
# 2,000 random tag-soup documents: more documents apart than the known differences give
# (docs/rules.md) fails. About 15 s.
TREE_ORACLE_MAX_DIFFER ?= 1
tree-oracle: release
	@py=python3; $$py -c 'import html5lib' 2>/dev/null || py=/usr/bin/python3; \
	$$py scripts/tree-oracle.py $(RELEASE_BIN) 2000 1 --max-differ $(TREE_ORACLE_MAX_DIFFER)

# Coverage-guided fuzzing (docs/fuzzing.md): builds Fuzz/ with libFuzzer and ASan and runs
# every target FUZZ_SECONDS on its corpus; `make fuzz FUZZ_TARGETS="css links"` for some.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?=
fuzz:
	FUZZ_SECONDS=$(FUZZ_SECONDS) Fuzz/run.sh $(FUZZ_TARGETS)

# The bounded run `make test` ends with: past findings replayed, then 12,000 executions per
# target from a fixed seed in a fresh work directory (about 20-30 s for the message targets,
# a few seconds for the fast ones). A fixed seed and count make the gate repeatable: it
# fails on what a change broke, not on what a random run happened to reach. Exploring is
# `make fuzz`, with random seeds and as long as you like.
fuzz-ci:
	work=$$(mktemp -d); FUZZ_WORK=$$work FUZZ_SECONDS=300 FUZZ_ARGS="-seed=1 -runs=12000" Fuzz/run.sh $(FUZZ_TARGETS); \
	status=$$?; [ $$status = 0 ] && rm -rf $$work; exit $$status

# The whole suite: unit and CLI tests (past fuzzing findings included), the Python oracle,
# the milter daemon, real-browser and real-MTA tests, the tree oracle, fuzzing per target (a
# finding fails it), and the hostile-input gate.
test: test-deps unit milter e2e browser tree-oracle fuzz-ci hostile

# Time and peak memory of filter, preview and clean on inputs built to hurt (about 10 s):
# linear time, peak memory under 32 MB + 2x the message size, and a bounded memory cost per
# further input byte (Benchmarks/hostile-inputs.py).
hostile: release
	python3 Benchmarks/hostile-inputs.py --gate

bench: release
	$(SWIFT) build -c release --product trackless-bench --scratch-path .build-bench
	Benchmarks/run.sh

# The man page and shell completions are generated from the argument definitions.
man:
	mkdir -p docs/man
	$(SWIFT) package --allow-writing-to-directory docs/man generate-manual --output-directory docs/man --date $$(date +%F)

completions: release
	mkdir -p docs/completions
	$(RELEASE_BIN) --generate-completion-script bash > docs/completions/trackless.bash
	$(RELEASE_BIN) --generate-completion-script zsh > docs/completions/_trackless
	$(RELEASE_BIN) --generate-completion-script fish > docs/completions/trackless.fish

clean:
	rm -rf .build
