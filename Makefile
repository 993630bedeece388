# Aftercare — build, run and test. `make run` and `make test` are the two
# commands a fresh Debian 12 machine needs (see README.md).

CC      ?= cc
OPT     ?= -O2
CFLAGS  ?= $(OPT) -g
WARN     = -Wall -Wextra -Werror -Wshadow -Wformat=2 -Wstrict-prototypes \
           -Wmissing-prototypes -Wvla -Wno-unused-parameter
PKGS     = libmariadb fcgi openssl jansson libqrencode liboath
CPPFLAGS = -D_GNU_SOURCE $(LAYERS:%=-Icgi/%) -I/usr/include/ClearSilver \
           $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
LDLIBS   = -lneo_cgi -lneo_cs -lneo_utl -lz \
           $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lpthread -lm
ALLCFLAGS = -std=gnu11 $(WARN) $(CFLAGS) $(SANFLAGS)
# libcurl: only the notification worker talks to the world (SMTP, HTTP).
CURL_CFLAGS = $(shell pkg-config --cflags libcurl 2>/dev/null)
CURL_LIBS   = $(shell pkg-config --libs libcurl 2>/dev/null)

# The layers are the folders of cgi/ (docs/architecture.md); each uses only
# those before it in this list, never one after it, and no two files use
# each other (scripts/check-layers.sh reads that off the objects):
#   core/    pure code: parsers, tokens, calendar, rules, stats, CSV, SVG;
#            no database, no FastCGI, no templates; unit-tested alone.
#   domain/  the database and the business (shared by both programs).
#   web/     the daemon: FastCGI, routes, templates, one page_*.c per screen.
#   admin/   the command-line tool aftercare-admin, one file per command.
#   notify/  the notification worker aftercare-notify: delivers the outbox
#            (it renders with web's view.o, nothing else of web).
LAYERS   = core domain web admin notify
HEADERS  = $(wildcard $(LAYERS:%=cgi/%/*.h))
objs     = $(patsubst cgi/%.c,build/%.o,$(wildcard cgi/$(1)/*.c))
CORE_O   = $(call objs,core)
DOMAIN_O = $(call objs,domain)
WEB_O    = $(call objs,web)
ADMIN_O  = $(call objs,admin)
NOTIFY_O = $(call objs,notify)
NOTIFY_WEB_O = build/web/view.o
UNIT_O   = $(patsubst tests/unit/%.c,build/unit_%.o,$(wildcard tests/unit/*.c))

all: build/aftercare build/aftercare-admin build/aftercare-notify

build/%.o: cgi/%.c $(HEADERS)
	@mkdir -p $(@D)
	$(CC) $(ALLCFLAGS) $(CPPFLAGS) -c -o $@ $<

build/notify/%.o: cgi/notify/%.c $(HEADERS)
	@mkdir -p $(@D)
	$(CC) $(ALLCFLAGS) $(CPPFLAGS) $(CURL_CFLAGS) -c -o $@ $<

build/unit_%.o: tests/unit/%.c tests/unit/t.h $(HEADERS) | build
	$(CC) $(ALLCFLAGS) $(CPPFLAGS) -Itests/unit -c -o $@ $<

build/aftercare: $(WEB_O) $(DOMAIN_O) $(CORE_O)
	$(CC) $(ALLCFLAGS) -o $@ $^ $(LDLIBS)

build/aftercare-admin: $(ADMIN_O) $(DOMAIN_O) $(CORE_O)
	$(CC) $(ALLCFLAGS) -o $@ $^ $(LDLIBS)

build/aftercare-notify: $(NOTIFY_O) $(NOTIFY_WEB_O) $(DOMAIN_O) $(CORE_O)
	$(CC) $(ALLCFLAGS) -o $@ $^ $(LDLIBS) $(CURL_LIBS)

build/unit: $(UNIT_O) $(CORE_O)
	$(CC) $(ALLCFLAGS) -o $@ $^ $(LDLIBS)

build:
	mkdir -p build

deps:
	@scripts/deps.sh

# Bring the whole stack up with demo data on 127.0.0.1:8080.
run: deps
	@$(MAKE) --no-print-directory all
	@scripts/stack.sh up run

stop:
	@scripts/stack.sh down run

# Each page's throughput as a ratio to "hello" on the bench stack (var/bench:
# demo data plus 100 000 generated cases, made once), and the daemon's memory.
bench: deps
	@$(MAKE) --no-print-directory all
	@scripts/bench.sh

# What telling people costs a staff action: approvals on the bench stack,
# alternating rounds without and with a webhook endpoint and e-mail.
bench-approve: deps
	@$(MAKE) --no-print-directory all
	@scripts/bench-approve.sh

# Customers and staff at once for LOAD_SECONDS against a fresh test stack,
# then the database's invariants (15 s of it run in make test).
LOAD_SECONDS ?= 120
load: deps
	@$(MAKE) --no-print-directory all
	@LOAD_SECONDS=$(LOAD_SECONDS) tests/run.sh tests/http/load.test.mjs

# sqlmap at a higher level, risk and with time-based tests (the suite runs
# at level 1, risk 1, boolean/error/union in make test).
sqlmap: deps
	@$(MAKE) --no-print-directory all
	@SQLMAP_LEVEL=3 SQLMAP_RISK=2 SQLMAP_TECHNIQUE=BEUST SQLMAP_SECONDS=1200 \
		tests/run.sh tests/http/sqlmap.test.mjs

# Everything: unit tests, then the HTTP suites against a fresh test stack.
test: deps
	@$(MAKE) --no-print-directory all build/unit fuzz-build
	@FUZZ_SHORT=$(FUZZ_SHORT) tests/run.sh

unit: build/unit
	build/unit

# The same tests on an AddressSanitizer + UBSan build (rebuilds build/;
# `make clean all` afterwards for the normal build).
asan: deps
	@$(MAKE) --no-print-directory clean-build
	@$(MAKE) --no-print-directory OPT=-O1 SANFLAGS="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" all build/unit
	@$(MAKE) --no-print-directory fuzz-build
	@tests/run.sh

# The HTTP suites against a daemon running under valgrind; fails on any
# memory error or definite leak the daemon shows by its clean exit.
valgrind: deps
	@$(MAKE) --no-print-directory all build/unit
	@rm -f var/valgrind.*.log; mkdir -p var
	@AFTERCARE_WRAP="valgrind --quiet --leak-check=full --errors-for-leak-kinds=definite --log-file=$(CURDIR)/var/valgrind.%p.log" \
		tests/run.sh $(wildcard tests/http/*.test.mjs)
	@cat var/valgrind.*.log; ! grep -q . var/valgrind.*.log && echo "valgrind: no errors, no definite leaks"

# libFuzzer harnesses (tests/fuzz/fuzz_*.c) for the parsers of the pure
# files, built with clang + ASan/UBSan into build/fuzz/. `make fuzz` runs
# each for FUZZ_SHORT seconds (also part of `make test`); `make fuzz-long`
# for FUZZ_SECONDS each, keeping its corpora in var/fuzz/.
FUZZ_CC      ?= clang
FUZZ_SHORT   ?= 7
FUZZ_SECONDS ?= 600
FUZZ_FLAGS    = -std=gnu11 $(WARN) -g -O1 -fno-omit-frame-pointer \
                -fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_LIB      = $(patsubst cgi/core/%.c,build/fuzz/%.o,$(wildcard cgi/core/*.c))
FUZZ_BINS     = $(patsubst tests/fuzz/%.c,build/fuzz/%,$(wildcard tests/fuzz/fuzz_*.c))

build/fuzz/%.o: cgi/core/%.c $(HEADERS) | build/fuzz
	$(FUZZ_CC) $(FUZZ_FLAGS) -fsanitize=fuzzer-no-link $(CPPFLAGS) -c -o $@ $<

build/fuzz/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/*.h $(FUZZ_LIB) | build/fuzz
	$(FUZZ_CC) $(FUZZ_FLAGS) -fsanitize=fuzzer $(CPPFLAGS) -Itests/fuzz -o $@ $< \
		$(FUZZ_LIB) -lcrypto -lqrencode -loath -lm

build/fuzz:
	mkdir -p build/fuzz

fuzz-build: $(FUZZ_BINS)

.SECONDARY: $(FUZZ_LIB)

fuzz: deps
	@$(MAKE) --no-print-directory fuzz-build
	@tests/fuzz/run.sh $(FUZZ_SHORT)

fuzz-long: deps
	@$(MAKE) --no-print-directory fuzz-build
	@tests/fuzz/run.sh $(FUZZ_SECONDS) var/fuzz

# Line coverage of the parsers of cgi/core/ reached by the seeds and
# by the corpora fuzz-long left in var/fuzz/ (llvm-cov, build/fuzz-cov/).
fuzz-cov: deps
	@tests/fuzz/coverage.sh

# The application on a three-node MariaDB Galera cluster (galera-4) on
# 127.0.0.1: `make galera` brings it up and says what runs where (port
# 8093, AFTERCARE_PORT picks another; `make galera-stop` stops it);
# `make galera-test` brings it up, runs tests/galera/ and takes it down.
galera: deps
	@$(MAKE) --no-print-directory all
	@scripts/stack.sh up galera

galera-stop:
	@scripts/stack.sh down galera

galera-test: deps
	@$(MAKE) --no-print-directory all
	@tests/run.sh galera

clean-build:
	rm -rf build

clean: clean-build

.PHONY: all deps run stop bench bench-approve load sqlmap test unit asan valgrind clean clean-build \
        fuzz fuzz-build fuzz-long fuzz-cov galera galera-stop galera-test
