#!/usr/bin/env bash
# bench.sh — throughput of each page as a ratio to the daemon's bare FastCGI
# "hello" measured just before it, and to /healthz (one statement of one
# row: the floor under every signed-in page; its own ratio to hello divides
# the page's), on the `bench` stack (var/bench, 16
# threads) holding the demo data plus a generated volume of cases (made once,
# reused by later runs). Every request reads current data (no response
# caching exists). Then the daemon's resident memory after ~100 000 requests
# and after another ~100 000, to show it does not grow.
#
#   scripts/bench.sh            (make bench: builds first)
#   BENCH_SECONDS=10 BENCH_CONNECTIONS=32 BENCH_CASES=100000 scripts/bench.sh
#   BENCH_KEEP=1 scripts/bench.sh    leaves the stack up afterwards
#   BENCH_RSS=0 scripts/bench.sh     skips the memory rounds
#   BENCH_PAGES='staff' scripts/bench.sh   only the pages whose name matches
#                                   (an extended regex; hello always runs)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
PORT=${AFTERCARE_PORT:-8090}
URL=http://127.0.0.1:$PORT
SECS=${BENCH_SECONDS:-5}
CONNS=${BENCH_CONNECTIONS:-32}
THREADS=${BENCH_THREADS:-2}
CASES=${BENCH_CASES:-100000}
RSS_REQUESTS=${BENCH_RSS_REQUESTS:-100000}
VAR=$ROOT/var/bench
OUT=$VAR/wrk
export AFTERCARE_PORT=$PORT AFTERCARE_THREADS=${BENCH_DAEMON_THREADS:-16}

command -v wrk >/dev/null || { echo "bench: wrk is not installed (scripts/deps.sh)" >&2; exit 1; }

stack() { "$ROOT/scripts/stack.sh" "$1" bench; }
[ -n "${BENCH_KEEP:-}" ] || trap 'stack down >/dev/null' EXIT
stack up
mkdir -p "$OUT"
sql() { mariadb --defaults-file="$VAR/my.cnf" --batch --skip-column-names aftercare -e "$1"; }

# The volume: made once, kept in var/bench between runs.
have=$(sql "SELECT COUNT(*) FROM cases")
if [ "$have" -lt "$CASES" ]; then
	echo "bench: $have cases, generating $((CASES - have)) more"
	start=$SECONDS
	"$ROOT/build/aftercare-admin" --config "$VAR/aftercare.conf" generate --cases $((CASES - have))
	echo "bench: generated in $((SECONDS - start)) s"
	sql "ANALYZE TABLE customers, orders, order_items, cases, case_items, case_events, case_timers, refunds, refund_items" >/dev/null
fi

# A signed-in customer and staff member, through the real forms. The
# customer is a generated one with a typical history (several orders and
# cases); the staff member sees the whole queue.
jar=$OUT/cookies.txt
. "$(dirname "${BASH_SOURCE[0]}")/benchlib.sh"
customer=$(sql "SELECT cu.phone FROM customers cu JOIN cases c ON c.customer_id = cu.id
	WHERE cu.phone LIKE '139%' GROUP BY cu.id HAVING COUNT(*) >= 4 ORDER BY cu.id LIMIT 1")
customer_sid=$(sign_in "$URL" /login "$customer" "$jar")
staff_sid=$(sign_in "$URL" /staff/login agent@demo.local "$jar")
manager_sid=$(sign_in "$URL" /staff/login manager@demo.local "$jar")
[ -n "$customer_sid" ] && [ -n "$staff_sid" ] && [ -n "$manager_sid" ] ||
	{ echo "bench: sign-in failed" >&2; exit 1; }
# The dashboard's first read of a period brings its daily summaries up to
# date (seconds after the volume was generated): once before measuring.
curl -fsS -o /dev/null --max-time 600 -b "sid=$manager_sid" "$URL/staff/dashboard" ||
	echo "bench: the dashboard's first read failed" >&2
case_no=$(curl -fsS -b "sid=$customer_sid" "$URL/my/requests" |
	sed -n 's|.*href="/my/requests/\(AS[0-9]*\)".*|\1|p' | head -n 1)
[ -n "$case_no" ] || { echo "bench: customer $customer has no case" >&2; exit 1; }
# The queue's search in one box: a name by its first character (the
# commonest family name of the volume: many customers match, at most 200
# are read), a phone's last four digits, a return tracking number (the
# generated volume has none: the customer's case gets one, once).
name_prefix=$(sql "SELECT LEFT(name, 1) FROM customers WHERE phone LIKE '139%' GROUP BY 1 ORDER BY COUNT(*) DESC LIMIT 1")
last4=${customer: -4}
tracking=$(sql "SELECT return_tracking FROM cases WHERE return_tracking IS NOT NULL LIMIT 1")
if [ -z "$tracking" ]; then
	tracking=SF1000000000001
	sql "UPDATE cases SET return_tracking = '$tracking' WHERE case_no = '$case_no'"
fi
urlenc() { node -e 'process.stdout.write(encodeURIComponent(process.argv[1]))' "$1"; }

# name | path | cookie   (one line per page; the first is the yardstick).
# /healthz is the daemon's cheapest page that reads the database: one
# statement of one row, plain text. It shows what a single round trip to
# MariaDB costs next to hello, the floor under every signed-in page (each
# reads at least its session and its data).
pages=(
	"hello|/hello|"
	"healthz (1 row)|/healthz|"
	"sign-in page|/login|"
	"my orders|/my/orders|sid=$customer_sid"
	"one case|/my/requests/$case_no|sid=$customer_sid"
	"my requests|/my/requests|sid=$customer_sid"
	"staff queue|/staff/queue|sid=$staff_sid"
	"queue at_risk|/staff/queue?view=at_risk|sid=$staff_sid"
	"queue overdue|/staff/queue?view=overdue|sid=$staff_sid"
	"queue to_ship|/staff/queue?view=to_ship|sid=$staff_sid"
	"queue all, amount|/staff/queue?view=all&sort=amount|sid=$manager_sid"
	"search name prefix|/staff/queue?q=$(urlenc "$name_prefix")|sid=$staff_sid"
	"search last four|/staff/queue?q=$last4|sid=$staff_sid"
	"search tracking|/staff/queue?q=$tracking|sid=$staff_sid"
	"staff case|/staff/cases/$case_no|sid=$staff_sid"
	"staff dashboard|/staff/dashboard|sid=$manager_sid"
)

printf 'wrk -t%s -c%s -d%ss against %s (daemon: %s threads; %s cases; customer %s)\n' \
	"$THREADS" "$CONNS" "$SECS" "$URL" "$AFTERCARE_THREADS" "$(sql "SELECT COUNT(*) FROM cases")" "$customer"
printf 'each page right after its own "hello" run: the machine is shared, the ratio is what counts\n'
printf '÷ healthz: the page'"'"'s ratio to hello over healthz'"'"'s (goals: signed-in pages >= 0.30, the staff case >= 0.25)\n'
printf 'db, daemon, nginx µs: CPU time MariaDB, the daemon and nginx spent per request in that run\n\n'
printf '%-18s %10s %9s %9s %11s %9s %9s %8s %8s %8s\n' page req/s p50 p99 "hello req/s" "÷ hello" \
	"÷ healthz" "db µs" "daemon µs" "nginx µs"
# CPU time (user + system, clock ticks) of a process and its children:
# MariaDB, the daemon's supervisor and its workers, nginx and its workers.
hz=$(getconf CLK_TCK)
cpu_now() { echo "$(ticks "$VAR/mysqld.pid") $(ticks "$VAR/aftercare.pid") $(ticks "$VAR/nginx.pid")"; }
run_wrk() { # name path cookie -> sets rps p50 p99 non2xx, and db_us daemon_us nginx_us (CPU per request)
	local log=$OUT/$(printf '%s' "$1" | tr ' ' '_').txt before after n
	local args=(-t"$THREADS" -c"$CONNS" -d"${SECS}s" --latency)
	[ -n "$3" ] && args+=(-H "Cookie: $3")
	before=$(cpu_now)
	wrk "${args[@]}" "$URL$2" >"$log" 2>&1
	after=$(cpu_now)
	rps=$(awk '/^Requests\/sec/ { print $2 }' "$log")
	p50=$(awk '$1 == "50%" { print $2 }' "$log")
	p99=$(awk '$1 == "99%" { print $2 }' "$log")
	non2xx=$(awk '/Non-2xx/ { print $NF }' "$log")
	n=$(awk '/requests in/ { print $1 }' "$log")
	read -r db_us daemon_us nginx_us < <(awk -v b="$before" -v a="$after" -v n="${n:-0}" -v hz="$hz" 'BEGIN {
		split(b, x, " "); split(a, y, " ")
		for (i = 1; i <= 3; i++)
			if (n > 0) printf "%.0f ", (y[i] - x[i]) * 1e6 / hz / n; else printf "- "
		print ""
	}')
}
IFS='|' read -r hello_name hello_path _ <<<"${pages[0]}"
if [ -n "${BENCH_PAGES:-}" ]; then
	kept=("${pages[0]}")
	for p in "${pages[@]:1}"; do
		[[ ${p%%|*} =~ $BENCH_PAGES ]] && kept+=("$p")
	done
	pages=("${kept[@]}")
fi
healthz_ratio=""
for p in "${pages[@]}"; do
	IFS='|' read -r name path cookie <<<"$p"
	run_wrk "$hello_name" "$hello_path" ""
	hello=$rps
	[ "$name" = "$hello_name" ] || run_wrk "$name" "$path" "$cookie"
	ratio=$(awk -v a="${rps:-0}" -v b="${hello:-0}" 'BEGIN { if (b > 0) printf "%.4f", a / b; else print "-" }')
	[ "$path" = /healthz ] && healthz_ratio=$ratio
	to_healthz=$(awk -v a="$ratio" -v b="${healthz_ratio:-0}" 'BEGIN { if (b > 0 && a != "-") printf "%.2f", a / b; else print "-" }')
	shown=$(awk -v a="$ratio" 'BEGIN { if (a != "-") printf "%.2f", a; else print "-" }')
	printf '%-18s %10s %9s %9s %11s %9s %9s %8s %8s %8s%s\n' "$name" "$rps" "$p50" "$p99" "$hello" "$shown" \
		"$to_healthz" "$db_us" "$daemon_us" "$nginx_us" "${non2xx:+   ($non2xx answers not 2xx!)}"
done

# Memory: every page in turn (a wrk script cycles through them) until
# another RSS_REQUESTS requests were answered, twice; VmRSS from /proc.
if [ "${BENCH_RSS:-1}" != 0 ]; then
	# The supervisor's pid is in the file; the daemon is its child.
	pid=$(pgrep -P "$(<"$VAR/aftercare.pid")" | head -n 1)
	mix=$OUT/mix.lua
	{
		echo 'local reqs = {'
		for p in "${pages[@]}"; do
			IFS='|' read -r name path cookie <<<"$p"
			if [ -n "$cookie" ]; then
				printf '  wrk.format("GET", "%s", { ["Cookie"] = "%s" }),\n' "$path" "$cookie"
			else
				printf '  wrk.format("GET", "%s"),\n' "$path"
			fi
		done
		echo '}'
		echo 'local i = 0'
		echo 'request = function() i = i % #reqs + 1; return reqs[i] end'
	} >"$mix"
	rss() { awk '/^VmRSS/ { printf "%.1f MB", $2 / 1024 }' "/proc/$pid/status"; }
	printf '\ndaemon resident memory (%s threads): at start of the rounds %s\n' "$AFTERCARE_THREADS" "$(rss)"
	for round in 1 2; do
		done_n=0
		while [ "$done_n" -lt "$RSS_REQUESTS" ]; do
			n=$(wrk -t"$THREADS" -c"$CONNS" -d10s -s "$mix" "$URL" 2>&1 |
				awk '/requests in/ { print $1 }')
			done_n=$((done_n + n))
		done
		printf '  after %s more requests: %s\n' "$done_n" "$(rss)"
	done
fi
printf '\nraw wrk output: %s\n' "$OUT"
