#!/usr/bin/env bash
# galera.sh — a three-node MariaDB Galera cluster (Debian galera-4) on
# 127.0.0.1, each node a private mariadbd under var/galera/node{1,2,3} with
# its own datadir, socket and ports. Started by scripts/stack.sh's galera
# profile (which puts the daemon on node 1) or by hand.
#
#   scripts/galera.sh up|down|status
#   scripts/galera.sh node-down N|node-up N    one node leaves / comes back
#
# up:   a stopped cluster starts new and empty: node 1 bootstraps it
#       (--wsrep-new-cluster), nodes 2 and 3 join it (seeded from node 1,
#       see seed_from_node1); then every node is Synced in a cluster of
#       three. On a running cluster, up starts the nodes that are down:
#       they catch up by IST from the others' Galera cache, or by a full
#       copy (SST, rsync) when they are too far behind or empty.
# Ports (AFTERCARE_PORT, 8093 by default, picks a block of 20, so that
# checkouts with different ports coexist): base = 10000 + (port % 1000) * 20,
# node N: SQL base+N, Galera replication base+3+N, IST base+6+N,
# SST (rsync) base+9+N.
set -eEuo pipefail

usage() {
	echo "usage: scripts/galera.sh up|down|status|node-down N|node-up N" >&2
	exit 2
}
[ $# -ge 1 ] || usage
cmd=$1
only=""
case $cmd in
up | down | status) [ $# -eq 1 ] || usage ;;
node-up | node-down)
	[ $# -eq 2 ] || usage
	case $2 in [123]) only=$2 ;; *) usage ;; esac
	;;
*) usage ;;
esac

port=${AFTERCARE_PORT:-8093}
case $port in
'' | *[!0-9]*) echo "galera: AFTERCARE_PORT must be a number: $port" >&2; exit 2 ;;
esac
BASE=$((10000 + port % 1000 * 20))
NODES=3
PROVIDER=${GALERA_PROVIDER:-/usr/lib/galera/libgalera_smm.so}
# As root the nodes run as Debian's mysql user (unlike stack.sh's single
# instance, which runs as root): a root mariadbd's rsync SST receiver
# drops to nobody and could not write the joiner's datadir.
RUN_AS=""
if [ "$(id -u)" -eq 0 ]; then
	RUN_AS=${GALERA_USER:-mysql}
	id -u "$RUN_AS" >/dev/null 2>&1 || { echo "galera: no user $RUN_AS to run the nodes as (GALERA_USER)" >&2; exit 2; }
fi

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
VAR=$ROOT/var/galera
case $ROOT in
*[[:space:]\|\&\\\;\#\'\"]*)
	echo "galera: the repository path must not contain blanks or any of |&\\;#'\": $ROOT" >&2
	exit 2
	;;
esac

trap 'echo "galera: failed at line $LINENO: $BASH_COMMAND" >&2' ERR

# pid_of, alive, wait_gone, spawn, show_tail (shared with scripts/stack.sh).
# shellcheck source=scripts/proc.sh
. "$ROOT/scripts/proc.sh"

say() { printf 'galera: %s\n' "$*"; }
die() {
	printf 'galera: %s\n' "$*" >&2
	exit 1
}

dir_of() { echo "$VAR/node$1"; }
cnf_of() { echo "$VAR/node$1/my.cnf"; }
sql_port() { echo $((BASE + $1)); }
repl_port() { echo $((BASE + 3 + $1)); }
ist_port() { echo $((BASE + 6 + $1)); }
sst_port() { echo $((BASE + 9 + $1)); }

write_mycnf() { # node
	local n=$1 d user_line="" members="" i
	d=$(dir_of "$n")
	[ -n "$RUN_AS" ] && user_line="user = $RUN_AS"
	for ((i = 1; i <= NODES; i++)); do
		members+="${members:+,}127.0.0.1:$(repl_port "$i")"
	done
	mkdir -p "$d/tmp" "$d/mysql"
	if [ -n "$RUN_AS" ]; then
		chown -R "$RUN_AS:" "$d"
	fi
	cat >"$d/my.cnf.tmp" <<EOF
# Written by scripts/galera.sh: node $n of the local Galera cluster.
# Every command takes it as its FIRST option: --defaults-file=$d/my.cnf
[client]
socket = $d/mysql.sock
user = root
default-character-set = utf8mb4

[mysqld]
$user_line
datadir = $d/mysql
socket = $d/mysql.sock
pid-file = $d/mysqld.pid
log-error = $d/mysqld.err
tmpdir = $d/tmp
bind-address = 127.0.0.1
port = $(sql_port "$n")
skip-name-resolve
character-set-server = utf8mb4
collation-server = utf8mb4_unicode_ci
max_allowed_packet = 64M
max_connections = 100
performance_schema = OFF
innodb_buffer_pool_size = 64M
innodb_log_file_size = 16M
innodb_log_buffer_size = 8M
innodb_flush_log_at_trx_commit = 2

# Galera: row events, InnoDB only, interleaved auto-increment locks.
binlog_format = ROW
default_storage_engine = InnoDB
innodb_autoinc_lock_mode = 2
# With wsrep the server counts as binary-logging: without this, only a
# SUPER user may create the statistics triggers (schema/009).
log_bin_trust_function_creators = ON
wsrep_on = ON
wsrep_provider = $PROVIDER
wsrep_cluster_name = aftercare-$port
wsrep_cluster_address = gcomm://$members
wsrep_node_name = node$n
wsrep_node_address = 127.0.0.1:$(repl_port "$n")
wsrep_sst_method = rsync
wsrep_sst_receive_address = 127.0.0.1:$(sst_port "$n")
wsrep_slave_threads = 2
wsrep_provider_options = "gmcast.listen_addr=tcp://127.0.0.1:$(repl_port "$n"); ist.recv_addr=127.0.0.1:$(ist_port "$n"); gcache.size=32M"
EOF
	chmod 644 "$d/my.cnf.tmp"
	mv "$d/my.cnf.tmp" "$d/my.cnf"
}

# One wsrep status variable of a node ('' when it does not answer).
wsrep() { # node variable
	mariadb --defaults-file="$(cnf_of "$1")" --connect-timeout=2 -N -B \
		-e "SHOW GLOBAL STATUS LIKE '$2'" 2>/dev/null </dev/null | awk '{ print $2 }' || true
}

# The pid spawn wrote (mariadbd writes its own mysqld.pid: as root it has
# become $RUN_AS by then and may not write a file of root's).
node_pid() { pid_of "$(dir_of "$1")/node.pid"; }

# Waits until node N is Synced in a cluster of SIZE; fails after SECS.
wait_synced() { # node size secs
	local n=$1 size=$2 end=$((SECONDS + $3)) state="" have=""
	while [ $SECONDS -lt "$end" ]; do
		state=$(wsrep "$n" wsrep_local_state_comment)
		have=$(wsrep "$n" wsrep_cluster_size)
		[ "$state" = Synced ] && [ "$have" = "$size" ] && return 0
		node_pid "$n" >/dev/null || break # it exited
		sleep 0.2
	done
	show_tail "$(dir_of "$n")/mysqld.err" "node $n error log"
	die "node $n is not Synced in a cluster of $size (state '${state:-no answer}', size '${have:-?}')"
}

node_start() { # node [--wsrep-new-cluster]
	local n=$1 d
	d=$(dir_of "$n")
	shift
	node_pid "$n" >/dev/null && return 0
	write_mycnf "$n"
	rm -f "$d/mysql.sock" "$d/mysqld.pid" "$d/node.pid"
	echo "== $(date '+%F %T') starting node $n $*" >>"$d/mysqld.out"
	spawn "$d/node.pid" "$d/mysqld.out" mariadbd --defaults-file="$d/my.cnf" "$@"
}

# Stops nodes (in the order given: each leaves the cluster cleanly, and the
# last one knows it may bootstrap), then waits for all of them to end. A
# node that takes no shutdown command (still joining: waiting for its state
# transfer) gets SIGTERM and, 15 s later, SIGKILL: its state is incomplete
# anyway, and it would otherwise wait for donors that are stopping too.
node_stop() { # node...
	local n pid secs pids=()
	for n in "$@"; do
		pid=$(node_pid "$n") || continue
		if mariadb-admin --defaults-file="$(cnf_of "$n")" --connect-timeout=2 shutdown \
			</dev/null >/dev/null 2>&1; then
			pids+=("$n:$pid:60")
		else
			kill -TERM "$pid" 2>/dev/null || true
			pids+=("$n:$pid:15")
		fi
	done
	for n in "${pids[@]}"; do
		IFS=: read -r n pid secs <<<"$n"
		if ! wait_gone "$pid" "$secs"; then
			say "node $n (pid $pid) still runs $secs s after it was asked to stop: killing it"
			kill -KILL "$pid" 2>/dev/null || true
			wait_gone "$pid" 5 || true
		fi
	done
}

# Nodes 2 and 3 of a new cluster start from a cold copy of node 1, taken
# with node 1 cleanly stopped right after the bootstrap: the copies have
# the cluster's state (grastate.dat: its UUID and seqno), so they join with
# an IST of the few writesets since, instead of a full copy each (SST: the
# donor blocked meanwhile, ~10-15 s apiece on this machine). Not copied:
# node 1's Galera cache and its gcomm identity (gvwstate.dat).
seed_from_node1() {
	local n d
	for ((n = 2; n <= NODES; n++)); do
		d=$(dir_of "$n")
		rm -rf "$d/mysql"
		(cd "$(dir_of 1)/mysql" && tar -cf - --exclude=./galera.cache --exclude=./gvwstate.dat .) |
			(mkdir -p "$d/mysql" && cd "$d/mysql" && tar -xpf -)
		sed -i 's/^safe_to_bootstrap: 1$/safe_to_bootstrap: 0/' "$d/mysql/grastate.dat"
		if [ -n "$RUN_AS" ]; then
			chown -R "$RUN_AS:" "$d"
		fi
	done
}

running() { # how many nodes run
	local n c=0
	for ((n = 1; n <= NODES; n++)); do
		node_pid "$n" >/dev/null && c=$((c + 1))
	done
	echo "$c"
}

up() {
	local n
	[ -r "$PROVIDER" ] || die "no Galera provider at $PROVIDER (apt-get install galera-4)"
	command -v rsync >/dev/null || die "rsync is missing (SST): apt-get install rsync"
	if [ "$(running)" -eq 0 ]; then
		say "new cluster in var/galera (ports: SQL $(sql_port 1)-$(sql_port 3), replication $(repl_port 1)-$(repl_port 3))"
		for ((n = 1; n <= NODES; n++)); do
			rm -rf "$(dir_of "$n")"
			write_mycnf "$n"
		done
		if [ -n "$RUN_AS" ] && ! runuser -u "$RUN_AS" -- test -w "$VAR/node1"; then
			die "user $RUN_AS cannot write $VAR/node1 (is a parent folder closed to it?): move the checkout or set GALERA_USER"
		fi
		if ! mariadb-install-db --defaults-file="$(cnf_of 1)" \
			--auth-root-authentication-method=normal --skip-test-db ${RUN_AS:+--user="$RUN_AS"} \
			</dev/null >"$VAR/node1/mysql-install.log" 2>&1; then
			show_tail "$VAR/node1/mysql-install.log" "mariadb-install-db"
			die "mariadb-install-db failed"
		fi
		node_start 1 --wsrep-new-cluster
		wait_synced 1 1 60
		node_stop 1
		grep -q '^safe_to_bootstrap: 1$' "$VAR/node1/mysql/grastate.dat" ||
			die "node 1 did not leave a state to bootstrap from (var/galera/node1/mysql/grastate.dat)"
		seed_from_node1
		node_start 1 --wsrep-new-cluster
		wait_synced 1 1 60
		for ((n = 2; n <= NODES; n++)); do
			node_start "$n"
		done
		for ((n = 2; n <= NODES; n++)); do
			wait_synced "$n" "$NODES" 180
		done
	fi
	# One joiner at a time: the donor sends one state transfer at once.
	for ((n = 1; n <= NODES; n++)); do
		node_pid "$n" >/dev/null && continue
		node_start "$n"
		wait_synced "$n" "$(running)" 180
	done
	for ((n = 1; n <= NODES; n++)); do
		wait_synced "$n" "$NODES" 60
	done
	# The client's view of the cluster for tools that take one my.cnf
	# (tests/http/lib.mjs): node 1, the daemon's node.
	ln -sfn node1/my.cnf "$VAR/my.cnf"
	say "up: $NODES nodes Synced"
}

down() {
	node_stop 3 2 1
	say "stopped"
}

status() {
	local n pid
	for ((n = 1; n <= NODES; n++)); do
		if pid=$(node_pid "$n"); then
			printf 'node%d: running (pid %s), SQL 127.0.0.1:%s, replication :%s, %s, cluster of %s\n' \
				"$n" "$pid" "$(sql_port "$n")" "$(repl_port "$n")" \
				"$(wsrep "$n" wsrep_local_state_comment)" "$(wsrep "$n" wsrep_cluster_size)"
		else
			printf 'node%d: stopped\n' "$n"
		fi
	done
}

case $cmd in
up) up ;;
down) down ;;
status) status ;;
node-down) node_stop "$only" ;;
node-up)
	[ "$(running)" -gt 0 ] || die "no node runs: node-up joins a running cluster (use up)"
	node_start "$only"
	wait_synced "$only" "$(running)" 180
	;;
esac
