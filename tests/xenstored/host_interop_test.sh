#!/usr/bin/env bash
# Debian's xenstore-utils (and Xen's xenstore-control) against our
# xenstored on a private socket. One PASS/FAIL line per check; never skips.
set -uo pipefail
cd "$(dirname "$0")/../.."
daemon=build/host/bin/xenstored
control=/usr/lib/xen-4.17/bin/xenstore-control  # the /usr/bin wrapper needs a hypervisor
T=5  # seconds any one client may take

fail_all() { echo "FAIL xenstored/interop: $1"; exit 1; }
[ -x "$daemon" ] || fail_all "$daemon missing (run 'make host')"
for tool in xenstore-read xenstore-write xenstore-ls xenstore-list xenstore-exists xenstore-rm xenstore-chmod xenstore-watch; do
    command -v "$tool" >/dev/null || fail_all "$tool missing (run 'make deps': package xenstore-utils)"
done
[ -x "$control" ] || fail_all "$control missing (run 'make deps': package xen-utils-4.17)"

dir=$(mktemp -d /tmp/xenstored-interop.XXXXXX)
export XENSTORED_RUNDIR=$dir/run
unset XENSTORED_PATH
pid=
cleanup() {
    [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
    rm -rf "$dir"
}
trap cleanup EXIT

"$daemon" -N -D -F "$dir/pid" -L "$dir/log" -T "$dir/trace" &
pid=$!
for _ in $(seq 50); do [ -S "$XENSTORED_RUNDIR/socket" ] && break; sleep 0.1; done
[ -S "$XENSTORED_RUNDIR/socket" ] || fail_all "daemon did not create $XENSTORED_RUNDIR/socket"

check() { # name expected actual
    if [ "$2" == "$3" ]; then echo "PASS xenstored/interop/$1"
    else echo "FAIL xenstored/interop/$1: expected [$2] got [$3]"; fi
}
run() { timeout "$T" "$@" 2>&1; }

check read-root "" "$(run xenstore-read /)"
check fresh-tree "$(printf '/tool = ""\n/tool/xenstored = ""')" "$(run xenstore-ls -f)"
check write "" "$(run xenstore-write /vm/a 1 /vm/b 'two words')"
check read "$(printf '1\ntwo words')" "$(run xenstore-read /vm/a /vm/b)"
check read-prefixed "/vm/a: 1" "$(run xenstore-read -p /vm/a)"
check relative-under-dom0 "rel" "$(run xenstore-write backend/x rel >/dev/null; run xenstore-read /local/domain/0/backend/x)"
check escapes 'a\nb' "$(run xenstore-write /esc 'a\nb' >/dev/null; run xenstore-read /esc)"
check list "$(printf 'a\nb')" "$(run xenstore-list /vm)"
check ls "$(printf 'a = "1"\nb = "two words"')" "$(run xenstore-ls /vm)"
run xenstore-exists /vm/a >/dev/null; check exists 0 $?
run xenstore-exists /vm/none >/dev/null; check exists-missing 1 $?
check read-missing "xenstore-read: couldn't read path /vm/none" "$(run xenstore-read /vm/none)"
check chmod "" "$(run xenstore-chmod /vm/a n0 r5 b7)"
check ls-perms '/vm/a = "1"   (n0,r5,b7)' "$(run xenstore-ls -fp /vm | grep '^/vm/a ')"
check chmod-bad "1" "$(run xenstore-chmod /vm/a q9 >/dev/null; echo $?)"
check rm "" "$(run xenstore-rm /vm/a)"
run xenstore-exists /vm/a >/dev/null; check rm-gone 1 $?
check rm-t "" "$(run xenstore-write /deep/x/y 1 >/dev/null; run xenstore-rm -t /deep/x/y; run xenstore-ls -f | grep deep)"

# Watches: the first event, then one per change, in a separate client.
run xenstore-watch -n 3 /watched >"$dir/watch.out" &
watcher=$!
for _ in $(seq 50); do [ -s "$dir/watch.out" ] && break; sleep 0.1; done
run xenstore-write /watched/k v >/dev/null
wait "$watcher"
check watch "$(printf '/watched\n/watched\n/watched/k')" "$(cat "$dir/watch.out")"

check control-help "Available commands:" "$(run "$control" help | head -1)"
check control-quota "nodes: 1000" "$(run "$control" quota | grep '^nodes:')"
check control-quota-set "nodes: 77" "$(run "$control" quota set nodes 77 >/dev/null; run "$control" quota | grep '^nodes:')"
check control-bad "3" "$(run "$control" no-such-command >/dev/null; echo $?)"

# A big directory: xenstore-list falls back to DIRECTORY_PART.
args=()
for i in $(seq 1 300); do args+=("/big/a-fairly-long-node-name-$i" ""); done
run xenstore-write "${args[@]}" >/dev/null
check directory-part 300 "$(run xenstore-list /big | wc -l)"

# Xen's own protocol test client (xen-utils-4.17): reads, writes, removes
# and the transaction cases, "ta err" (a conflicting commit) among them.
xstest=/usr/lib/xen-4.17/bin/test-xenstore
if [ -x "$xstest" ]; then
    out=$(timeout 60 "$xstest" 2>&1); status=$?
    if [ "$status" = 0 ]; then echo "PASS xenstored/interop/xen-test-xenstore"
    else echo "FAIL xenstored/interop/xen-test-xenstore: status $status: $(echo "$out" | grep -v ' ns$' | tr '\n' ' ')"; fi
else
    echo "FAIL xenstored/interop/xen-test-xenstore: $xstest missing (run 'make deps': package xen-utils-4.17)"
fi

check pid-file "$pid" "$(cat "$dir/pid")"
check trace-file yes "$([ -s "$dir/trace" ] && echo yes || echo no)"
kill -TERM "$pid"; wait "$pid"; status=$?; pid=
check sigterm-exit 0 "$status"
check socket-removed no "$([ -e "$XENSTORED_RUNDIR/socket" ] && echo yes || echo no)"
