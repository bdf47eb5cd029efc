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

# Failures: the errno our daemon answers decides what each tool prints and
# its exit status, so these must be what Xen's daemon makes them print.
status_of() { run "$@" >/dev/null; echo $?; }
check write-bad-path "xenstore-write: could not write path /bad path" "$(run xenstore-write '/bad path' 1)"
check write-bad-path-status 1 "$(status_of xenstore-write '/bad path' 1)"
check read-missing-status 1 "$(status_of xenstore-read /vm/none)"
check read-some-missing "xenstore-read: couldn't read path /vm/none" "$(timeout "$T" xenstore-read /vm/b /vm/none 2>&1 >/dev/null)"
check read-some-missing-status 1 "$(status_of xenstore-read /vm/b /vm/none)"
check list-missing "xenstore-list: could not list path /vm/none" "$(run xenstore-list /vm/none)"
check list-missing-status 1 "$(status_of xenstore-list /vm/none)"
check ls-missing "xenstore-ls: xs_directory (/vm/none): No such file or directory" "$(run xenstore-ls /vm/none)"
check ls-missing-status 1 "$(status_of xenstore-ls /vm/none)"
check rm-missing-leaf "0" "$(status_of xenstore-rm /vm/none)"
check rm-missing-parent "xenstore-rm: could not remove path /vm/none/x" "$(run xenstore-rm /vm/none/x)"
check rm-missing-parent-status 1 "$(status_of xenstore-rm /vm/none/x)"
check exists-all 0 "$(status_of xenstore-exists /vm /vm/b)"
check exists-one-missing 1 "$(status_of xenstore-exists /vm /vm/none)"
check chmod-missing "xenstore-chmod: Error occurred setting permissions on '/vm/none': No such file or directory" \
    "$(run xenstore-chmod /vm/none n0)"
check chmod-missing-status 1 "$(status_of xenstore-chmod /vm/none n0)"
check chmod-bad-letter "xenstore-chmod: Invalid permission specification: 'q'" "$(run xenstore-chmod /vm/b q9)"
check chmod-recursive '/vm = ""   (n0,r3)' "$(run xenstore-chmod -r /vm n0 r3; run xenstore-ls -fp / | grep '^/vm ')"
check chmod-recursive-child '/vm/b = "two words"   (n0,r3)' "$(run xenstore-ls -fp /vm | grep '^/vm/b ')"
check raw-bytes "$(printf 'a\001b\tc')" "$(run xenstore-write /raw 'a\x01b\tc' >/dev/null; run xenstore-read -R /raw)"
check escaped-read 'a\001b\tc' "$(run xenstore-read /raw)"
check list-prefixed "/vm/b" "$(run xenstore-list -p /vm)"

# Watches: the first event, then one per change, in a separate client.
run xenstore-watch -n 3 /watched >"$dir/watch.out" &
watcher=$!
for _ in $(seq 50); do [ -s "$dir/watch.out" ] && break; sleep 0.1; done
run xenstore-write /watched/k v >/dev/null
wait "$watcher"
check watch "$(printf '/watched\n/watched\n/watched/k')" "$(cat "$dir/watch.out")"
# A relative watch reports relative paths; a removal reports the root.
run xenstore-write rel/k 1 >/dev/null
run xenstore-watch -n 3 rel >"$dir/watch-rel.out" &
watcher=$!
for _ in $(seq 50); do [ -s "$dir/watch-rel.out" ] && break; sleep 0.1; done
run xenstore-write rel/k 2 >/dev/null
run xenstore-rm /local/domain/0/rel >/dev/null
wait "$watcher"
check watch-relative "$(printf 'rel\nrel/k\nrel')" "$(cat "$dir/watch-rel.out")"

check control-help "Available commands:" "$(run "$control" help | head -1)"
check control-quota "nodes: 1000" "$(run "$control" quota | grep '^nodes:')"
check control-quota-set "nodes: 77" "$(run "$control" quota set nodes 77 >/dev/null; run "$control" quota | grep '^nodes:')"
check control-bad "3" "$(run "$control" no-such-command >/dev/null; echo $?)"
check control-check "OK" "$(run "$control" check)"
check control-print "OK" "$(run "$control" print hello-from-interop)"
check control-print-logged yes "$(grep -q hello-from-interop "$dir/log" && echo yes || echo no)"
check control-quota-unknown-domain "Error 2 when trying to execute command." "$(run "$control" quota 42)"
check control-quota-bad-name "3" "$(run "$control" quota set no-such-quota 5 >/dev/null; echo $?)"

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
