#!/usr/bin/env bash
# snapshot-pages.sh — a fixed set of pages (customer and staff, Chinese and
# English, with the demo data) fetched from a running stack into DIR, one
# file per page, with what changes on every request (CSRF tokens, request
# ids) blanked. Two snapshots of the same data diffed show whether a change
# altered what anyone sees: a refactoring must leave them byte-identical.
#
#   [SNAPSHOT_CUSTOMER=phone] scripts/snapshot-pages.sh URL DIR   (e.g. http://127.0.0.1:8080 var/snap-before)
#   diff -r var/snap-before var/snap-after
set -euo pipefail

[ $# -eq 2 ] || { echo "usage: scripts/snapshot-pages.sh URL DIR" >&2; exit 2; }
URL=$1
DIR=$2
mkdir -p "$DIR"
jar=$(mktemp)
trap 'rm -f "$jar"' EXIT

. "$(dirname "${BASH_SOURCE[0]}")/benchlib.sh"
customer=$(sign_in "$URL" /login "${SNAPSHOT_CUSTOMER:-13800000001}" "$jar")
agent=$(sign_in "$URL" /staff/login agent@demo.local "$jar")
manager=$(sign_in "$URL" /staff/login manager@demo.local "$jar")
[ -n "$customer" ] && [ -n "$agent" ] && [ -n "$manager" ] || { echo "snapshot: sign-in failed" >&2; exit 1; }

get() { # name path sid lang
	curl -sS -b "sid=$3; lang=$4" -o - -w '\n-- status %{http_code} %{content_type}\n' "$URL$2" |
		sed -e 's/name="csrf" value="[^"]*"/name="csrf" value="-"/g' \
		    -e 's/"csrf":"[^"]*"/"csrf":"-"/g' \
		    -e 's|<code>[0-9a-f]\{16\}</code>|<code>-</code>|g' >"$DIR/$1.$4.html"
}
case_no=$(curl -fsS -b "sid=$customer" "$URL/my/requests" |
	sed -n 's|.*href="/my/requests/\(AS[0-9]*\)".*|\1|p' | head -n 1)
[ -n "$case_no" ] || { echo "snapshot: the demo customer has no case" >&2; exit 1; }
for lang in zh en; do
	get login /login "" $lang
	get staff-login /staff/login "" $lang
	get register /register "" $lang
	get orders /my/orders "$customer" $lang
	get requests /my/requests "$customer" $lang
	get case "/my/requests/$case_no" "$customer" $lang
	get complaints /my/complaints "$customer" $lang
	get not-found /no/such/page "$customer" $lang
	get queue /staff/queue "$agent" $lang
	get queue-filtered "/staff/queue?sla=at_risk" "$agent" $lang
	get staff-case "/staff/cases/$case_no" "$agent" $lang
	get staff-new /staff/cases/new "$agent" $lang
	get staff-complaints /staff/complaints "$manager" $lang
	get surveys /staff/surveys "$manager" $lang
	get dashboard /staff/dashboard "$manager" $lang
	get performance /staff/performance "$manager" $lang
	get users /staff/admin/users "$manager" $lang
	get policies /staff/admin/policies "$manager" $lang
	get calendar /staff/admin/calendar "$manager" $lang
	get audit /staff/audit "$manager" $lang
done
echo "snapshot: $(ls "$DIR" | wc -l) pages in $DIR (case $case_no)"
