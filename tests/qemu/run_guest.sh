#!/usr/bin/env bash
# Runs one test guest on the hypervisor under QEMU and reports each result
# as a "PASS name" / "FAIL name: why" line. Besides the guest's own TEST
# results it checks that the run ended by itself (no hang: timeout), that
# the guest reached its exit line with status 0, that the hypervisor did not
# panic or fault, and the lines listed in tests/qemu/expect/<guest>.txt.
#
#   run_guest.sh [OPTIONS] GUEST_NAME [OPTIONS] [boot.sh options...]
# OPTIONS (before or after the name): --bare: without the hypervisor,
# directly on the machine (results named GUEST/bare/...). --copies N: N
# domains of the same guest at once, each of which must finish with status
# 0. --also OTHER: one more domain, of guest OTHER, beside them (it must
# finish with status 0 too). --tag TAG: names the results GUEST/.../TAG. --timeout S: the run's
# time limit (default QEMU_TEST_TIMEOUT, else 30 s). The other options go to
# boot.sh. TEST_BUILD_DIR: the build directory (default build).
# When QEMU could not be started (boot.sh's status 2 with its "boot.sh:"
# error in the log) only "FAIL .../boot" is reported, and the status is 1.
set -uo pipefail
cd "$(dirname "$0")/../.."

mode=()
timeout=${QEMU_TEST_TIMEOUT:-30}
suffix=
tag=
copies=1
also=
guest=
boot_args=()
while [ $# -gt 0 ]; do
    case $1 in
        --bare) mode=(--bare); suffix=/bare ;;
        --copies) copies=$2; suffix=/x$2; shift ;;
        --also) also=$2; shift ;;
        --tag) tag=/$2; shift ;;
        --timeout) timeout=$2; shift ;;
        --interactive|--stdin) boot_args+=("$1") ;;
        -*) boot_args+=("$1" "$2"); shift ;;  # boot.sh's other options take a value
        *) if [ -z "$guest" ]; then guest=$1; else boot_args+=("$1"); fi ;;
    esac
    shift
done
[ -n "$guest" ] || { echo "FAIL qemu/run_guest: no guest named"; exit 1; }
[ -n "$also" ] && suffix=$suffix/with-$also
suffix=$suffix$tag
name=$guest$suffix
build=${TEST_BUILD_DIR:-build}
image=$build/guests/$guest.img
mkdir -p "$build/qemu"
log=$build/qemu/${name//\//-}.log

pass() { echo "PASS qemu/$name/$1"; }
fail() { echo "FAIL qemu/$name/$1: $2"; }

# An older run's log must never be read as this run's.
rm -f "$log"
if [ ! -f "$image" ]; then
    fail boot "$image missing (run 'make')"
    exit 1
fi

start=$(date +%s%N)
images=()
for _ in $(seq 1 "$copies"); do images+=("$image"); done
guests=$copies
if [ -n "$also" ]; then
    if [ ! -f "$build/guests/$also.img" ]; then
        fail boot "$build/guests/$also.img missing (run 'make')"
        exit 1
    fi
    images+=("$build/guests/$also.img")
    guests=$((copies + 1))
fi
tests/qemu/boot.sh "${mode[@]}" --timeout "$timeout" --log "$log" "${boot_args[@]}" "${images[@]}"
status=$?
elapsed_ms=$(( ($(date +%s%N) - start) / 1000000 ))
elapsed=$((elapsed_ms / 1000)).$(printf %03d $((elapsed_ms % 1000)))

if [ ! -f "$log" ]; then
    fail boot "boot.sh (status $status) wrote no log $log"
    exit 1
elif [ "$status" = 2 ] && grep -aq '^boot.sh: ' "$log"; then
    fail boot "QEMU not started: $(grep -a '^boot.sh: ' "$log" | head -1)"
    exit 1
fi

case $status in
    0) pass "boot (QEMU powered off by itself after ${elapsed}s)" ;;
    124|137) fail boot "no power-off within ${timeout}s: hung (log: $log)" ;;
    *) fail boot "QEMU exited with status $status (log: $log)" ;;
esac

# The guest's own results, from its console lines "(dN) PASS x".
grep -aoE '(\(d[0-9]+\) )?(PASS|FAIL) [A-Za-z0-9_]+' "$log" | sed -E 's/^\((d[0-9]+)\) /\1 /' |
while read -r a b c; do
    if [ -n "$c" ]; then domain=$a verdict=$b test=$c; else domain= verdict=$a test=$b; fi
    [ "$guests" -gt 1 ] && test="$domain/$test"
    if [ "$verdict" = PASS ]; then pass "$test"; else fail "$test" "see $log"; fi
done

results=$(tr -d '\r' < "$log" | grep -acE '^(.*\(d[0-9]+\) )?(PASS|FAIL) [A-Za-z0-9_]+$')
summaries=$(grep -aoE 'GUEST SUMMARY: [0-9]+ passed, [0-9]+ failed' "$log")
if [ "$(echo -n "$summaries" | grep -c SUMMARY)" != "$guests" ]; then
    fail summary "$(echo -n "$summaries" | grep -c SUMMARY) of $guests guests printed a summary: not all finished (log: $log)"
else
    expected=$(echo "$summaries" | awk '{n += $3 + $5} END {print n}')
    if [ "$expected" = "$results" ] && [ "$results" -gt 0 ]; then pass summary
    else fail summary "$results result lines, summaries say $expected"; fi
fi

exits=$(grep -ac 'GUEST EXIT status=0' "$log")
if [ "$exits" = "$guests" ]; then pass exit-status
else fail exit-status "$exits of $guests guests reached 'GUEST EXIT status=0' (log: $log)"; fi

if [ ${#mode[@]} -gt 0 ]; then
    : # no hypervisor in a bare run
elif grep -aqE 'Panic on CPU|Hyp-mode exception|unexpected exception' "$log"; then
    fail hypervisor-healthy "$(grep -aE 'Panic on CPU|Hyp-mode exception|unexpected exception' "$log" | head -1)"
else
    pass hypervisor-healthy
fi

expect=tests/qemu/expect/$guest.txt
if [ -f "$expect" ] && [ -z "$suffix" ]; then
    while IFS= read -r line; do
        [ -z "$line" ] && continue
        if grep -aqF -- "$line" "$log"; then pass "output: $line"
        else fail "output: $line" "not printed (log: $log)"; fi
    done < "$expect"
fi
