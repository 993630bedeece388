#!/usr/bin/env bash
# backup.sh — a consistent dump of a stack's database, and loading one back.
#
#   scripts/backup.sh backup PROFILE FILE    dump var/PROFILE's database to FILE (gzip)
#   scripts/backup.sh restore PROFILE FILE   replace var/PROFILE's database with FILE
#
# The dump is mariadb-dump --single-transaction: one consistent snapshot
# while the site keeps running (InnoDB), photos included (--hex-blob), with
# DROP/CREATE DATABASE so a restore replaces everything. In production run
# the same mariadb-dump / mariadb commands with the server's credentials
# (README "Backup and restore"). The secret key file (var/PROFILE/secret.key
# or the configured secret_key) is not in the dump: keep it too, or everyone
# signs in again after a restore onto another machine.
set -euo pipefail

usage() {
	echo "usage: scripts/backup.sh backup|restore PROFILE FILE" >&2
	exit 2
}
[ $# -eq 3 ] || usage
cmd=$1 profile=$2 file=$3
case $profile in '' | *[!a-z]*) usage ;; esac
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
MYCNF=$ROOT/var/$profile/my.cnf
[ -r "$MYCNF" ] || { echo "backup: no stack at var/$profile (scripts/stack.sh up $profile)" >&2; exit 1; }

case $cmd in
backup)
	tmp=$file.part
	mariadb-dump --defaults-file="$MYCNF" --single-transaction --quick --hex-blob \
		--routines --events --add-drop-database --databases aftercare | gzip >"$tmp"
	mv "$tmp" "$file"
	echo "backup: var/$profile's database in $file ($(wc -c <"$file") bytes)"
	;;
restore)
	[ -r "$file" ] || { echo "backup: cannot read $file" >&2; exit 1; }
	gzip -dc "$file" | mariadb --defaults-file="$MYCNF"
	echo "backup: var/$profile's database replaced by $file"
	;;
*) usage ;;
esac
