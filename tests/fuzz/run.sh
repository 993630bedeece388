#!/usr/bin/env bash
# run.sh — runs every libFuzzer harness (build/fuzz/fuzz_*) for a bounded
# time on its seed corpus (tests/fuzz/corpus/<target>/, read only). New
# inputs go to a working corpus outside the source tree, crashes to
# var/test-output/fuzz/<target>-crash-*; one line per harness, then
# "fuzz: N clean, N crashed". Exit 1 when a harness crashed or none ran.
#
#   tests/fuzz/run.sh SECONDS [WORKDIR]
#
# WORKDIR keeps the working corpora (default: a fresh one under
# var/test-output/fuzz/, so `make test` starts from the seeds each time;
# `make fuzz-long` passes var/fuzz to let them grow between runs).
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
secs=${1:?usage: run.sh SECONDS [WORKDIR]}
OUT=$ROOT/var/test-output/fuzz
work=${2:-$OUT/corpus}
cd "$ROOT" || exit 1
mkdir -p "$OUT" "$work"

clean=0
crashed=0
for bin in build/fuzz/fuzz_*; do
	[ -x "$bin" ] || continue
	t=${bin#build/fuzz/fuzz_}
	log=$OUT/$t.log
	mkdir -p "$work/$t"
	rm -f "$OUT/$t"-crash-* "$OUT/$t"-leak-* "$OUT/$t"-timeout-* "$OUT/$t"-oom-*
	dict=()
	[ -f "tests/fuzz/$t.dict" ] && dict=(-dict="tests/fuzz/$t.dict")
	# -timeout: one input taking seconds is a bug (a parser loop);
	# the outer timeout only guards against a hung fuzzer.
	timeout --kill-after=10 $((secs + 60)) "$bin" -max_total_time="$secs" \
		-timeout=10 -rss_limit_mb=1024 -max_len=4096 -print_final_stats=1 \
		-artifact_prefix="$OUT/$t-" "${dict[@]}" \
		"$work/$t" "tests/fuzz/corpus/$t" </dev/null >"$log" 2>&1
	rc=$?
	stats=$(grep -E '^#[0-9]+.*(DONE|pulse)' "$log" | tail -n 1 |
		sed -E 's/.*cov: ([0-9]+).*exec\/s: ([0-9]+).*/cov \1, \2 exec\/s/')
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	if [ $rc -eq 0 ]; then
		clean=$((clean + 1))
		printf '  %-14s clean   %s runs, %s\n' "$t" "${runs:-?}" "${stats:-?}"
	else
		crashed=$((crashed + 1))
		art=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -n 1)
		printf '  %-14s FAILED  exit %d: %s\n' "$t" "$rc" "${art:-see $log}"
		grep -m 3 -E 'ERROR: |runtime error:|property violated' "$log" | sed 's/^/      /'
	fi
done
echo "fuzz: $clean clean, $crashed crashed"
[ $crashed -eq 0 ] && [ $clean -gt 0 ]
