#!/usr/bin/env bash
# The test runner's self-test: runs tests/run_all.sh on small fake trees,
# each with one injected fault, and checks that the run ends red with
# exactly the expected summary line, the expected FAIL lines, and no PASS
# line that is not this run's. One "PASS runner/SCENARIO" or
# "FAIL runner/SCENARIO: why" line per scenario. Needs the misbehaving
# GoogleTest program (tests/runner/fault_gtest.cpp, built by 'make').
set -uo pipefail
cd "$(dirname "$0")/../.."
repo=$(pwd)
fault_gtest=${RUNNER_FAULT_GTEST:-$repo/${TEST_BUILD_DIR:-build}/host/bin/runner_fault_gtest}
if [ ! -x "$fault_gtest" ]; then
    echo "FAIL runner/setup: $fault_gtest missing (run 'make')"
    exit 1
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

tree() { # tree NAME: a fresh fake tree, its manifest empty
    dir=$work/$1
    mkdir -p "$dir/build/host/bin" "$dir/build/guests" "$dir/build/qemu" "$dir/tests"
    : >"$dir/manifest"
}
unit_program() { # unit_program NAME FAULT: build/host/bin/NAME runs the fault program so
    printf '#!/bin/sh\nRUNNER_FAULT=%s exec %q "$@"\n' "$2" "$fault_gtest" >"$dir/build/host/bin/$1"
    chmod +x "$dir/build/host/bin/$1"
}
fake_script() { # fake_script PATH BODY: an executable script in the tree
    mkdir -p "$(dirname "$dir/$1")"
    printf '#!/usr/bin/env bash\n%s\n' "$2" >"$dir/$1"
    chmod +x "$dir/$1"
}
entry() { echo "$*" >>"$dir/manifest"; }

# check SCENARIO STATUS SUMMARY [+PATTERN | -PATTERN | =COUNT:PATTERN]...
# Runs run_all.sh on the tree; its exit status must be STATUS (0 or
# "nonzero"), its last line SUMMARY; +PATTERN must be in the output,
# -PATTERN must not, =N:PATTERN must be on exactly N lines (grep -E).
check() {
    local scenario=$1 want_status=$2 want_summary=$3 status why= n
    shift 3
    RUNNER_ROOT=$dir RUNNER_MANIFEST=$dir/manifest RUNNER_BUILD=$dir/build \
        RUNNER_UNIT_TIMEOUT=${unit_timeout:-20} RUNNER_SCRIPT_TIMEOUT=${script_timeout:-30} \
        "$repo/tests/run_all.sh" >"$dir/output" 2>&1
    status=$?
    if [ "$want_status" = 0 ] && [ $status != 0 ]; then why="exit status $status, expected 0"
    elif [ "$want_status" != 0 ] && [ $status = 0 ]; then why="exit status 0: the run is green"; fi
    if [ "$(tail -n 1 "$dir/output")" != "$want_summary" ]; then
        why="${why:+$why; }summary '$(tail -n 1 "$dir/output")', expected '$want_summary'"
    fi
    for p in "$@"; do
        case $p in
            +*) grep -qE -- "${p#+}" "$dir/output" || why="${why:+$why; }no line matching '${p#+}'" ;;
            -*) ! grep -qE -- "${p#-}" "$dir/output" || why="${why:+$why; }a line matches '${p#-}'" ;;
            =*) p=${p#=}
                n=$(grep -cE -- "${p#*:}" "$dir/output")
                [ "$n" = "${p%%:*}" ] || why="${why:+$why; }$n lines match '${p#*:}', expected ${p%%:*}" ;;
        esac
    done
    if [ -z "$why" ]; then echo "PASS runner/$scenario"
    else
        echo "FAIL runner/$scenario: $why"
        sed 's/^/    | /' "$dir/output" >&2
    fi
}

# All well: the control, green.
tree green
unit_program ok_tests none
fake_script tests/ok_test.sh 'echo "PASS fake/a"; echo "PASS fake/b"'
fake_script tests/args_test.sh '[ "$1" = "two words" ] && echo "PASS fake/args"'
entry unit ok_tests
entry "   # an indented comment; a line of blanks next"
entry "  "
entry "  == a title"
entry script tests/ok_test.sh
entry script tests/args_test.sh '"two words"  # quoted: one argument'
check green 0 "10 passed, 0 failed" "+ok_tests: 7 passed, 0 failed" "+^  == a title" "+^PASS fake/args"

# A failing GoogleTest (one plain, one parameterised): each counted once.
tree gtest-fails
unit_program fail_tests fail
entry unit fail_tests
check gtest-fails nonzero "5 passed, 2 failed" "=1:^FAIL fail_tests/Faults.Injected: failed" \
    "=1:^FAIL fail_tests/Values/Numbers.Small/1: failed" "=2:^FAIL "

# A GoogleTest program that aborts midway: the tests before count, the
# crash is a FAIL, the tests it never ran are a FAIL, and what follows runs.
tree gtest-crash
unit_program crash_tests crash
fake_script tests/after_test.sh 'echo "PASS fake/after-the-crash"'
entry unit crash_tests
entry script tests/after_test.sh
check gtest-crash nonzero "3 passed, 2 failed" \
    "+^FAIL crash_tests/Faults.Injected: did not finish: killed by signal 6" \
    "+^FAIL crash_tests: 4 of 7 tests never ran" "+^PASS fake/after-the-crash" \
    "+crash_tests: 2 passed, 2 failed"

# A program that exits in the middle of a test after one failure.
tree gtest-exit
unit_program exit_tests exit
entry unit exit_tests
check gtest-exit nonzero "2 passed, 2 failed" \
    "+^FAIL exit_tests/Faults.Injected: did not finish: exit status 3" "+^FAIL exit_tests: 4 of 7 tests never ran"

# A hung GoogleTest program: stopped by the timeout, a FAIL.
tree gtest-hang
unit_program hang_tests hang
entry unit hang_tests
unit_timeout=3 check gtest-hang nonzero "2 passed, 2 failed" \
    "+^FAIL hang_tests/Faults.Injected: did not finish: timed out after 3s"

# Scripts that die, hang or fail: the PASS lines they printed count, how
# they ended is one FAIL unless they said FAIL themselves and exited 1..123.
tree scripts
fake_script tests/killed_test.sh 'echo "PASS fake/killed-first"; kill -KILL $$'
fake_script tests/exits_test.sh 'echo "PASS fake/exits-first"; exit 3'
fake_script tests/says_fail_test.sh 'echo "FAIL fake/said: why"; exit 1'
fake_script tests/says_fail_killed_test.sh 'echo "FAIL fake/said-then-killed: why"; kill -KILL $$'
fake_script tests/hangs_test.sh 'echo "PASS fake/hangs-first"; sleep 60'
for s in killed exits says_fail says_fail_killed hangs; do entry script "tests/${s}_test.sh"; done
script_timeout=3 check scripts nonzero "3 passed, 6 failed" \
    "+^FAIL tests/killed_test.sh: killed by signal 9 \(KILL\), having printed 1 PASS and 0 FAIL lines" \
    "+^FAIL tests/exits_test.sh: exit status 3, having printed 1 PASS and 0 FAIL lines" \
    "-^FAIL tests/says_fail_test.sh" "+^FAIL tests/says_fail_killed_test.sh: killed" \
    "+^FAIL tests/hangs_test.sh: timed out after 3s"

# No hypervisor image: run_guest.sh and hyp_fault_test.sh each report that
# QEMU did not start, and nothing of the stale logs an older run left.
tree no-image
head -c 4096 /dev/zero >"$dir/build/guests/fake_test.img"
head -c 4096 /dev/zero >"$dir/build/guests/demo.img"
printf '(d1) PASS stale_guest_check\nGUEST SUMMARY: 1 passed, 0 failed\nGUEST EXIT status=0\n' \
    >"$dir/build/qemu/fake_test.log"
printf '(XEN) Hyp-mode exception: data abort\nThis CPU is stopped\n' >"$dir/build/qemu/hyp_fault.log"
entry guest fake_test --smp 2
entry script "$repo/tests/qemu/hyp_fault_test.sh"
check no-image nonzero "0 passed, 2 failed" \
    "+^FAIL qemu/fake_test/boot: QEMU not started: boot.sh: .*hypervisor.img missing" \
    "+^FAIL qemu/hyp_fault/boot: QEMU not started" "-stale_guest_check" "-^PASS "
if grep -q stale "$dir/build/qemu/fake_test.log" || ! grep -q '^boot.sh: .*missing' "$dir/build/qemu/fake_test.log"; then
    echo "FAIL runner/no-image-log: the guest's log is not this run's boot.sh error"
else
    echo "PASS runner/no-image-log"
fi

# The manifest: entries whose program, script or guest is missing, and a
# program that exists but is not listed (run all the same).
tree manifest
unit_program extra_tests none
entry unit gone_tests
entry script tests/gone_test.sh
entry guest gone_test --smp 2
check manifest nonzero "7 passed, 4 failed" \
    "+^FAIL gone_tests: test program .* missing" "+^FAIL tests/gone_test.sh: test script missing" \
    "+^FAIL qemu/gone_test/boot: .*gone_test.img missing" \
    "+^FAIL manifest: unit extra_tests exists but is not listed" "+extra_tests: 7 passed, 0 failed"

tree no-manifest
rm "$dir/manifest"
check no-manifest nonzero "0 passed, 1 failed" "+^FAIL manifest: .* missing"
