#!/usr/bin/env bash
# stack.sh — the whole local stack of one profile under var/PROFILE/: a private
# MariaDB, the aftercare daemon, the notification worker and an nginx on
# 127.0.0.1; for run and test also a local mail and SMS sink
# (scripts/mailsink.mjs: SMTP on port+1000, SMS on port+1001, what arrives
# in var/PROFILE/mail/ and sms/). Nothing depends on a service the machine
# happens to run.
#
#   scripts/stack.sh up|down|status|db-down|db-up|daemon-up|notify-up run|test|bench|restore|galera
#
# run:  port 8080, keeps its data between runs; `up` again reuses what runs
#       and restarts the daemon (so a rebuilt binary is used).
# test: port 8088, starts from an empty var/test every time.
# bench: port 8090, like run (data kept: scripts/bench.sh generates its
#       volume once), with a bigger InnoDB buffer pool.
# restore: port 8091, like test (empty on every up): where the backup test
#       restores a dump of the test stack.
# galera: port 8093, like test, on a three-node Galera cluster instead of one
#       MariaDB (scripts/galera.sh; the daemon uses node 1).
# AFTERCARE_PORT overrides the port.
set -eEuo pipefail

usage() {
	echo "usage: scripts/stack.sh up|down|status|db-down|db-up|daemon-up|notify-up run|test|bench|restore|galera" >&2
	exit 2
}
[ $# -eq 2 ] || usage
cmd=$1
profile=$2
case $profile in
run) port=${AFTERCARE_PORT:-8080} daemons=${AFTERCARE_DAEMONS:-2} ;;
test) port=${AFTERCARE_PORT:-8088} daemons=${AFTERCARE_DAEMONS:-2} ;;
bench) port=${AFTERCARE_PORT:-8090} daemons=${AFTERCARE_DAEMONS:-1} ;;
restore) port=${AFTERCARE_PORT:-8091} daemons=${AFTERCARE_DAEMONS:-1} ;;
galera) port=${AFTERCARE_PORT:-8093} daemons=${AFTERCARE_DAEMONS:-1} ;;
*) usage ;;
esac
case $daemons in
[1-9]) ;;
*) echo "stack: AFTERCARE_DAEMONS must be 1 to 9: $daemons" >&2; exit 2 ;;
esac
case $port in
'' | *[!0-9]*) echo "stack: AFTERCARE_PORT must be a number: $port" >&2; exit 2 ;;
esac

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
VAR=$ROOT/var/$profile
MYCNF=$VAR/my.cnf
DBSOCK=$VAR/mysql.sock
CONF=$VAR/aftercare.conf
SOCK=$VAR/aftercare.sock
DAEMON_PID=$VAR/aftercare.pid
DAEMON_LOG=$VAR/aftercare.log
NGINX_CONF=$VAR/nginx.conf
NGINX_PID=$VAR/nginx.pid
NGINX_ERR=$VAR/nginx-error.log
NOTIFY_PID=$VAR/aftercare-notify.pid
NOTIFY_LOG=$VAR/aftercare-notify.log
SINK_PID=$VAR/mailsink.pid
SINK_LOG=$VAR/mailsink.log
URL=http://127.0.0.1:$port
# The mail and SMS sink of run and test (none elsewhere: channels off).
SMTP_PORT=$((port + 1000))
SMS_PORT=$((port + 1001))
sink=0
case $profile in run | test) sink=1 ;; esac
# galera: the database is scripts/galera.sh's cluster; we talk to node 1.
if [ "$profile" = galera ]; then
	MYCNF=$VAR/node1/my.cnf
	DBSOCK=$VAR/node1/mysql.sock
fi

# Paths go into sed replacements and nginx/MariaDB config files unquoted.
case $ROOT in
*[[:space:]\|\&\\\;\#\'\"]*)
	echo "stack: the repository path must not contain blanks or any of |&\\;#'\": $ROOT" >&2
	exit 2
	;;
esac

trap 'echo "stack($profile): failed at line $LINENO: $BASH_COMMAND" >&2' ERR

say() { printf 'stack(%s): %s\n' "$profile" "$*"; }
die() {
	printf 'stack(%s): %s\n' "$profile" "$*" >&2
	exit 1
}

# pid_of, alive, wait_gone, spawn, show_tail (shared with scripts/galera.sh).
# shellcheck source=scripts/proc.sh
. "$ROOT/scripts/proc.sh"

# ------------------------------------------------------------------ MariaDB

db_ping() {
	mariadb-admin --defaults-file="$MYCNF" --connect-timeout=2 ping >/dev/null 2>&1
}

write_mycnf() {
	local user_line="" pool=64M redo=16M
	# The bench stack holds a generated volume: a bulk load needs room.
	[ "$profile" = bench ] && pool=512M redo=256M
	[ "$(id -u)" -eq 0 ] && user_line="user = root"
	cat >"$MYCNF.tmp" <<EOF
# Written by scripts/stack.sh: private MariaDB of the '$profile' stack.
# Every command takes it as its FIRST option: --defaults-file=$MYCNF
[client]
socket = $DBSOCK
user = root
default-character-set = utf8mb4

[mysqld]
$user_line
datadir = $VAR/mysql
socket = $DBSOCK
pid-file = $VAR/mysqld.pid
log-error = $VAR/mysqld.err
tmpdir = $VAR/tmp
skip-networking
skip-name-resolve
character-set-server = utf8mb4
collation-server = utf8mb4_unicode_ci
max_allowed_packet = 64M
max_connections = 200
performance_schema = OFF
innodb_buffer_pool_size = $pool
innodb_log_file_size = $redo
innodb_log_buffer_size = 8M
innodb_flush_log_at_trx_commit = 2
EOF
	mv "$MYCNF.tmp" "$MYCNF"
}

db_up() {
	local i
	if [ "$profile" = galera ]; then
		AFTERCARE_PORT=$port "$ROOT/scripts/galera.sh" up || die "the Galera cluster did not come up"
		return 0
	fi
	mkdir -p "$VAR/tmp"
	write_mycnf
	db_ping && return 0
	if ! pid_of "$VAR/mysqld.pid" >/dev/null; then
		if [ ! -d "$VAR/mysql/mysql" ]; then
			say "initialising MariaDB in var/$profile/mysql"
			rm -rf "$VAR/mysql"
			if ! mariadb-install-db --defaults-file="$MYCNF" \
				--auth-root-authentication-method=normal --skip-test-db \
				</dev/null >"$VAR/mysql-install.log" 2>&1; then
				show_tail "$VAR/mysql-install.log" "mariadb-install-db"
				die "mariadb-install-db failed"
			fi
		fi
		rm -f "$DBSOCK" "$VAR/mysqld.pid"
		spawn "$VAR/mysqld.pid" "$VAR/mysqld.out" mariadbd --defaults-file="$MYCNF"
	fi
	for ((i = 0; i < 300; i++)); do
		db_ping && return 0
		if [ $i -gt 5 ] && ! pid_of "$VAR/mysqld.pid" >/dev/null; then
			break # it exited
		fi
		sleep 0.1
	done
	show_tail "$VAR/mysqld.err" "MariaDB error log"
	die "MariaDB did not start (socket $DBSOCK)"
}

db_setup() {
	local pw
	if [ ! -s "$VAR/db.password" ]; then
		(umask 077 && head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' >"$VAR/db.password")
		[ -s "$VAR/db.password" ] || die "could not write $VAR/db.password"
	fi
	chmod 600 "$VAR/db.password"
	pw=$(<"$VAR/db.password")
	# Through stdin: the password never shows in a process list.
	mariadb --defaults-file="$MYCNF" --batch <<EOF || die "creating the database and its user failed"
CREATE DATABASE IF NOT EXISTS aftercare CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE USER IF NOT EXISTS 'aftercare'@'localhost' IDENTIFIED BY '$pw';
ALTER USER 'aftercare'@'localhost' IDENTIFIED BY '$pw';
GRANT ALL PRIVILEGES ON aftercare.* TO 'aftercare'@'localhost';
EOF
	(
		umask 077
		cat >"$CONF.tmp" <<EOF
# Written by scripts/stack.sh for the '$profile' stack; rewritten on every up.
db_socket = $DBSOCK
db_name = aftercare
db_user = aftercare
db_password = $pw
secret_key = $VAR/secret.key
fcgi_socket = $SOCK
socket_mode = 0666
threads = 8
demo = 1
templates = $ROOT/templates
schema = $ROOT/schema
public_url = $URL
EOF
		if [ $sink -eq 1 ]; then
			cat >>"$CONF.tmp" <<EOF
smtp_url = smtp://127.0.0.1:$SMTP_PORT
mail_from = aftercare@demo.local
sms_url = http://127.0.0.1:$SMS_PORT/sms
EOF
		fi
	)
	mv "$CONF.tmp" "$CONF"
}

db_down() {
	local pid
	if [ "$profile" = galera ]; then
		AFTERCARE_PORT=$port "$ROOT/scripts/galera.sh" down
		return 0
	fi
	pid=$(pid_of "$VAR/mysqld.pid") || pid=""
	if db_ping; then
		mariadb-admin --defaults-file="$MYCNF" shutdown >/dev/null 2>&1 || true
	elif [ -n "$pid" ]; then
		kill -TERM "$pid" 2>/dev/null || true
	fi
	if [ -n "$pid" ] && ! wait_gone "$pid" 30; then
		say "MariaDB (pid $pid) still runs after 30 s: killing it"
		kill -KILL "$pid" 2>/dev/null || true
	fi
	return 0
}

# ------------------------------------------------------------------ daemon

admin() { # subcommand [args]: the admin tool's output goes to var/PROFILE/admin.log
	echo "== $(date '+%F %T') aftercare-admin $1" >>"$VAR/admin.log"
	if ! (cd "$ROOT" && "$ROOT/build/aftercare-admin" --config "$CONF" "$@") \
		</dev/null >>"$VAR/admin.log" 2>&1; then
		sed -n '/^== .* aftercare-admin '"$1"'$/,$p' "$VAR/admin.log" | tail -n 30 >&2
		die "build/aftercare-admin $1 failed (log: $VAR/admin.log)"
	fi
}

# Daemon i (1..$daemons): its socket and pid file; the first keeps the
# plain names. All write to one log. Each runs under its own supervisor
# (--supervise), which starts it again if it dies.
sock_of() { [ "$1" -eq 1 ] && echo "$SOCK" || echo "$VAR/aftercare-$1.sock"; }
pidfile_of() { [ "$1" -eq 1 ] && echo "$DAEMON_PID" || echo "$VAR/aftercare-$1.pid"; }

daemon_down() {
	local pid f
	for f in "$DAEMON_PID" "$VAR"/aftercare-[0-9].pid; do
		[ -e "$f" ] || continue
		if pid=$(pid_of "$f"); then
			kill -TERM "$pid" 2>/dev/null || true
			if ! wait_gone "$pid" 10; then
				say "daemon (pid $pid) still runs 10 s after SIGTERM: killing it"
				kill -KILL "$pid" 2>/dev/null || true
				wait_gone "$pid" 5 || true
			fi
		fi
		rm -f "$f"
	done
}

daemon_up() {
	local i n sock
	daemon_down
	for ((n = 1; n <= daemons; n++)); do
		sock=$(sock_of "$n")
		rm -f "$sock"
		echo "== $(date '+%F %T') starting build/aftercare $n of $daemons" >>"$DAEMON_LOG"
		# AFTERCARE_WRAP runs the daemon under a tool, e.g. valgrind (make valgrind).
		# shellcheck disable=SC2086
		(cd "$ROOT" && AFTERCARE_FCGI_SOCKET=$sock spawn "$(pidfile_of "$n")" "$DAEMON_LOG" \
			${AFTERCARE_WRAP:-} "$ROOT/build/aftercare" --config "$CONF" --supervise)
	done
	for ((n = 1; n <= daemons; n++)); do
		sock=$(sock_of "$n")
		for ((i = 0; i < 150; i++)); do
			if pid_of "$(pidfile_of "$n")" >/dev/null; then
				[ -S "$sock" ] && continue 2
			elif [ $i -gt 5 ]; then
				break # it exited
			fi
			sleep 0.1
		done
		show_tail "$DAEMON_LOG" "daemon log"
		die "the daemon did not open $sock"
	done
}

# ------------------------------------------------------------------ notifications

# Stops the process of a pid file: SIGTERM, then SIGKILL after $2 seconds.
stop_pidfile() { # pidfile seconds name
	local pid
	if pid=$(pid_of "$1"); then
		kill -TERM "$pid" 2>/dev/null || true
		if ! wait_gone "$pid" "$2"; then
			say "$3 (pid $pid) still runs $2 s after SIGTERM: killing it"
			kill -KILL "$pid" 2>/dev/null || true
			wait_gone "$pid" 5 || true
		fi
	fi
	rm -f "$1"
}

# The notification worker, one per stack, under its own supervisor
# (--supervise starts it again if it dies). AFTERCARE_NOTIFY_WRAP runs it
# under a tool, e.g. valgrind.
notify_down() { stop_pidfile "$NOTIFY_PID" 15 "the notification worker"; }

# Whether the log $1 says $2 after its first $3 bytes (what a start wrote).
logged_since() { tail -c +$(($3 + 1)) "$1" 2>/dev/null | grep -q -- "$2"; }

notify_up() {
	local i start
	notify_down
	start=$(stat -c %s "$NOTIFY_LOG" 2>/dev/null || echo 0)
	echo "== $(date '+%F %T') starting build/aftercare-notify" >>"$NOTIFY_LOG"
	# shellcheck disable=SC2086
	(cd "$ROOT" && spawn "$NOTIFY_PID" "$NOTIFY_LOG" \
		${AFTERCARE_NOTIFY_WRAP:-} "$ROOT/build/aftercare-notify" --config "$CONF" --supervise)
	for ((i = 0; i < 100; i++)); do
		if pid_of "$NOTIFY_PID" >/dev/null && logged_since "$NOTIFY_LOG" ' delivering ' "$start"; then
			return 0
		fi
		sleep 0.1
	done
	show_tail "$NOTIFY_LOG" "notification worker log"
	die "the notification worker did not start"
}

sink_down() { stop_pidfile "$SINK_PID" 5 "the mail sink"; }

sink_up() {
	local i start
	[ $sink -eq 1 ] || return 0
	sink_down
	mkdir -p "$VAR/mail" "$VAR/sms"
	start=$(stat -c %s "$SINK_LOG" 2>/dev/null || echo 0)
	(cd "$ROOT" && spawn "$SINK_PID" "$SINK_LOG" node "$ROOT/scripts/mailsink.mjs" \
		"$SMTP_PORT" "$SMS_PORT" "$VAR/")
	for ((i = 0; i < 100; i++)); do
		if pid_of "$SINK_PID" >/dev/null && logged_since "$SINK_LOG" '^mailsink: SMTP' "$start" &&
			logged_since "$SINK_LOG" '^mailsink: SMS' "$start"; then
			return 0
		fi
		sleep 0.1
	done
	show_tail "$SINK_LOG" "mail sink log"
	die "the mail sink did not start (are ports $SMTP_PORT and $SMS_PORT free?)"
}

# ------------------------------------------------------------------ nginx

nginx_up() {
	local pid user_line="" i servers
	mkdir -p "$VAR"/nginx/{client_body,fastcgi,proxy,uwsgi,scgi}
	[ "$(id -u)" -eq 0 ] && user_line="user root;"
	servers=""
	for ((i = 1; i <= daemons; i++)); do
		servers+="server unix:$(sock_of "$i"); "
	done
	sed -e "s|@ROOT@|$ROOT|g" -e "s|@VAR@|$VAR|g" -e "s|@PORT@|$port|g" \
		-e "s|@SERVERS@|$servers|g" -e "s|@USER@|$user_line|g" \
		"$ROOT/scripts/nginx.conf.in" >"$NGINX_CONF"
	if ! nginx -q -t -e "$NGINX_ERR" -c "$NGINX_CONF" -p "$VAR/" </dev/null >"$VAR/nginx.out" 2>&1; then
		cat "$VAR/nginx.out" >&2
		die "nginx rejects $NGINX_CONF"
	fi
	if pid=$(pid_of "$NGINX_PID"); then
		kill -HUP "$pid"
		return 0
	fi
	rm -f "$NGINX_PID"
	if ! nginx -e "$NGINX_ERR" -c "$NGINX_CONF" -p "$VAR/" </dev/null >>"$VAR/nginx.out" 2>&1; then
		cat "$VAR/nginx.out" >&2
		die "nginx did not start (is 127.0.0.1:$port taken? AFTERCARE_PORT picks another)"
	fi
	for ((i = 0; i < 50; i++)); do
		pid_of "$NGINX_PID" >/dev/null && return 0
		sleep 0.1
	done
	die "nginx did not write $NGINX_PID"
}

nginx_down() {
	local pid
	if pid=$(pid_of "$NGINX_PID"); then
		kill -QUIT "$pid" 2>/dev/null || true
		if ! wait_gone "$pid" 10; then
			kill -TERM "$pid" 2>/dev/null || true
			wait_gone "$pid" 5 || kill -KILL "$pid" 2>/dev/null || true
		fi
	fi
	return 0
}

# ------------------------------------------------------------------ all

health() {
	curl --noproxy '*' -sS -o /dev/null -w '%{http_code}' --max-time 2 "$URL/healthz" 2>/dev/null
}

wait_healthy() {
	local code="" end=$((SECONDS + 20))
	while [ $SECONDS -lt $end ]; do
		code=$(health) || code=""
		[ "$code" = 200 ] && return 0
		sleep 0.3
	done
	echo "stack($profile): $URL/healthz answers ${code:-nothing} after 20 s" >&2
	show_tail "$DAEMON_LOG" "daemon log"
	show_tail "$NGINX_ERR" "nginx error log"
	exit 1
}

up() {
	local b
	for b in aftercare aftercare-admin aftercare-notify; do
		[ -x "$ROOT/build/$b" ] || die "build/$b is missing: run make first"
	done
	if [ "$profile" = test ] || [ "$profile" = restore ] || [ "$profile" = galera ]; then
		down >/dev/null
		rm -rf "$VAR"
	fi
	mkdir -p "$VAR"
	db_up
	db_setup
	admin migrate
	# make run: the demo data and a few months of generated history, so the
	# dashboard lives; the test stack keeps today's demo data only
	if [ "$profile" = run ]; then admin demo --history; else admin demo; fi
	daemon_up
	sink_up
	notify_up
	nginx_up
	wait_healthy
	if [ "$profile" = run ]; then
		cat <<EOF

Aftercare runs at $URL/

  customer:  13800000001 / demo1234 (a second one: 13800000002 / demo1234)
  staff:     agent@demo.local, warehouse@demo.local, logistics@demo.local,
             finance@demo.local, tech@demo.local, manager@demo.local
             (all demo1234) at $URL/staff/login
  mail:      e-mail and SMS go to a local sink (SMTP 127.0.0.1:$SMTP_PORT, SMS
             http://127.0.0.1:$SMS_PORT/sms): each message as it arrived in
             var/run/mail/N.eml, each SMS in var/run/sms/N.json
  logs:      var/run/aftercare.log, var/run/aftercare-notify.log,
             var/run/nginx-error.log, var/run/mysqld.err

Stop it with: make stop
EOF
	elif [ "$profile" = galera ]; then
		cat <<EOF

Aftercare runs at $URL/ on a three-node MariaDB Galera cluster; the daemon
uses node 1 (var/galera/aftercare.conf), the others have every row too:
$(AFTERCARE_PORT=$port "$ROOT/scripts/galera.sh" status | sed 's/^/  /')

  a node:    mariadb --defaults-file=var/galera/node2/my.cnf aftercare
  one node:  scripts/galera.sh node-down 3, then node-up 3 (AFTERCARE_PORT=$port)
  logins:    as for make run (13800000001 / demo1234, manager@demo.local …)
  logs:      var/galera/nodeN/mysqld.err, var/galera/aftercare.log,
             var/galera/nginx-error.log

Stop it with: make galera-stop (the cluster starts empty on the next up)
EOF
	else
		say "up at $URL"
	fi
}

down() {
	# nginx first: it finishes the requests in flight and takes no new ones,
	# so nobody gets a 502 while the daemon stops.
	nginx_down
	daemon_down
	notify_down
	sink_down
	db_down
	rm -f "$SOCK" "$VAR"/aftercare-[0-9].sock
	say "stopped"
}

status() {
	local pid code i
	if [ "$profile" = galera ]; then
		AFTERCARE_PORT=$port "$ROOT/scripts/galera.sh" status
	elif pid=$(pid_of "$VAR/mysqld.pid"); then
		echo "mariadb: running (pid $pid, socket $DBSOCK)"
	else
		echo "mariadb: stopped"
	fi
	for ((i = 1; i <= daemons; i++)); do
		if pid=$(pid_of "$(pidfile_of "$i")"); then
			echo "daemon $i: running (supervisor pid $pid, socket $(sock_of "$i"))"
		else
			echo "daemon $i: stopped"
		fi
	done
	if pid=$(pid_of "$NOTIFY_PID"); then
		echo "notify:  running (supervisor pid $pid, log $NOTIFY_LOG)"
	else
		echo "notify:  stopped"
	fi
	if [ $sink -eq 1 ]; then
		if pid=$(pid_of "$SINK_PID"); then
			echo "mailsink: running (pid $pid, SMTP 127.0.0.1:$SMTP_PORT, SMS 127.0.0.1:$SMS_PORT, files in $VAR/mail and sms)"
		else
			echo "mailsink: stopped"
		fi
	fi
	if pid=$(pid_of "$NGINX_PID"); then
		echo "nginx:   running (pid $pid, $URL/)"
		code=$(health) || code=""
		echo "healthz: ${code:-no answer}"
	else
		echo "nginx:   stopped"
	fi
}

case $cmd in
up) up ;;
down) down ;;
status) status ;;
db-down) db_down ;;   # fault tests: the database alone stops
db-up) db_up ;;       # and comes back (same data)
daemon-up) daemon_up ;;
notify-up) notify_up ;; # the worker again (a rebuilt binary, another wrap)
*) usage ;;
esac
