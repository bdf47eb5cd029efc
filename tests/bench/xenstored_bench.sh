#!/usr/bin/env bash
# Benchmarks a xenstore daemon: ours by default (started on a private
# socket), or the one whose socket is given: xenstored_bench.sh [SOCKET] [SECONDS]
set -uo pipefail
cd "$(dirname "$0")/../.."
bench=build/host/bin/xenstored_bench
daemon=build/host/bin/xenstored
[ -x "$bench" ] || { echo "FAIL xenstored_bench: $bench missing (run 'make host')"; exit 1; }
socket=${1:-}
seconds=${2:-1}
pid=
dir=
if [ -z "$socket" ]; then
    [ -x "$daemon" ] || { echo "FAIL xenstored_bench: $daemon missing (run 'make host')"; exit 1; }
    dir=$(mktemp -d /tmp/xenstored-bench.XXXXXX)
    socket=$dir/socket
    XENSTORED_PATH=$socket "$daemon" -N -D -L "$dir/log" &
    pid=$!
    for _ in $(seq 50); do [ -S "$socket" ] && break; sleep 0.1; done
fi
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; [ -n "$dir" ] && rm -rf "$dir"' EXIT
timeout 300 "$bench" "$socket" "$seconds"
