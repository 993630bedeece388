#!/usr/bin/env bash
# check-sql.sh — fails when SQL text could be assembled from variables in the
# C sources (DESIGN.md §4: prepared statements only, no user input ever
# spliced into SQL text). A static check in the spirit of grep, on every
# cgi/**/*.c (or the files and directories given):
#
#  1. Only cgi/domain/db.c calls Connector/C's query functions (mysql_query,
#     mysql_real_query, mysql_send_query, mysql_stmt_prepare).
#  2. Every call of a function that takes SQL text (a parameter named `sql`
#     in any prototype: db_run, db_row, ...; and the mysql_* functions
#     above) passes it as string literals, macros defined as string
#     literals, or a `static const` table of the same file. Inside cgi/domain/db.c
#     the plumbing may pass its own `sql` parameter on (its callers are
#     checked).
#  3. No string literal that reads as SQL (SELECT, INSERT INTO, UPDATE ...
#     SET, DELETE FROM, WHERE, VALUES, ORDER BY ...) goes through a string
#     building function (snprintf, sprintf, aprintf, buf_printf, buf_puts,
#     strcat, strcpy, memcpy ...): SQL is never put together at run time.
#
# A call that must take other text (the admin tool applying the files of
# schema/) says so with a comment "check-sql: trusted <why>" on one of its
# lines or ending on the line above it.
#
#   scripts/check-sql.sh            checks cgi/
#   scripts/check-sql.sh DIR|FILE…  checks those (*.c, *.h under a DIR)
# Exit 0 when clean, 1 with one "file:line: why" per violation.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
[ $# -gt 0 ] || set -- "$ROOT/cgi"

files=()
for a in "$@"; do
	if [ -d "$a" ]; then
		while IFS= read -r f; do files+=("$f"); done < <(find "$a" -type f \( -name '*.c' -o -name '*.h' \) | sort)
	elif [ -f "$a" ]; then
		files+=("$a")
	else
		echo "check-sql: no such file or directory: $a" >&2
		exit 2
	fi
done
[ ${#files[@]} -gt 0 ] || { echo "check-sql: no C files in $*" >&2; exit 2; }

# The project's headers always name the functions that take SQL (db_run,
# db_row ...), also when other files are checked.
CHECK_SQL_HEADERS=$(find "$ROOT/cgi" -name "*.h" | sort)
export CHECK_SQL_HEADERS

exec perl -e '
use strict;
use warnings;

my @files = @ARGV;
my %src;    # file -> text with comments blanked (strings kept)
my %marks;  # file -> { line -> 1 } lines with a "check-sql: trusted" comment
my %defs;   # macro -> 1 when #defined as string literal(s)

# Comments become blanks (newlines kept, so line numbers stay right);
# string and character literals are kept as they are.
sub strip {
	my ($text, $file) = @_;
	my $out = "";
	my $line = 1;
	my $n = length $text;
	for (my $i = 0; $i < $n;) {
		my $c = substr($text, $i, 1);
		my $two = substr($text, $i, 2);
		if ($two eq "/*" || $two eq "//") {
			my $end = $two eq "/*" ? index($text, "*/", $i + 2) : index($text, "\n", $i + 2);
			$end = $n if $end < 0;
			$end += 2 if $two eq "/*" && $end < $n;
			my $body = substr($text, $i, $end - $i);
			# A marker comment covers every line it spans.
			if ($body =~ /check-sql:\s*trusted/) {
				$marks{$file}{$_} = 1 for $line .. $line + ($body =~ tr/\n//);
			}
			(my $blank = $body) =~ s/[^\n]/ /g;
			$out .= $blank;
			$line += ($body =~ tr/\n//);
			$i = $end;
		} elsif ($c eq "\"" || $c eq "\x27") {
			my $j = $i + 1;
			while ($j < $n) {
				my $d = substr($text, $j, 1);
				last if $d eq $c || $d eq "\n";
				$j += $d eq "\\" ? 2 : 1;
			}
			$out .= substr($text, $i, $j + 1 - $i);
			$i = $j + 1;
		} else {
			$line++ if $c eq "\n";
			$out .= $c;
			$i++;
		}
	}
	return $out;
}

for my $f (@files) {
	open my $fh, "<", $f or die "check-sql: $f: $!\n";
	local $/;
	my $t = <$fh>;
	close $fh;
	$src{$f} = strip($t, $f);
	# A macro may go on over several lines ending in a backslash.
	(my $joined = $src{$f}) =~ s/\\\n/ /g;
	while ($joined =~ /^[ \t]*#[ \t]*define[ \t]+(\w+)[ \t]+("(?:[^"\\\n]|\\.)*"[ \t]*)+$/mg) {
		$defs{$1} = 1;
	}
}

# Functions taking SQL text, and which argument it is (0-based).
my %sqlarg = (mysql_query => 1, mysql_real_query => 1, mysql_send_query => 1,
              mysql_stmt_prepare => 1);
my %proto = %src;
for my $h (grep { length && -f } split /\n/, $ENV{CHECK_SQL_HEADERS} // "") {
	next if exists $proto{$h};
	open my $fh, "<", $h or die "check-sql: $h: $!\n";
	local $/;
	$proto{$h} = strip(scalar <$fh>, $h);
	close $fh;
	while ($proto{$h} =~ /^[ \t]*#[ \t]*define[ \t]+(\w+)[ \t]+("(?:[^"\\\n]|\\.)*"[ \t]*)+$/mg) {
		$defs{$1} = 1;
	}
}
for my $f (keys %proto) {
	while ($proto{$f} =~ /\b(\w+)\s*\(([^;{}()]*)\)\s*[;{]/g) {
		my ($name, $params) = ($1, $2);
		next if $name =~ /^(if|while|for|switch|return|sizeof)$/;
		my @p = split /,/, $params;
		for my $k (0 .. $#p) {
			$sqlarg{$name} = $k if $p[$k] =~ /\bchar\s*\*\s*sql\s*$/;
		}
	}
}
my @builders = qw(snprintf sprintf vsnprintf vsprintf asprintf vasprintf aprintf
                  buf_printf buf_puts buf_add strcat strncat strcpy strncpy stpcpy
                  memcpy memmove astrdup astrndup);
my %builder = map { $_ => 1 } @builders;
my $sqlword = qr/\b(?:SELECT\s|INSERT\s+INTO\b|UPDATE\s+\w+\s+SET\b|DELETE\s+FROM\b|REPLACE\s+INTO\b|WHERE\s|VALUES\s*\(|ORDER\s+BY\b|GROUP\s+BY\b|ON\s+DUPLICATE\s+KEY\b|(?:LEFT\s+|INNER\s+)?JOIN\s+\w+\s+(?:\w+\s+)?ON\b|FROM\s+\w+\s+WHERE\b)/;
my $lit = qr/"(?:[^"\\\n]|\\.)*"/;

my ($calls, $bad) = (0, 0);
sub lineno { my ($t, $pos) = @_; return 1 + (substr($t, 0, $pos) =~ tr/\n//); }
sub report { my ($f, $l, $why) = @_; print "$f:$l: $why\n"; $bad++; }

# The arguments of the call whose "(" is at $open: (list, end position).
sub args_at {
	my ($t, $open) = @_;
	my ($depth, $cur, @args) = (0, "");
	my $n = length $t;
	for (my $i = $open; $i < $n; $i++) {
		my $c = substr($t, $i, 1);
		if ($c eq "\"" || $c eq "\x27") {
			my $j = $i + 1;
			while ($j < $n && substr($t, $j, 1) ne $c) { $j += substr($t, $j, 1) eq "\\" ? 2 : 1; }
			$cur .= substr($t, $i, $j + 1 - $i);
			$i = $j;
			next;
		}
		if ($c eq "(" || $c eq "[" || $c eq "{") {
			$depth++;
			next if $depth == 1;
		} elsif ($c eq ")" || $c eq "]" || $c eq "}") {
			$depth--;
			if ($depth == 0) { push @args, $cur; return (\@args, $i); }
		} elsif ($c eq "," && $depth == 1) {
			push @args, $cur;
			$cur = "";
			next;
		}
		$cur .= $c;
	}
	return (\@args, $n);
}

for my $f (@files) {
	my $t = $src{$f};
	my $is_db = $f =~ m{(^|/)db\.c$};
	while ($t =~ /\b(\w+)(\s*)\(/g) {
		my ($name, $open) = ($1, $+[0] - 1);
		my $before = substr($t, 0, $-[0]);
		next if $before =~ /(?:\.|->)\s*$/;            # a struct member of that name
		my $want = $sqlarg{$name};
		next unless defined $want || $builder{$name};
		my ($args, $end) = args_at($t, $open);
		my $l = lineno($t, $-[0]);
		my $last = lineno($t, $end);
		my $trusted = grep { $marks{$f}{$_} } ($l - 1) .. $last;
		# A declaration or definition: the "sql" parameter itself.
		next if defined $want && join(",", @$args) =~ /\bchar\s*\*\s*sql\b/;
		if ($builder{$name}) {
			my @sql = grep { /$sqlword/ } (join(" ", @$args) =~ /($lit)/g);
			$calls++;
			report($f, $l, "$name() builds text from SQL (" . substr($sql[0], 0, 40) . "...): write the statement as one literal with ? parameters")
				if @sql && !$trusted;
			next;
		}
		$calls++;
		if ($name =~ /^mysql_/ && !$is_db) {
			report($f, $l, "$name() outside cgi/domain/db.c: only db.c talks to Connector/C");
			next;
		}
		my $a = $args->[$want] // "";
		$a =~ s/^\s+|\s+$//g;
		next if $trusted;
		(my $bare = $a) =~ s/$lit/ /g;
		next if $a =~ /^(?:(?:$lit|[A-Z][A-Z0-9_]*)\s*)+$/ && $a =~ /$lit/ &&
		        !grep { !$defs{$_} } ($bare =~ /(\w+)/g);
		next if $is_db && $a eq "sql";
		if ($a =~ /^&?\s*(\w+)/) {
			my $root = $1;
			next if $t =~ /\bstatic\s+const\b[^;=(]*\b\Q$root\E\s*(?:\[[^\]]*\]\s*)*=/;
		}
		report($f, $l, "$name(): the SQL argument \"" . substr($a, 0, 40) . "\" is not a string literal or a static const table");
	}
}
printf "check-sql: %d calls in %d files checked, %d violation%s\n", $calls, scalar @files, $bad, $bad == 1 ? "" : "s";
exit($bad ? 1 : 0);
' "${files[@]}"
