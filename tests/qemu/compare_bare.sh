#!/usr/bin/env bash
# A guest that runs both ways must print the same tests with the same
# verdicts on the bare machine as on the hypervisor: compares the two logs
# run_guest.sh left (BUILD/qemu/GUEST.log and GUEST-bare.log).
#   compare_bare.sh GUEST
# TEST_BUILD_DIR: the build directory (default build).
set -uo pipefail
cd "$(dirname "$0")/../.."
guest=$1
build=${TEST_BUILD_DIR:-build}
on_hyp=$build/qemu/$guest.log on_bare=$build/qemu/$guest-bare.log
name="qemu/$guest/bare/same-as-hypervisor"
for log in "$on_hyp" "$on_bare"; do
    [ -s "$log" ] || { echo "FAIL $name: $log missing or empty"; exit 0; }
done
verdicts() { tr -d '\r' <"$1" | grep -aoE '(PASS|FAIL) [A-Za-z0-9_]+$' | grep -v '^FAIL unexpected$'; }
a=$(verdicts "$on_hyp") b=$(verdicts "$on_bare")
if [ -z "$a" ]; then
    echo "FAIL $name: no results in $on_hyp"
elif [ "$a" = "$b" ]; then
    echo "PASS $name ($(echo "$a" | grep -c .) tests)"
else
    echo "FAIL $name: $(diff <(echo "$a") <(echo "$b") | grep -E '^[<>]' | head -3 | tr '\n' ';')"
fi
