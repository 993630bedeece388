#!/usr/bin/env bash
# coverage.sh — how much of the parsers the fuzz corpora reach: builds each
# harness with clang's source coverage into build/fuzz-cov/, replays the
# seeds and the working corpora (var/fuzz/, from `make fuzz-long`) once,
# and prints llvm-cov's line coverage of the parsers in cgi/core/ (REPORT).
# The annotated source is written to var/test-output/fuzz-cov/.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
cd "$ROOT"
B=build/fuzz-cov
OUT=var/test-output/fuzz-cov
CC=${FUZZ_CC:-clang}
FLAGS=(-std=gnu11 -g -O0 -D_GNU_SOURCE -Icgi/core -Itests/fuzz
       -fprofile-instr-generate -fcoverage-mapping)
mkdir -p "$B" "$OUT"
rm -f "$OUT"/*.profraw

# The harnesses link all of the pure layer; the report covers the parsers.
objs=()
for c in cgi/core/*.c; do
	o=$B/$(basename "$c" .c).o
	"$CC" "${FLAGS[@]}" -c -o "$o" "$c"
	objs+=("$o")
done
REPORT=(cgi/core/{arena,parse,format,text,encode,random,request,urlencoded,multipart,cookies,sniff,session}.c)
bins=()
for src in tests/fuzz/fuzz_*.c; do
	t=$(basename "$src" .c)
	"$CC" "${FLAGS[@]}" -fsanitize=fuzzer -o "$B/$t" "$src" \
		"${objs[@]}" -lcrypto -lm
	dirs=("tests/fuzz/corpus/${t#fuzz_}")
	[ -d "var/fuzz/${t#fuzz_}" ] && dirs+=("var/fuzz/${t#fuzz_}")
	LLVM_PROFILE_FILE="$OUT/$t.profraw" "$B/$t" -runs=0 "${dirs[@]}" \
		>"$OUT/$t.log" 2>&1
	bins+=(-object "$B/$t")
done
llvm-profdata merge -sparse -o "$OUT/all.profdata" "$OUT"/*.profraw
llvm-cov show -instr-profile="$OUT/all.profdata" "${bins[@]:1}" \
	"${REPORT[@]}" >"$OUT/show.txt"
llvm-cov report -instr-profile="$OUT/all.profdata" "${bins[@]:1}" \
	"${REPORT[@]}"
