#!/usr/bin/env bash
# deps.sh — makes sure the Debian packages Aftercare builds, runs and tests
# with are installed. Quiet when nothing is missing. As root it installs what
# is missing (no questions, no stdin needed); otherwise it prints the exact
# apt-get line and fails.
set -euo pipefail

packages=(gcc make pkg-config libc6-dev libfcgi-dev libfcgi-bin clearsilver-dev
          libmariadb-dev libjansson-dev libssl-dev zlib1g-dev mariadb-server
          mariadb-client nginx-light curl wrk)
# The notification worker (build/aftercare-notify): libcurl sends its e-mail
# (SMTP) and its webhooks and SMS (HTTP). The local mail sink and the tests'
# receivers are npm packages (smtp-server, mailparser, standardwebhooks).
packages+=(libcurl4-openssl-dev)
# QR codes (the return slip, the staff second factor's enrolment) and TOTP;
# oathtool and zbarimg are the outside implementations the tests check with.
packages+=(libqrencode-dev liboath-dev oathtool zbar-tools librsvg2-bin)
# The browser suites (tests/browser): Debian's chromium, driven by the npm
# package playwright-core (package.json), and CJK fonts so that Chinese
# pages render readable in the screenshots.
packages+=(chromium fonts-noto-cjk)

# The HTTP suites need node >= 18 (node:test with the tap reporter). A node
# that is already on PATH and new enough is fine wherever it came from.
node_ok() {
	command -v node >/dev/null 2>&1 &&
		node -e 'process.exit(+process.versions.node.split(".")[0] >= 18 ? 0 : 1)' \
			</dev/null >/dev/null 2>&1
}
node_ok || packages+=(nodejs)
command -v npm >/dev/null 2>&1 || packages+=(npm)

# The fuzz harnesses (make fuzz): clang with libFuzzer and the sanitizers,
# llvm for llvm-cov and llvm-symbolizer.
packages+=(clang libclang-rt-14-dev llvm)
# The SQL injection suite (tests/http/sqlmap.test.mjs).
packages+=(sqlmap)
# pgrep (fault tests, bench: a supervisor's daemon).
packages+=(procps)
# The three-node Galera cluster (make galera, tests/galera): the Galera
# provider, and rsync for the state transfer of a node that joins empty.
packages+=(galera-4 rsync)
installed=$(dpkg-query -W -f='${Package} ${Status}\n' "${packages[@]}" 2>/dev/null |
	awk '$NF == "installed" { print $1 }' || true)
missing=()
for p in "${packages[@]}"; do
	grep -qxF -- "$p" <<<"$installed" || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
	line="apt-get install -y --no-install-recommends ${missing[*]}"
	if [ "$(id -u)" -ne 0 ]; then
		echo "deps: missing Debian packages: ${missing[*]}" >&2
		echo "deps: as root, run:" >&2
		echo "  apt-get update && DEBIAN_FRONTEND=noninteractive $line" >&2
		exit 1
	fi
	echo "deps: installing ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq </dev/null
	apt-get install -y -q --no-install-recommends "${missing[@]}" </dev/null
fi

if ! node_ok; then
	echo "deps: node >= 18 is needed on PATH; found: $(command -v node || echo none)" \
		"$(node --version 2>/dev/null || true)" >&2
	exit 1
fi

# The npm packages of package-lock.json (never a browser download: the
# browser suites use /usr/bin/chromium). npm ci again when the lock file
# changed since node_modules was made.
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
if [ -f "$root/package-lock.json" ] &&
	{ [ ! -f "$root/node_modules/.package-lock.json" ] ||
		[ "$root/package-lock.json" -nt "$root/node_modules/.package-lock.json" ]; }; then
	echo "deps: npm ci"
	(cd "$root" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund </dev/null)
fi
