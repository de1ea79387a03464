# SocketBench: every user-facing command. Build output goes to stderr so that
# `make run-server` and `make run-client` put nothing but message bytes on stdout.
SHELL := /bin/bash
.DEFAULT_GOAL := build
MAKEFLAGS += --no-print-directory

PORT ?= 5000
HOST ?= 127.0.0.1
IMPL ?= csharp
ARGS ?=
LOAD_ARGS ?=
CONFIG ?= Release
RID ?= linux-x64

# IMPL is a name under bin/ or a directory path holding `server` and `client`.
IMPL_DIR := $(if $(findstring /,$(IMPL)),$(IMPL),bin/$(IMPL))

DOTNET ?= dotnet
PUBLISH = $(DOTNET) publish -c $(CONFIG) -r $(RID) --nologo -v quiet -p:DebugType=none -p:DebugSymbols=false

CS_SOURCES := $(shell find src/SocketBench.* Directory.Build.props Directory.Packages.props src/Directory.Build.props -type f \( -name '*.cs' -o -name '*.csproj' -o -name '*.props' \) -not -path '*/obj/*' -not -path '*/bin/*' 2>/dev/null)
TP_SOURCES := $(shell find toxiproxy -type f \( -name '*.cs' -o -name '*.csproj' -o -name '*.props' \) -not -path '*/obj/*' -not -path '*/bin/*' 2>/dev/null)
LOAD_SOURCES := $(shell find load -type f \( -name '*.cs' -o -name '*.csproj' -o -name '*.props' \) -not -path '*/obj/*' -not -path '*/bin/*' 2>/dev/null)
C_SOURCES := $(wildcard src/c/*.c src/c/*.h src/c/Makefile)
PY_SOURCES := $(wildcard src/python/*.py)

BUILD_TARGETS := bin/csharp/server bin/csharp/client
ifneq ($(wildcard src/c/Makefile),)
BUILD_TARGETS += bin/c/server bin/c/client
endif
ifneq ($(wildcard src/python/server.py),)
BUILD_TARGETS += bin/python/server bin/python/client
endif
ifneq ($(wildcard toxiproxy/SocketBench.Toxiproxy/SocketBench.Toxiproxy.csproj),)
BUILD_TARGETS += bin/toxiproxy-server
endif
ifneq ($(wildcard load/SocketBench.Load/SocketBench.Load.csproj),)
BUILD_TARGETS += bin/load
endif
ifneq ($(wildcard tests/programs/Makefile),)
BUILD_TARGETS += corpus
endif

.PHONY: corpus build setup restore run-server run-client test unit conformance chaos load bench clean help

help:
	@echo "make setup | build | run-server PORT=N | run-client HOST=H PORT=N | test | chaos | load | bench | clean" >&2

## setup: install what a fresh machine lacks (Debian tools, NuGet packages).
setup:
	@.ci/setup >&2

restore:
	@$(DOTNET) restore SocketBench.sln --nologo -v quiet >&2

build: setup $(BUILD_TARGETS)

bin/csharp/server: $(CS_SOURCES)
	@mkdir -p bin/csharp
	@echo "publishing $@ (Native AOT)" >&2
	@$(PUBLISH) src/SocketBench.Server/SocketBench.Server.csproj -o bin/csharp/.server >&2
	@cp bin/csharp/.server/server $@.tmp && mv -f $@.tmp $@

bin/csharp/client: $(CS_SOURCES)
	@mkdir -p bin/csharp
	@echo "publishing $@ (Native AOT)" >&2
	@$(PUBLISH) src/SocketBench.Client/SocketBench.Client.csproj -o bin/csharp/.client >&2
	@cp bin/csharp/.client/client $@.tmp && mv -f $@.tmp $@

bin/c/server bin/c/client &: $(C_SOURCES)
	@mkdir -p bin/c
	@$(MAKE) -C src/c OUT=$(CURDIR)/bin/c >&2

bin/python/server bin/python/client &: $(PY_SOURCES)
	@mkdir -p bin/python
	@py=$$(python3 -c 'import sys; print(sys.executable)') || { echo "python3 not found" >&2; exit 1; }; \
	for p in server client; do \
	  printf '#!/bin/sh\nexec "%s" -I "%s" "$$@"\n' "$$py" "$(CURDIR)/src/python/$$p.py" > bin/python/$$p; \
	  chmod +x bin/python/$$p; \
	done

bin/toxiproxy-server: $(TP_SOURCES)
	@echo "publishing $@ (Native AOT)" >&2
	@$(PUBLISH) toxiproxy/SocketBench.Toxiproxy/SocketBench.Toxiproxy.csproj -o bin/.toxiproxy >&2
	@cp bin/.toxiproxy/toxiproxy-server $@.tmp && mv -f $@.tmp $@

bin/load: $(LOAD_SOURCES) $(CS_SOURCES)
	@echo "publishing $@ (Native AOT)" >&2
	@$(PUBLISH) load/SocketBench.Load/SocketBench.Load.csproj -o bin/.load >&2
	@cp bin/.load/load $@.tmp && mv -f $@.tmp $@

## corpus: the C programs of the grading corpus (tests/programs), built in place.
corpus:
	@$(MAKE) -C tests/programs >&2

## run-server / run-client: build what is missing, then run in the foreground.
run-server: $(if $(findstring /,$(IMPL)),,build)
	@exec $(IMPL_DIR)/server $(ARGS) $(PORT)

run-client: $(if $(findstring /,$(IMPL)),,build)
	@exec $(IMPL_DIR)/client $(ARGS) $(HOST) $(PORT)

## test: build once, then every suite against the published binaries.
test: build
	@tests/run-tests.sh

unit: build
	@tests/run-tests.sh --filter "TestCategory=unit"

conformance: build
	@tests/run-tests.sh --filter "TestCategory=conformance"

chaos: build
	@PRINT_CHAOS_MATRIX=1 tests/run-tests.sh --filter "TestCategory=chaos"

load: build
	@load/run-load.sh $(LOAD_ARGS)

bench: build
	@load/bench.sh

clean:
	@rm -rf bin tests/results
	@find . -name obj -type d -prune -exec rm -rf {} + ; find . -path ./bin -prune -o -name bin -type d -prune -exec rm -rf {} +
