#!/usr/bin/env bash
# check-layers.sh — fails when the layers of cgi/ are not kept: a file uses
# one of a layer it may not use (a lower layer using a higher one, or the
# two programs using each other), or files use each other in a circle (two
# files both ways, or a longer ring).
#
# Uses are read off the objects, not the #include lines: file F uses file G
# when F's object needs (nm: U) a symbol — function or variable — that G's
# object defines. Two pages that include only pages.h can still use each
# other; this sees it. The layer of an object is its folder under the build
# directory (build/core/util.o is core), the same as its source's folder
# under cgi/.
#
# The table: each layer and the layers it may use.
#   core     core                   pure code
#   domain   core domain            the database and the business
#   web      core domain web        the daemon
#   admin    core domain admin      the command-line tool
#   notify   core domain web notify the notification worker (a program that
#                                   renders templates: it may use web's view)
#
#   scripts/check-layers.sh            checks build/F/X.o for every cgi/F/X.c (after make all)
#   scripts/check-layers.sh DIR        checks DIR/F/*.o, every folder F
# Exit 0 when clean, 1 with one line per violation, 2 when it cannot check.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
DIR=${1:-$ROOT/build}
[ -d "$DIR" ] || { echo "check-layers: no such directory: $DIR (make all first)" >&2; exit 2; }
command -v nm >/dev/null || { echo "check-layers: nm is missing (binutils)" >&2; exit 2; }

# The objects looked at: with no DIR, the object of every source in
# cgi/<folder>/ (an object left behind by a removed source is not read);
# with DIR, every object in its folders.
objs=()
if [ $# -gt 0 ]; then
	while IFS= read -r o; do objs+=("$o"); done < <(cd "$DIR" && find . -mindepth 2 -maxdepth 2 -name '*.o' | sed 's|^\./||' | sort)
else
	while IFS= read -r c; do
		o=${c%.c}.o
		[ -f "$DIR/$o" ] || { echo "check-layers: $DIR/$o is missing (make all first)" >&2; exit 2; }
		objs+=("$o")
	done < <(cd "$ROOT/cgi" && find . -mindepth 2 -maxdepth 2 -name '*.c' | sed 's|^\./||' | sort)
fi
[ ${#objs[@]} -gt 0 ] || { echo "check-layers: no objects in $DIR/<layer>/ (make all first)" >&2; exit 2; }

# One line per symbol: "object D|U name".
for o in "${objs[@]}"; do
	nm -P "$DIR/$o" | awk -v o="$o" '
		$2 == "U" { print o, "U", $1; next }
		$2 ~ /^[TDRBCGSV]$/ { print o, "D", $1 }'
done | perl -e '
use strict;
use warnings;

my %may = (
	core   => [qw(core)],
	domain => [qw(core domain)],
	web    => [qw(core domain web)],
	admin  => [qw(core domain admin)],
	notify => [qw(core domain web notify)],
);
my (%def, %uses, %layer, @bad);
while (<STDIN>) {
	my ($o, $k, $s) = split;
	(my $l = $o) =~ s{/.*}{};
	$layer{$o} = $l;
	push @{$def{$s}}, $o if $k eq "D";
	$uses{$o}{$s} = 1 if $k eq "U";
}
# Edges file -> file with the symbols behind each. A symbol defined in more
# than one object (main: once per program) names no single file: skipped.
my (%edge, $nedges);
for my $o (sort keys %uses) {
	for my $s (sort keys %{$uses{$o}}) {
		my $d = $def{$s} or next;
		next if @$d != 1 || $d->[0] eq $o;
		$nedges++ unless $edge{$o}{$d->[0]};
		push @{$edge{$o}{$d->[0]}}, $s;
	}
}
sub syms { my ($a, $b) = @_; my @s = @{$edge{$a}{$b}}; return join(", ", @s[0 .. ($#s < 2 ? $#s : 2)]) . (@s > 3 ? ", …" : ""); }

for my $o (sort keys %layer) {
	my $l = $layer{$o};
	unless ($may{$l}) {
		push @bad, "$o: folder \"$l\" is not a layer (the table in scripts/check-layers.sh)";
		next;
	}
	for my $t (sort keys %{$edge{$o} // {}}) {
		my $tl = $layer{$t};
		next if grep { $_ eq $tl } @{$may{$l}};
		push @bad, "$o uses $t (" . syms($o, $t) . "): layer $l may not use layer $tl";
	}
}

# Circles: the strongly connected components of more than one file
# (Tarjan), each shown as one ring through it.
my ($index, @stack, %on, %idx, %low, @sccs) = (0);
sub visit {
	my ($v) = @_;
	$idx{$v} = $low{$v} = $index++;
	push @stack, $v;
	$on{$v} = 1;
	for my $w (sort keys %{$edge{$v} // {}}) {
		if (!exists $idx{$w}) {
			visit($w);
			$low{$v} = $low{$w} if $low{$w} < $low{$v};
		} elsif ($on{$w}) {
			$low{$v} = $idx{$w} if $idx{$w} < $low{$v};
		}
	}
	if ($low{$v} == $idx{$v}) {
		my @c;
		my $w;
		do { $w = pop @stack; $on{$w} = 0; push @c, $w; } while ($w ne $v);
		push @sccs, [sort @c] if @c > 1;
	}
}
for my $v (sort keys %layer) { visit($v) unless exists $idx{$v}; }
for my $c (@sccs) {
	my %in = map { $_ => 1 } @$c;
	# A shortest ring from the first file back to itself inside the component.
	my $start = $c->[0];
	my %prev = ($start => undef);
	my @queue = ($start);
	my $end;
	BFS: while (@queue) {
		my $v = shift @queue;
		for my $w (sort keys %{$edge{$v} // {}}) {
			next unless $in{$w};
			if ($w eq $start) { $end = $v; last BFS; }
			next if exists $prev{$w};
			$prev{$w} = $v;
			push @queue, $w;
		}
	}
	my @ring = ($start);
	for (my $v = $end; $v ne $start; $v = $prev{$v}) { unshift @ring, $v if $v ne $start; }
	@ring = ($start, grep { $_ ne $start } @ring);
	my @steps;
	for my $i (0 .. $#ring) {
		my ($a, $b) = ($ring[$i], $ring[($i + 1) % @ring]);
		push @steps, "$a uses $b (" . syms($a, $b) . ")";
	}
	push @bad, "circle of " . scalar(@$c) . " files (" . join(" ", @$c) . "): " . join("; ", @steps);
}

print "$_\n" for @bad;
my %layers = map { $_ => 1 } values %layer;
printf "check-layers: %d objects in %d layers, %d uses between files, %d violation%s\n",
	scalar(keys %layer), scalar(keys %layers), $nedges // 0, scalar(@bad), @bad == 1 ? "" : "s";
exit(@bad ? 1 : 0);
'
