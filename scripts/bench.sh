#!/usr/bin/env bash
# bench.sh — throughput of each page against the running `run` stack, as a
# ratio to the daemon's bare FastCGI "hello" measured in the same run.
# Every request reads current data (no response caching exists).
#
#   scripts/bench.sh            (make bench: brings the stack up first)
#   BENCH_SECONDS=10 BENCH_CONNECTIONS=32 scripts/bench.sh
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
URL=${AFTERCARE_URL:-http://127.0.0.1:${AFTERCARE_PORT:-8080}}
SECS=${BENCH_SECONDS:-5}
CONNS=${BENCH_CONNECTIONS:-32}
THREADS=${BENCH_THREADS:-2}
OUT=$ROOT/var/bench
mkdir -p "$OUT"

command -v wrk >/dev/null || { echo "bench: wrk is not installed (scripts/deps.sh)" >&2; exit 1; }
curl -fsS "$URL/healthz" >/dev/null || { echo "bench: no stack at $URL (make run)" >&2; exit 1; }

# A signed-in customer and staff member, through the real forms.
jar=$OUT/cookies.txt
form_csrf() { sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -n 1; }
sign_in() { # path login -> sid
	local path=$1 login=$2 csrf
	rm -f "$jar"
	csrf=$(curl -fsS -c "$jar" -b "$jar" "$URL$path" | form_csrf)
	curl -fsS -o /dev/null -c "$jar" -b "$jar" -H "Origin: $URL" \
		--data-urlencode "csrf=$csrf" --data-urlencode "login=$login" \
		--data-urlencode "password=demo1234" "$URL$path"
	awk '$6 == "sid" { print $7 }' "$jar"
}
customer_sid=$(sign_in /login 13800000001)
staff_sid=$(sign_in /staff/login agent@demo.local)
[ -n "$customer_sid" ] && [ -n "$staff_sid" ] || { echo "bench: sign-in failed" >&2; exit 1; }

# The customer's newest case, making one if there is none.
case_no=$(curl -fsS -b "sid=$customer_sid" "$URL/my/requests" |
	sed -n 's|.*href="/my/requests/\(AS[0-9]*\)".*|\1|p' | head -n 1)
if [ -z "$case_no" ]; then
	form=$(curl -fsS -b "sid=$customer_sid" "$URL/my/orders/SO2026DEMO03/new")
	csrf=$(printf '%s' "$form" | form_csrf)
	nonce=$(printf '%s' "$form" | sed -n 's/.*name="nonce" value="\([^"]*\)".*/\1/p')
	item=$(printf '%s' "$form" | sed -n 's/.*name="qty_\([0-9]*\)".*/\1/p' | head -n 1)
	curl -fsS -o /dev/null -b "sid=$customer_sid" -H "Origin: $URL" \
		-F "csrf=$csrf" -F "nonce=$nonce" -F "order_no=SO2026DEMO03" -F "type=repair" \
		-F "reason=quality_defect" -F "description=bench" -F "qty_$item=1" "$URL/my/requests"
	case_no=$(curl -fsS -b "sid=$customer_sid" "$URL/my/requests" |
		sed -n 's|.*href="/my/requests/\(AS[0-9]*\)".*|\1|p' | head -n 1)
fi

# name | path | cookie
pages=(
	"hello|/hello|"
	"sign-in page|/login|"
	"my orders|/my/orders|sid=$customer_sid"
	"one case|/my/requests/$case_no|sid=$customer_sid"
	"my requests|/my/requests|sid=$customer_sid"
	"staff queue|/staff/queue|sid=$staff_sid"
	"staff case|/staff/cases/$case_no|sid=$staff_sid"
)

printf 'wrk -t%s -c%s -d%ss against %s\n\n' "$THREADS" "$CONNS" "$SECS" "$URL"
printf '%-14s %10s %9s %9s %9s\n' page req/s p50 p99 "÷ hello"
hello=""
for p in "${pages[@]}"; do
	IFS='|' read -r name path cookie <<<"$p"
	log=$OUT/$(printf '%s' "$name" | tr ' ' '_').txt
	args=(-t"$THREADS" -c"$CONNS" -d"${SECS}s" --latency)
	[ -n "$cookie" ] && args+=(-H "Cookie: $cookie")
	wrk "${args[@]}" "$URL$path" >"$log" 2>&1
	rps=$(awk '/^Requests\/sec/ { print $2 }' "$log")
	p50=$(awk '$1 == "50%" { print $2 }' "$log")
	p99=$(awk '$1 == "99%" { print $2 }' "$log")
	non2xx=$(awk '/Non-2xx/ { print $NF }' "$log")
	[ -z "$hello" ] && hello=$rps
	ratio=$(awk -v a="$rps" -v b="$hello" 'BEGIN { printf "%.2f", a / b }')
	printf '%-14s %10s %9s %9s %9s%s\n' "$name" "$rps" "$p50" "$p99" "$ratio" \
		"${non2xx:+   ($non2xx answers not 2xx!)}"
done
printf '\nraw wrk output: %s\n' "$OUT"
