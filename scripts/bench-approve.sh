#!/usr/bin/env bash
# bench-approve.sh — what telling people costs a staff action (issue 12):
# an agent approves submitted cases of the `bench` stack, in rounds that
# alternate between "quiet" (no webhook endpoint, no e-mail configured: the
# step writes its event only) and "telling" (one webhook endpoint taking
# every event and e-mail configured: the step also writes a webhook row and
# the customer's e-mail row). Per round: the CPU time MariaDB, the daemon
# and nginx spent per approval (as scripts/bench.sh reads it), and the
# ratio telling ÷ quiet. Every approval must answer 303. The worker is
# paused (SIGSTOP) during the rounds: what it does to deliver is not a
# request's cost (and would otherwise land in MariaDB's figure).
#
#   scripts/bench-approve.sh                  (make bench-approve)
#   BENCH_APPROVALS=300 BENCH_ROUNDS=4 scripts/bench-approve.sh
#
# Each run uses up ROUNDS × APPROVALS submitted cases; more are generated
# when the bench data runs short. The endpoint points at a port nothing
# listens on: the worker's retries are not part of a request's cost.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
PORT=${AFTERCARE_PORT:-8090}
URL=http://127.0.0.1:$PORT
N=${BENCH_APPROVALS:-300}
ROUNDS=${BENCH_ROUNDS:-4}
VAR=$ROOT/var/bench
export AFTERCARE_PORT=$PORT

stack() { "$ROOT/scripts/stack.sh" "$1" bench >/dev/null; }
sql() { mariadb --defaults-file="$VAR/my.cnf" --batch --skip-column-names aftercare -e "$1"; }
. "$ROOT/scripts/benchlib.sh"
hz=$(getconf CLK_TCK)
cpu() { echo $(( $(ticks "$VAR/mysqld.pid") + $(ticks "$VAR/aftercare.pid") + $(ticks "$VAR/nginx.pid") )); }

worker() { pgrep -P "$(cat "$VAR/aftercare-notify.pid")" | head -n 1; }
trap 'kill -CONT "$(worker)" 2>/dev/null || true
	sql "UPDATE webhook_endpoints SET enabled = 0 WHERE url = '\''http://127.0.0.1:9/bench'\''" 2>/dev/null || true
	stack down' EXIT
stack up
# Generated cases are mostly settled; about one in thirty of a month's is
# still waiting for review.
for _ in 1 2 3 4 5 6; do
	have=$(sql "SELECT COUNT(*) FROM cases WHERE state = 'submitted'")
	[ "$have" -ge $((N * ROUNDS)) ] && break
	echo "bench-approve: $have submitted cases, generating more"
	"$ROOT/build/aftercare-admin" --config "$VAR/aftercare.conf" generate --cases 20000 --days 30 >/dev/null
done
[ "$have" -ge $((N * ROUNDS)) ] || { echo "bench-approve: only $have submitted cases" >&2; exit 1; }
sql "INSERT INTO webhook_endpoints (url, events, secret, enabled, created_by, created_at, updated_at)
     SELECT 'http://127.0.0.1:9/bench', '*', 'whsec_YmVuY2gtYXBwcm92ZS1zZWNyZXQtMDEyMzQ1', 0, id, UTC_TIMESTAMP(), UTC_TIMESTAMP()
     FROM staff WHERE email = 'agent@demo.local'
     AND NOT EXISTS (SELECT 1 FROM webhook_endpoints WHERE url = 'http://127.0.0.1:9/bench')"
# Every customer of the cases gets an e-mail, so that "telling" writes one.
sql "UPDATE customers SET email = CONCAT('c', id, '@bench.example'), notify_email = 1 WHERE email IS NULL"

mode() { # quiet|telling: the endpoint and the daemon's e-mail channel
	if [ "$1" = telling ]; then
		sql "UPDATE webhook_endpoints SET enabled = 1 WHERE url = 'http://127.0.0.1:9/bench'"
		AFTERCARE_SMTP_URL=smtp://127.0.0.1:9 "$ROOT/scripts/stack.sh" daemon-up bench >/dev/null
	else
		sql "UPDATE webhook_endpoints SET enabled = 0 WHERE url = 'http://127.0.0.1:9/bench'"
		AFTERCARE_SMTP_URL= "$ROOT/scripts/stack.sh" daemon-up bench >/dev/null
	fi
}

jar=$(mktemp)
printf 'approvals by agent@demo.local on %s: %s per round, %s rounds alternating\n' "$URL" "$N" "$ROUNDS"
printf '%-8s %10s %12s %14s %12s\n' round mode approvals "µs/approval" "outbox rows"
declare -A total_us=() total_n=()
for round in $(seq 1 "$ROUNDS"); do
	m=$([ $((round % 2)) -eq 1 ] && echo quiet || echo telling)
	mode "$m"
	sid=$(sign_in "$URL" /staff/login agent@demo.local "$jar")
	csrf=$(curl -fsS -b "sid=$sid" "$URL/staff/queue" | form_csrf)
	mapfile -t cases < <(sql "SELECT case_no, version FROM cases WHERE state = 'submitted' ORDER BY id DESC LIMIT $N")
	rows_before=$(sql "SELECT COUNT(*) FROM outbox")
	kill -STOP "$(worker)"
	before=$(cpu)
	for line in "${cases[@]}"; do
		read -r no version <<<"$line"
		code=$(curl -sS -o /dev/null -w '%{http_code}' -b "sid=$sid" -H "Origin: $URL" \
			--data-urlencode "csrf=$csrf" --data-urlencode "version=$version" \
			"$URL/staff/cases/$no/approve")
		[ "$code" = 303 ] || { echo "bench-approve: $no answered $code" >&2; exit 1; }
	done
	after=$(cpu)
	kill -CONT "$(worker)"
	rows=$(( $(sql "SELECT COUNT(*) FROM outbox") - rows_before ))
	us=$(( (after - before) * 1000000 / hz / ${#cases[@]} ))
	total_us[$m]=$(( ${total_us[$m]:-0} + (after - before) * 1000000 / hz ))
	total_n[$m]=$(( ${total_n[$m]:-0} + ${#cases[@]} ))
	printf '%-8s %10s %12s %14s %12s\n' "$round" "$m" "${#cases[@]}" "$us" "$rows"
done
rm -f "$jar"
q=$(( total_us[quiet] / total_n[quiet] )) t=$(( total_us[telling] / total_n[telling] ))
printf '\nquiet %s µs, telling %s µs per approval (MariaDB + daemon + nginx): telling ÷ quiet = %s (goal: within 1.15)\n' \
	"$q" "$t" "$(awk -v a="$t" -v b="$q" 'BEGIN { printf "%.2f", a / b }')"
