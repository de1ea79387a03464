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
PUBLISH = $(DOTNET) publish -c $(CONFIG) -r $(RID) --nologo -v quiet

CS_SOURCES := $(shell find src/SocketBench.* Directory.Build.props Directory.Packages.props src/Directory.Build.props -type f \( -name '*.cs' -o -name '*.csproj' -o -name '*.props' \) -not -path '*/obj/*' -not -path '*/bin/*' 2>/dev/null)
TP_SOURCES := $(shell find toxiproxy -type f \( -name '*.cs' -o -name '*.csproj' -o -name '*.props' \) -not -path '*/obj/*' -not -path '*/bin/*' 2>/dev/null)
TPCLI_SOURCES := $(shell find toxiproxy/SocketBench.Toxiproxy.Client toxiproxy/SocketBench.Toxiproxy.Cli toxiproxy/Directory.Build.props -type f \( -name '*.cs' -o -name '*.csproj' -o -name '*.props' -o -name '*.md' \) -not -path '*/obj/*' -not -path '*/bin/*' 2>/dev/null)
GRADE_SOURCES := $(shell find grade -type f \( -name '*.cs' -o -name '*.csproj' -o -name '*.props' \) -not -path '*/obj/*' -not -path '*/bin/*' -not -path 'grade/reports/*' 2>/dev/null)
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
ifneq ($(wildcard toxiproxy/SocketBench.Toxiproxy.Cli/SocketBench.Toxiproxy.Cli.csproj),)
BUILD_TARGETS += bin/toxiproxy-cli
endif
ifneq ($(wildcard load/SocketBench.Load/SocketBench.Load.csproj),)
BUILD_TARGETS += bin/load
endif
BENCH_TARGETS := bin/bench bin/tools/aot-hello bin/tools/cloadgen bin/tools/spawntime bin/tools/crelay
BUILD_TARGETS += $(BENCH_TARGETS)
ifneq ($(wildcard grade/SocketBench.Grade/SocketBench.Grade.csproj),)
BUILD_TARGETS += bin/grade
endif

ifneq ($(wildcard tests/programs/Makefile),)
BUILD_TARGETS += corpus
endif

.PHONY: corpus build setup restore run-server run-client test unit conformance chaos load bench grade pack clean help

help:
	@echo "make setup | build | run-server PORT=N | run-client HOST=H PORT=N | test | chaos | load | bench | grade IMPL=DIR | pack | clean" >&2

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
	  printf '#!/bin/sh\n' > bin/python/$$p; \
	  if [ $$p = client ]; then \
	    printf '# CPython stops before client.py runs when fd 0 is a directory: answer as client.py does.\n' >> bin/python/$$p; \
	    printf '[ -d /dev/stdin ] && { echo "client: reading stdin: Is a directory (0 bytes sent)" >&2; exit 74; }\n' >> bin/python/$$p; \
	  fi; \
	  printf 'exec "%s" -I "%s" "$$@"\n' "$$py" "$(CURDIR)/src/python/$$p.py" >> bin/python/$$p; \
	  chmod +x bin/python/$$p; \
	done

bin/toxiproxy-server: $(TP_SOURCES)
	@echo "publishing $@ (Native AOT)" >&2
	@$(PUBLISH) toxiproxy/SocketBench.Toxiproxy/SocketBench.Toxiproxy.csproj -o bin/.toxiproxy >&2
	@cp bin/.toxiproxy/toxiproxy-server $@.tmp && mv -f $@.tmp $@

bin/toxiproxy-cli: $(TPCLI_SOURCES)
	@echo "publishing $@ (Native AOT)" >&2
	@$(PUBLISH) toxiproxy/SocketBench.Toxiproxy.Cli/SocketBench.Toxiproxy.Cli.csproj -o bin/.toxiproxy-cli >&2
	@cp bin/.toxiproxy-cli/toxiproxy-cli $@.tmp && mv -f $@.tmp $@

## pack: the typed Toxiproxy client as a NuGet package in artifacts/ (README and XML docs checked inside).
pack:
	@rm -f artifacts/SocketBench.Toxiproxy.Client.*.nupkg
	@$(DOTNET) pack toxiproxy/SocketBench.Toxiproxy.Client/SocketBench.Toxiproxy.Client.csproj -c $(CONFIG) --nologo -v quiet -o artifacts >&2
	@pkg=$$(ls artifacts/SocketBench.Toxiproxy.Client.*.nupkg) && listing=$$(unzip -Z1 "$$pkg") && \
	  for f in README.md lib/net10.0/SocketBench.Toxiproxy.Client.dll lib/net10.0/SocketBench.Toxiproxy.Client.xml; do \
	    grep -qx "$$f" <<<"$$listing" || { echo "pack: $$pkg lacks $$f" >&2; exit 1; }; \
	  done && echo "packed $$pkg (README, XML docs, package validation passed)" >&2

bin/load: $(LOAD_SOURCES) $(CS_SOURCES) $(TPCLI_SOURCES)
	@echo "publishing $@ (Native AOT)" >&2
	@$(PUBLISH) load/SocketBench.Load/SocketBench.Load.csproj -o bin/.load >&2
	@cp bin/.load/load $@.tmp && mv -f $@.tmp $@

bin/bench: $(LOAD_SOURCES) $(CS_SOURCES) $(TP_SOURCES)
	@echo "publishing $@ (Native AOT)" >&2
	@$(PUBLISH) load/SocketBench.Bench/SocketBench.Bench.csproj -o bin/.bench >&2
	@cp bin/.bench/bench $@.tmp && mv -f $@.tmp $@

bin/tools/aot-hello: load/SocketBench.Bench.Hello/Program.cs load/SocketBench.Bench.Hello/SocketBench.Bench.Hello.csproj
	@mkdir -p bin/tools
	@$(PUBLISH) load/SocketBench.Bench.Hello/SocketBench.Bench.Hello.csproj -o bin/.aot-hello >&2
	@cp bin/.aot-hello/aot-hello $@.tmp && mv -f $@.tmp $@

bin/tools/cloadgen bin/tools/spawntime bin/tools/crelay &: load/tools/cloadgen.c load/tools/spawntime.c load/tools/crelay.c load/tools/Makefile
	@$(MAKE) -C load/tools OUT=$(CURDIR)/bin/tools >&2

bin/grade: $(GRADE_SOURCES) $(CS_SOURCES) $(TP_SOURCES)
	@echo "publishing $@ (Native AOT)" >&2
	@$(PUBLISH) grade/SocketBench.Grade/SocketBench.Grade.csproj -o bin/.grade >&2
	@cp bin/.grade/grade $@.tmp && mv -f $@.tmp $@

## grade: report cards for spec-only programs (grade/README.md). IMPL=DIR (a name under bin/ or a
## path), or SERVER=PATH CLIENT=PATH, or SUBMISSIONS=DIR; GRADE_ARGS="--quick --only server ...".
GRADE_TARGET = $(if $(SUBMISSIONS),--submissions $(SUBMISSIONS),$(if $(SERVER)$(CLIENT),$(if $(SERVER),--server $(SERVER)) $(if $(CLIENT),--client $(CLIENT)),$(IMPL_DIR)))
grade: build
	@bin/grade $(GRADE_ARGS) $(GRADE_TARGET)

## corpus: the C programs of the grading corpus (tests/programs), built in place.
corpus:
	@$(MAKE) -C tests/programs >&2

## run-server / run-client: build what is missing, then run in the foreground.
# Only the program that runs is built (a named IMPL); a directory IMPL is the user's own.
run-server: $(if $(findstring /,$(IMPL)),,setup $(IMPL_DIR)/server)
	@exec $(IMPL_DIR)/server $(ARGS) $(PORT)

run-client: $(if $(findstring /,$(IMPL)),,setup $(IMPL_DIR)/client)
	@exec $(IMPL_DIR)/client $(ARGS) $(HOST) $(PORT)

## test: build once, then every suite against the published binaries; chaos on its quick subset
## (CHAOS_QUICK=1: every scenario for the C#/C# pair, the cheap ones for the other pairs).
test: build
	@CHAOS_QUICK=1 tests/run-tests.sh

unit: build
	@tests/run-tests.sh --filter "TestCategory=unit"

conformance: build
	@tests/run-tests.sh --filter "TestCategory=conformance"

chaos: build
	@PRINT_CHAOS_MATRIX=1 tests/run-tests.sh --filter "TestCategory=chaos"

load: build
	@load/run-load.sh $(LOAD_ARGS)

## bench: every implementation against its peers, ratios with 95% intervals (BENCH_ARGS="--only throughput").
BENCH_ARGS ?=
bench: build
	@bin/bench $(BENCH_ARGS)

clean:
	@rm -rf bin tests/results
	@find . -name obj -type d -prune -exec rm -rf {} + ; find . -path ./bin -prune -o -name bin -type d -prune -exec rm -rf {} +
