#!/usr/bin/env bash
# run.sh — every test: the unit tests (build/unit, TAP), then each HTTP suite
# (tests/http/*.test.mjs, node's test runner) and each browser suite
# (tests/browser/*.test.mjs: headless chromium, screenshots in
# var/test-output/screenshots/) against a fresh test stack on
# 127.0.0.1:8088, then the Galera suite (tests/galera/) on its own stack
# (three MariaDB nodes, 127.0.0.1:8093). Raw output goes to
# var/test-output/. The last line is always "N passed, N failed"; the exit
# status is 1 when a test failed or nothing ran.
#
#   tests/run.sh                           everything (what `make test` runs)
#   tests/run.sh tests/http/auth.test.mjs  only these suites (and `unit` for
#                                          the unit tests, `fuzz` for a short
#                                          run of each libFuzzer harness,
#                                          `galera` for the Galera suite)
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
OUT=$ROOT/var/test-output
port=${AFTERCARE_PORT:-8088}

run_unit=0
run_fuzz=0
run_galera=0
suites=()
if [ $# -eq 0 ]; then
	run_unit=1
	for f in "$ROOT"/tests/http/*.test.mjs "$ROOT"/tests/browser/*.test.mjs; do
		[ -e "$f" ] && suites+=("$f")
	done
else
	for a in "$@"; do
		if [ "$a" = unit ]; then
			run_unit=1
		elif [ "$a" = fuzz ]; then
			run_fuzz=1
		elif [ "$a" = galera ]; then
			run_galera=1
		elif [ -f "$a" ]; then
			suites+=("$(cd "$(dirname "$a")" && pwd -P)/$(basename "$a")")
		else
			echo "run.sh: no such test file: $a" >&2
			echo "0 passed, 1 failed"
			exit 1
		fi
	done
fi
[ $# -eq 0 ] && run_fuzz=1 && run_galera=1
# The Galera suite's own stack (scripts/stack.sh galera): five ports above
# the test stack's (8093 by default), its cluster on ports from 10000 up
# (scripts/galera.sh).
galera_port=${AFTERCARE_GALERA_PORT:-$((port + 5))}
cd "$ROOT" || exit 1
rm -rf "$OUT"
mkdir -p "$OUT"

passed=0
failed=0
stack_up=0
galera_up=0

stack_down() {
	if [ $stack_up -eq 1 ]; then
		stack_up=0
		scripts/stack.sh down test >"$OUT/stack-down.log" 2>&1
	fi
}
galera_down() {
	if [ $galera_up -eq 1 ]; then
		galera_up=0
		AFTERCARE_PORT=$galera_port scripts/stack.sh down galera >"$OUT/galera-down.log" 2>&1
	fi
}
# A test runs in the background and we wait for it, so that Ctrl-C or a
# TERM stops it and the stack at once (timeout's own process group does not
# get the terminal's Ctrl-C).
child=""
run_bounded() { # seconds log command...
	local secs=$1 log=$2 rc
	shift 2
	timeout --kill-after=10 "$secs" "$@" </dev/null >"$log" 2>&1 &
	child=$!
	wait "$child"
	rc=$?
	child=""
	return $rc
}
on_signal() {
	[ -n "$child" ] && kill -TERM "$child" 2>/dev/null && wait "$child"
	exit 130
}
trap 'stack_down; galera_down' EXIT
trap on_signal INT TERM

# One line per suite; details of failures below it.
report() { # name passed failed [note]
	passed=$((passed + $2))
	failed=$((failed + $3))
	printf '%-34s %4d passed, %d failed%s\n' "$1" "$2" "$3" "${4:+ ($4)}"
}

# The failed tests of a TAP file, each with the first line of its error.
# Tests cancelled because their suite's hook failed are only counted: the
# hook's own failure is listed.
show_failures() {
	awk '
		function flush() {
			if (name != "" && kind == "cancelledByParent")
				cancelled++
			else if (name != "" && kind != "subtestsFailed")
				printf "    not ok - %s%s\n", name, (err != "" ? "\n        " err : "")
			name = ""; kind = ""; err = ""; more = 0
		}
		/^ *not ok [0-9]+/ {
			flush()
			name = $0; sub(/^ *not ok [0-9]+ - /, "", name); next
		}
		/^ *ok [0-9]+/ { flush(); next }
		name == "" { next }
		more { err = $0; sub(/^ */, "", err); more = 0; next }
		/^ *failureType:/ { kind = $2; gsub(/\047/, "", kind); next }
		/^ *error: [|>]-?$/ { more = 1; next }
		/^ *error:/ { err = $0; sub(/^ *error: */, "", err); next }
		/^# / && err == "" { err = $0 }  # unit test diagnostics
		END {
			flush()
			if (cancelled) printf "    (%d more cancelled by a failed hook or parent)\n", cancelled
		}
	' "$1" | head -n 60
}

# A number from the closing summary of node's TAP ("# pass 12"), 0 if none.
summary() { # key file
	local v
	v=$(sed -n "s/^# $1 \([0-9][0-9]*\)\$/\1/p" "$2" | tail -n 1)
	echo "${v:-0}"
}

# ------------------------------------------------------------------ fuzz

# Each harness in build/fuzz/ for FUZZ_SHORT seconds: one pass per harness
# that ran clean, a failure per crash (its input is in var/test-output/fuzz/).
if [ $run_fuzz -eq 1 ]; then
	log=$OUT/fuzz.log
	run_bounded 900 "$log" tests/fuzz/run.sh "${FUZZ_SHORT:-7}"
	rc=$?
	ok=$(grep -cE '^  [a-z0-9_]+ +clean ' "$log")
	nok=$(grep -cE '^  [a-z0-9_]+ +FAILED ' "$log")
	note=""
	if [ $((ok + nok)) -eq 0 ]; then
		note="no harness ran, exit $rc (make fuzz-build)"
		nok=1
	elif [ $rc -ne 0 ] && [ "$nok" -eq 0 ]; then
		note="exit $rc"
		nok=1
	fi
	report fuzz "$ok" "$nok" "$note"
	[ "$nok" -gt 0 ] && grep -A3 -E '^  [a-z0-9_]+ +FAILED ' "$log" | head -n 40 | sed 's/^/  /'
fi

# ------------------------------------------------------------------ unit

if [ $run_unit -eq 1 ]; then
	log=$OUT/unit.tap
	if [ -x build/unit ]; then
		run_bounded 300 "$log" build/unit
		rc=$?
	else
		echo "build/unit is missing (make build/unit)" >"$log"
		rc=127
	fi
	ok=$(grep -cE '^ok [0-9]+' "$log")
	nok=$(grep -cE '^not ok [0-9]+' "$log")
	plan=$(sed -n 's/^1\.\.\([0-9][0-9]*\)$/\1/p' "$log" | tail -n 1)
	note=""
	if [ $((ok + nok)) -eq 0 ]; then
		note="no results, exit $rc"
		nok=1
	elif [ -z "$plan" ] || [ "$plan" -ne $((ok + nok)) ]; then
		note="crashed: exit $rc after $((ok + nok)) of ${plan:-?} checks"
		nok=$((nok + 1))
	elif [ $rc -ne 0 ] && [ "$nok" -eq 0 ]; then
		note="exit $rc"
		nok=1
	fi
	report unit "$ok" "$nok" "$note"
	[ "$nok" -gt 0 ] && { show_failures "$log"; [ -n "$note" ] && tail -n 5 "$log" | sed 's/^/    /'; }
fi

# ------------------------------------------------------------------ static checks

# One report line for a check script: passed when it exits 0, else its
# first lines under the report.
static_check() { # name script
	if "scripts/$2" >"$OUT/$1.log" 2>&1; then
		report "$1" 1 0
	else
		report "$1" 0 1
		sed 's/^/    /' "$OUT/$1.log" | head -n 20
	fi
}
if [ $run_unit -eq 1 ]; then
	static_check check-sql check-sql.sh       # no SQL text assembled from variables in cgi/
	static_check check-layers check-layers.sh # the layers of cgi/ kept, no circles (on build/)
fi

# ------------------------------------------------------------------ http

if [ ${#suites[@]} -gt 0 ]; then
	stack_up=1
	if ! AFTERCARE_PORT=$port scripts/stack.sh up test </dev/null >"$OUT/stack-up.log" 2>&1; then
		cat "$OUT/stack-up.log" >&2
		for f in "${suites[@]}"; do
			report "${f#"$ROOT"/}" 0 1 "stack did not come up"
		done
		suites=()
	fi
fi

# One node:test file against the stack of profile PROFILE on PORT: one
# report line, and its failures under it.
run_suite() { # file profile port
	local f=$1 name log rc tests ok nok skipped note
	name=${f#"$ROOT"/}
	log=$OUT/$(basename "$f" .mjs).tap
	AFTERCARE_URL=http://127.0.0.1:$3 AFTERCARE_VAR=$ROOT/var/$2 AFTERCARE_ROOT=$ROOT \
		run_bounded 900 "$log" node --test --test-reporter=tap "$f"
	rc=$?
	# node's closing summary (column 0) counts tests, not suites: with
	# describe/test these are the leaves. Cancelled tests (a failed before
	# hook, a timeout) are failures too.
	tests=$(summary tests "$log")
	ok=$(summary pass "$log")
	nok=$(($(summary fail "$log") + $(summary cancelled "$log")))
	skipped=$(($(summary skipped "$log") + $(summary todo "$log")))
	note=""
	if [ "$tests" -eq 0 ]; then
		note="no results, exit $rc"
		nok=$((nok + 1))
	elif awk -v p="$f" 'sub(/^ok [0-9]+ - /, "") && $0 == p { found = 1 }
			END { exit !found }' "$log"; then
		# Only the file itself is reported: it ran no test of its own
		# (an empty file, or process.exit() before its tests).
		note="no tests ran"
		ok=$((ok - 1))
		nok=$((nok + 1))
	elif [ $rc -ne 0 ] && [ "$nok" -eq 0 ]; then
		note="exit $rc"
		nok=1
	fi
	[ "$skipped" -gt 0 ] && note="${note:+$note, }$skipped skipped"
	report "$name" "$ok" "$nok" "$note"
	if [ "$nok" -gt 0 ]; then
		show_failures "$log"
		# The file failed as a whole (e.g. did not load): node's stderr.
		if awk -v p="$f" 'sub(/^not ok [0-9]+ - /, "") && $0 == p { found = 1 }
				END { exit !found }' "$log"; then
			awk '/^# Subtest:/ { exit } /^# / { print "    " $0 }' "$log" | head -n 12
		fi
	fi
}

for f in "${suites[@]}"; do
	run_suite "$f" test "$port"
done

# ------------------------------------------------------------------ end

if [ $stack_up -eq 1 ]; then
	stack_down
	for l in aftercare.log aftercare-notify.log mailsink.log nginx-error.log mysqld.err admin.log; do
		[ -f "var/test/$l" ] && cp "var/test/$l" "$OUT/"
	done
	# A sanitizer build (make asan) reports in the daemon's log.
	if grep -qE 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$OUT/aftercare.log" 2>/dev/null; then
		report daemon 0 1 "sanitizer report in var/test-output/aftercare.log"
	fi
fi

# ------------------------------------------------------------------ galera

# The application on a three-node Galera cluster (tests/galera/): its own
# stack, after the test stack is down, torn down at the end (and by the
# EXIT trap on a failure or Ctrl-C).
if [ $run_galera -eq 1 ]; then
	galera_up=1
	if AFTERCARE_PORT=$galera_port scripts/stack.sh up galera </dev/null >"$OUT/galera-up.log" 2>&1; then
		for f in "$ROOT"/tests/galera/*.test.mjs; do
			run_suite "$f" galera "$galera_port"
		done
	else
		cat "$OUT/galera-up.log" >&2
		report tests/galera 0 1 "the Galera stack did not come up"
	fi
	galera_down
	for n in 1 2 3; do
		[ -f "var/galera/node$n/mysqld.err" ] && cp "var/galera/node$n/mysqld.err" "$OUT/galera-node$n.err"
	done
	for l in aftercare.log nginx-error.log admin.log; do
		[ -f "var/galera/$l" ] && cp "var/galera/$l" "$OUT/galera-$l"
	done
fi

echo "raw output: var/test-output/"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
