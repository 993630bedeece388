#!/usr/bin/env bash
# bench-dashboard.sh — how long the manager's dashboard, performance and monthly report
# pages take for a ONE-YEAR period (the year to today) against a stack: first the year's daily summaries are brought up to date (a month
# per request; after a bulk load that computes them all), then one read of
# each page and RUNS more, curl's time_total, median and range.
#
#   AFTERCARE_PORT=8988 scripts/bench-dashboard.sh [CASES]
#   BENCH_PROFILE=run … uses the `run` stack instead of `bench`
#
# With CASES, the stack's database first gets CASES more cases over two
# years from `aftercare-admin generate --cases CASES --days 730`, with
# orders, events, time limits, refunds, surveys and complaints. The stack
# (by default `bench`: var/bench, the bigger buffer pool) is brought up if
# it is down, and left up.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
PORT=${AFTERCARE_PORT:-8080}
URL=http://127.0.0.1:$PORT
RUNS=${RUNS:-7}
CASES=${1:-}
OUT=$ROOT/var/bench
PROFILE=${BENCH_PROFILE:-bench}
MYCNF=$ROOT/var/$PROFILE/my.cnf
mkdir -p "$OUT"

case $CASES in
'' | [1-9] | [1-9]*[0-9]) ;;
*) echo "usage: scripts/bench-dashboard.sh [CASES]" >&2; exit 2 ;;
esac

if ! curl -fsS "$URL/healthz" >/dev/null 2>&1; then
	AFTERCARE_PORT=$PORT "$ROOT/scripts/stack.sh" up "$PROFILE" >/dev/null
fi
if [ -n "$CASES" ]; then
	echo "generating $CASES cases …"
	start=$(date +%s)
	"$ROOT/build/aftercare-admin" --config "$ROOT/var/$PROFILE/aftercare.conf" \
		generate --cases "$CASES" --days 730
	echo "generated in $(($(date +%s) - start)) s"
fi
mariadb --defaults-file="$MYCNF" -D aftercare -N -e \
	"SELECT CONCAT(COUNT(*), ' cases, ', (SELECT COUNT(*) FROM case_events), ' events, ',
	 (SELECT COUNT(*) FROM case_timers), ' timers, ', (SELECT COUNT(*) FROM refunds), ' refunds, ',
	 (SELECT COUNT(*) FROM surveys), ' surveys, ', (SELECT COUNT(*) FROM complaints), ' complaints, ',
	 (SELECT COUNT(*) FROM orders), ' orders') FROM cases"

jar=$OUT/dash-cookies.txt
rm -f "$jar"
csrf=$(curl -fsS -c "$jar" -b "$jar" "$URL/staff/login" |
	sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -n 1)
curl -fsS -o /dev/null -c "$jar" -b "$jar" -H "Origin: $URL" --data-urlencode "csrf=$csrf" \
	--data-urlencode "login=manager@demo.local" --data-urlencode "password=demo1234" "$URL/staff/login"
sid=$(awk '$6 == "sid" { print $7 }' "$jar")
[ -n "$sid" ] || { echo "bench: the manager could not sign in" >&2; exit 1; }

to=$(TZ=Asia/Shanghai date +%F)
from=$(TZ=Asia/Shanghai date -d "$to - 364 days" +%F)
echo "period $from .. $to, $RUNS runs per page"

timed() { # path -> seconds (fails on anything but 200)
	curl -sS -o /dev/null -b "sid=$sid" -w '%{http_code} %{time_total}\n' --max-time 600 "$URL$1" |
		awk '$1 != 200 { print "bench: HTTP " $1 > "/dev/stderr"; exit 1 } { print $2 }'
}

# The summaries of days never computed (after a bulk load: all of them)
# are computed by the first read; a month per request keeps each under
# nginx's 60 s read timeout.
start=$(date +%s.%N)
d=$from
while [[ $d < $to || $d == "$to" ]]; do
	e=$(date -d "$d + 30 days" +%F)
	[[ $e > $to ]] && e=$to
	timed "/staff/dashboard?from=$d&to=$e" >/dev/null
	d=$(date -d "$e + 1 day" +%F)
done
echo "summaries of the year computed (month by month) in $(echo "$(date +%s.%N) - $start" | bc) s"

# the monthly report of the last month that ended within the period
month=$(date -d "$(date -d "$to" +%Y-%m-01) - 1 day" +%Y-%m)
for page in dashboard performance monthly; do
	path="/staff/$page?from=$from&to=$to"
	[ "$page" = monthly ] && path="/staff/reports/monthly?month=$month"
	first=$(timed "$path")
	times=()
	for _ in $(seq "$RUNS"); do times+=("$(timed "$path")"); done
	printf '%s\n' "${times[@]}" | sort -n | awk -v page="$page" -v first="$first" '
		{ t[NR] = $1 }
		END {
			med = NR % 2 ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2
			printf "%-12s first read %.3f s; then median %.3f s (min %.3f, max %.3f, %d runs)\n",
			       page, first, med, t[1], t[NR], NR
		}'
done
