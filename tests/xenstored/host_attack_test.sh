#!/usr/bin/env bash
# One hostile guest against the real daemon (quota exhaustion, watch-event
# floods, pipelined and oversized messages, many transactions) while dom0
# and another guest keep working and the daemon's memory stays bounded.
# The daemon runs with -G: without Xen, each introduced domain gets a
# socket standing in for its ring. One PASS/FAIL line per check.
set -uo pipefail
cd "$(dirname "$0")/../.."
daemon=build/host/bin/xenstored
client=build/host/bin/xenstored_attack
max_peak_mib=64  # a guest may queue 2.5 MiB, a socket client 16 MiB

fail_all() { echo "FAIL xenstored/attack: $1"; exit 1; }
[ -x "$daemon" ] || fail_all "$daemon missing (run 'make host')"
[ -x "$client" ] || fail_all "$client missing (run 'make host')"

dir=$(mktemp -d /tmp/xenstored-attack.XXXXXX)
export XENSTORED_PATH=$dir/socket
pid=
cleanup() {
    [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
    rm -rf "$dir"
}
trap cleanup EXIT

"$daemon" -N -D -G -L "$dir/log" &
pid=$!
for _ in $(seq 50); do [ -S "$XENSTORED_PATH" ] && break; sleep 0.1; done
[ -S "$XENSTORED_PATH" ] || fail_all "daemon did not create $XENSTORED_PATH"

start=$(date +%s)
timeout 60 "$client" "$XENSTORED_PATH" "$pid" "$max_peak_mib"
status=$?
[ "$status" -le 1 ] || echo "FAIL xenstored/attack/client: exit status $status"
elapsed=$(( $(date +%s) - start ))
if kill -0 "$pid" 2>/dev/null; then echo "PASS xenstored/attack/daemon-survived (${elapsed}s)"
else echo "FAIL xenstored/attack/daemon-survived: the daemon died"; pid=; fi
