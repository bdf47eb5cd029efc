#!/usr/bin/env bash
# Our xenstored's command line against Debian's own C xenstored 4.17 (the
# armhf binary of xen-utils-4.17, run under qemu-arm-static): each daemon is
# started with the same arguments (plus -N -D and a private run directory),
# for every 4.17 option and a few bad ones, and the two must agree on the
# outcome (starts and listens, or exits with which status), on whether a
# FATAL: line is printed and on how many options getopt warned about. One
# PASS/FAIL line per case, then `N passed, N failed`; never skips.
set -uo pipefail
cd "$(dirname "$0")/../.."
CACHE=${CACHE:-.cache}
ours=build/host/bin/xenstored
ref_root=$CACHE/xen-reference
theirs=$ref_root/usr/lib/xen-4.17/bin/xenstored
armhf_libc=/usr/arm-linux-gnueabihf  # libc6-armhf-cross (with g++-arm-linux-gnueabihf)
WAIT=15  # seconds a daemon may take to listen or exit (qemu-user is slow to start)

fail_all() { echo "FAIL xenstored/options: $1"; echo "0 passed, 1 failed"; exit 1; }
[ -x "$ours" ] || fail_all "$ours missing (run 'make host')"
command -v qemu-arm-static >/dev/null || fail_all "qemu-arm-static missing (run 'make deps': package qemu-user-static)"
[ -e "$armhf_libc/lib/ld-linux-armhf.so.3" ] || fail_all "$armhf_libc missing (run 'make deps': package g++-arm-linux-gnueabihf)"
if [ ! -x "$theirs" ]; then
    CACHE=$CACHE tests/bench/fetch_xen_reference.sh >/dev/null 2>&1 ||
        fail_all "cannot fetch Debian's xenstored (tests/bench/fetch_xen_reference.sh: apt-get download of xen-utils-4.17:armhf)"
fi
[ -x "$theirs" ] || fail_all "$theirs missing after tests/bench/fetch_xen_reference.sh"
# Its libxenctrl needs libxentoolcore, which 'make deps' fetches for dom0.
toolcore=$(ls "$CACHE"/debs/libxentoolcore1_*_armhf.deb 2>/dev/null | head -1)
[ -n "$toolcore" ] || fail_all "$CACHE/debs/libxentoolcore1_*_armhf.deb missing (run 'make deps')"

dir=$(mktemp -d /tmp/xenstored-options.XXXXXX)
dpkg-deb -x "$toolcore" "$dir/toolcore" || fail_all "cannot unpack $toolcore"
pid=
started=()
cleanup() {
    [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
    rm -rf "$dir"
}
trap cleanup EXIT
unset XENSTORED_PATH

# exec: started in the background, the function's subshell becomes the
# daemon, so that $! is the daemon's pid and killing it leaves nothing behind.
run_theirs() {
    QEMU_LD_PREFIX=$armhf_libc exec qemu-arm-static \
        -E LD_LIBRARY_PATH="$PWD/$ref_root/usr/lib/arm-linux-gnueabihf:$dir/toolcore/usr/lib/arm-linux-gnueabihf:$armhf_libc/lib" "$PWD/$theirs" "$@"
}
run_ours() { exec "$PWD/$ours" "$@"; }

# start WHO ARGS...: runs one daemon in $dir/WHO with -N -D ARGS; sets
# `outcome` (listening, exit:N or hung) and leaves its stderr in $dir/WHO.err.
start() {
    local who=$1 run=$dir/$1
    shift
    rm -rf "$run"
    mkdir -p "$run"
    XENSTORED_RUNDIR=$run XENSTORED_ROOTDIR=$run "run_$who" -N -D "$@" >"$run.out" 2>"$run.err" &
    pid=$!
    started+=("$pid")
    outcome=hung
    local i
    for ((i = 0; i < WAIT * 10; i++)); do
        if ! kill -0 "$pid" 2>/dev/null; then
            wait "$pid"
            outcome="exit:$?"
            pid=
            return
        fi
        if [ -S "$run/socket" ]; then
            outcome=listening
            break
        fi
        sleep 0.1
    done
    kill "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    pid=
}

# What of stderr must agree: a FATAL line, and how many getopt warnings.
summary() {
    local err=$1
    local fatal=no warnings
    grep -q '^FATAL: ' "$err" && fatal=yes
    warnings=$(grep -cE 'invalid option|unrecognized option|requires an argument|must be unique' "$err")
    echo "$outcome fatal=$fatal warnings=$warnings"
}

passed=0
failed=0
# case NAME ARGS...: both daemons, compared.
case_() {
    local name=$1
    shift
    local args=("${@//@DIR@/$dir}")
    start theirs "${args[@]}"
    local expect
    expect=$(summary "$dir/theirs.err")
    start ours "${args[@]}"
    local got
    got=$(summary "$dir/ours.err")
    if [ "$expect" == "$got" ]; then
        echo "PASS xenstored/options/$name: $got"
        passed=$((passed + 1))
    else
        echo "FAIL xenstored/options/$name: Xen 4.17 [$expect] ours [$got]"
        sed 's/^/    ours: /' "$dir/ours.err" | head -5
        sed 's/^/    xen:  /' "$dir/theirs.err" | head -5
        failed=$((failed + 1))
    fi
}

# Every 4.17 option (xenstored_core.c's table), in its spellings.
case_ no-domain-init          --no-domain-init
case_ entry-nb                -E 50
case_ entry-nb-long           --entry-nb=50
case_ entry-nb-not-a-number   -E abc
case_ pid-file                -F @DIR@/pid
case_ help                    -H
case_ help-long               --help
case_ help-first-wins         -H -Q nodes=100
case_ internal-db             -I
case_ internal-db-off         -Ioff
case_ internal-db-long-off    --internal-db=off
case_ keep-orphans            -K
case_ keep-orphans-long       --keep-orphans
case_ no-fork                 --no-fork
case_ output-pid              -P
case_ entry-size              -S 4096
case_ transaction             -t 5
case_ perm-nb                 -A 8
case_ path-max                -M 100
case_ path-max-over-2048      -M 5000
case_ quota-outstanding       -Q outstanding=30
case_ quota-transaction-nodes -Q transaction-nodes=100
case_ quota-memory            -Q memory=3000000
case_ quota-memory-zero       --quota=memory=0
case_ quota-soft-memory       -q memory=1000
case_ quota-soft-long         --quota-soft memory=1000
case_ trace-file              -T @DIR@/trace
case_ no-recovery             -R
case_ verbose                 -V
case_ watch-nb                -W 50
case_ timeout-watch-event     -w watch-event=30
case_ timeout-long-zero       --timeout watch-event=0
case_ master-domid            --master-domid=0
case_ priv-domid              --priv-domid 0
case_ event                   --event=7
case_ live-update             -U
case_ all-at-once             -E 10 -S 3000 -t 4 -A 6 -M 512 -W 20 -Q outstanding=5 -q memory=100 -w watch-event=1 -K -R -V -Ion

# What 4.17 refuses (FATAL, exit 1) or only warns about.
case_ quota-nodes-unknown     -Q nodes=100
case_ quota-watches-unknown   -Q watches=5
case_ quota-without-value     -Q memory
case_ quota-negative          -Q memory=-1
case_ quota-not-a-number      -Q memory=abc
case_ quota-over-int-max      -Q memory=2147483648
case_ quota-far-over          -q memory=99999999999999999999
case_ quota-far-under         -Q memory=-99999999999999999999
case_ quota-plus-sign         -Q outstanding=+5
case_ quota-empty-value       -Q outstanding=
case_ quota-name-prefix       -Q memoryx=5
case_ quota-soft-outstanding  -q outstanding=5
case_ timeout-without-value   -w watch-event
case_ timeout-unknown         -w foo=1
case_ timeout-not-a-number    -w watch-event=x
case_ fatal-after-warning     -Z -Q nodes=100
case_ unknown-short           -Z
case_ unknown-long            --bogus
case_ lower-h                 -h
case_ missing-argument        -Q
case_ missing-argument-E      -E
case_ short-e-is-unknown      -e 5
case_ internal-db-detached    -I off
case_ stray-argument          stray

# Every daemon this test started is gone: no process is left whose
# environment names one of its run directories.
left=0
for env in /proc/[0-9]*/environ; do
    if tr '\0' '\n' <"$env" 2>/dev/null | grep "^XENSTORED_RUNDIR=$dir/" >/dev/null; then
        left=$((left + 1))
        p=${env#/proc/}
        kill -9 "${p%/environ}" 2>/dev/null
    fi
done
if [ "$left" = 0 ]; then
    echo "PASS xenstored/options/no-daemon-left (${#started[@]} started)"
    passed=$((passed + 1))
else
    echo "FAIL xenstored/options/no-daemon-left: $left of the ${#started[@]} started still ran (killed now)"
    failed=$((failed + 1))
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
