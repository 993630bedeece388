# benchlib.sh — sourced by the scripts that drive a stack with curl
# (bench.sh, bench-approve.sh, snapshot-pages.sh): sign_in URL PATH LOGIN
# JAR prints the sid of a fresh session through the real form (password
# demo1234); ticks PIDFILE the CPU time (clock ticks, user + system) of a
# process and its children.
form_csrf() { sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -n 1; }
sign_in() { # url path login jar -> sid
	local url=$1 path=$2 login=$3 jar=$4 csrf
	rm -f "$jar"
	csrf=$(curl -fsS -c "$jar" -b "$jar" "$url$path" | form_csrf)
	curl -fsS -o /dev/null -c "$jar" -b "$jar" -H "Origin: $url" \
		--data-urlencode "csrf=$csrf" --data-urlencode "login=$login" \
		--data-urlencode "password=demo1234" "$url$path"
	awk '$6 == "sid" { print $7 }' "$jar"
}
ticks() { # pidfile -> ticks
	local pid total=0 u s
	pid=$(cat "$1" 2>/dev/null) || { echo 0; return; }
	for p in "$pid" $(pgrep -P "$pid"); do
		read -r u s < <(awk '{ print $14, $15 }' "/proc/$p/stat" 2>/dev/null || echo 0 0)
		total=$((total + ${u:-0} + ${s:-0}))
	done
	echo "$total"
}
