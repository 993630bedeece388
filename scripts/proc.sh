# shellcheck shell=bash
# proc.sh — process helpers of the local stack, sourced by scripts/stack.sh
# and scripts/galera.sh (not run by itself). The sourcing script sets VAR:
# only processes whose command line names a file under it count as ours.

# The pid in FILE, if that process runs and is ours: its command line names
# a file under $VAR (so a recycled pid of an unrelated process is never hit).
pid_of() {
	local pid
	[ -s "$1" ] || return 1
	read -r pid <"$1" || true
	case $pid in '' | *[!0-9]*) return 1 ;; esac
	[ -r "/proc/$pid/cmdline" ] || return 1
	tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$VAR/" || return 1
	echo "$pid"
}

# Whether process $1 runs. A zombie does not: this machine's init may take
# a while to reap the daemons we detached.
alive() {
	local state
	state=$(awk '/^State:/ { print $2 }' "/proc/$1/status" 2>/dev/null) || return 1
	[ -n "$state" ] && [ "$state" != Z ]
}

# Waits up to $2 seconds for process $1 to end. 0 when it ended.
wait_gone() {
	local i
	for ((i = 0; i < $2 * 10; i++)); do
		alive "$1" || return 0
		sleep 0.1
	done
	return 1
}

# Starts a command in its own session, detached from our stdin/stdout, with
# its pid in PIDFILE (the shell writes its pid, then becomes the command).
# The extra subshell makes it init's child: no zombie of ours looks alive.
spawn() { # pidfile log command...
	local pidfile=$1 log=$2
	shift 2
	# shellcheck disable=SC2016 # $$ and $@ are the inner shell's
	(setsid sh -c 'echo $$ >"$0"; exec "$@"' "$pidfile" "$@" </dev/null >>"$log" 2>&1 &)
}

show_tail() { # file, title
	if [ -s "$1" ]; then
		echo "---- $2: last lines of $1" >&2
		tail -n 30 "$1" >&2
	fi
}
