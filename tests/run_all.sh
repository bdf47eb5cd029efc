#!/usr/bin/env bash
# The whole test suite, as tests/manifest.txt lists it: host unit tests
# (GoogleTest), host scripts, every test guest on the hypervisor under QEMU,
# then Debian's kernel as dom0. Ends with one line "N passed, M failed" and
# a non-zero status if anything failed or could not run.
#
# How results are counted (each counted exactly once):
# - A script's "PASS name" / "FAIL name: why" lines. How it ended counts too,
#   everything under a timeout: a script killed (signal, timeout: status
#   124 and above) adds one FAIL line naming it, whatever it printed before;
#   a script that exits 1..123 adds one FAIL line only if it printed no FAIL
#   line of its own (its FAIL lines already say it failed). The PASS lines
#   it printed before dying still count: they passed.
# - A GoogleTest program: each test that finished OK is a pass (not echoed:
#   build/host/PROG.results has every line), each that FAILED or was
#   SKIPPED one FAIL line. A test that started and did not finish (crash,
#   abort, hang: the program runs under a timeout) is one FAIL line; the
#   tests it lists (--gtest_list_tests) that never ran are one more FAIL line;
#   a non-zero status with no FAIL line yet is one FAIL line.
# - The manifest: an entry whose program, script or guest image is missing is
#   a FAIL line; a test program (BUILD/host/bin/*_tests), script
#   (tests/*/*_test.sh) or guest (BUILD/guests/*_test.img) that exists but is
#   not listed is a FAIL line, and it is run with defaults all the same.
#
# Parameters (the runner's self-test, tests/runner/runner_test.sh, uses them):
# RUNNER_ROOT (default: the repository) is the directory the manifest's
# paths are relative to, RUNNER_MANIFEST (default tests/manifest.txt),
# RUNNER_BUILD (default build, relative to RUNNER_ROOT; given to run_guest.sh
# and boot.sh as TEST_BUILD_DIR), RUNNER_UNIT_TIMEOUT and RUNNER_SCRIPT_TIMEOUT
# (seconds, per program / per script or guest run).
set -uo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
root=${RUNNER_ROOT:-$repo}
manifest=${RUNNER_MANIFEST:-$repo/tests/manifest.txt}
cd "$root" || { echo "FAIL runner: no directory $root"; echo "0 passed, 1 failed"; exit 1; }
build=${RUNNER_BUILD:-build}
unit_timeout=${RUNNER_UNIT_TIMEOUT:-600}
script_timeout=${RUNNER_SCRIPT_TIMEOUT:-900}
export TEST_BUILD_DIR=$build

passed=0 failed=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

tally() { # tally FILE: adds FILE's PASS and FAIL lines to the totals
    local p f
    p=$(grep -c '^PASS ' "$1")
    f=$(grep -c '^FAIL ' "$1")
    passed=$((passed + p)) failed=$((failed + f))
}

report() { # report LINE: prints a result line of the runner's own, counted
    printf '%s\n' "$1" >"$tmp/line"
    cat "$tmp/line"
    tally "$tmp/line"
}

ending() { # ending STATUS TIMEOUT SECONDS: how a program under timeout ended, in words
    local status=$1 limit=$2 seconds=$3
    if [ "$status" = 124 ] || { [ "$status" = 137 ] && [ "$seconds" -ge "$limit" ]; }; then
        echo "timed out after ${limit}s"
    elif [ "$status" -gt 128 ]; then
        echo "killed by signal $((status - 128)) ($(kill -l $((status - 128)) 2>/dev/null || echo '?'))"
    else
        echo "exit status $status"
    fi
}

run_script() { # run_script LABEL COMMAND...: its result lines, then how it ended
    local label=$1 start status p f
    shift
    start=$(date +%s)
    timeout -k 10 "$script_timeout" "$@" </dev/null | tee "$tmp/out"
    status=${PIPESTATUS[0]}
    tally "$tmp/out"
    p=$(grep -c '^PASS ' "$tmp/out")
    f=$(grep -c '^FAIL ' "$tmp/out")
    if [ "$status" -ge 124 ] || { [ "$status" != 0 ] && [ "$f" = 0 ]; }; then
        report "FAIL $label: $(ending "$status" "$script_timeout" $(( $(date +%s) - start ))), having printed $p PASS and $f FAIL lines"
    fi
}

run_unit() { # run_unit NAME PROGRAM: a GoogleTest program, see above
    local prog=$1 bin=$2 log=$build/host/$1.log results=$build/host/$1.results start status why
    mkdir -p "$build/host"
    rm -f "$log" "$results"
    if ! timeout -k 5 60 "$bin" --gtest_list_tests </dev/null >"$tmp/list" 2>&1; then
        report "FAIL $prog: cannot list its tests: $(head -c 300 "$tmp/list" | tr '\n' ' ')"
        return
    fi
    start=$(date +%s)
    timeout -k 5 "$unit_timeout" "$bin" --gtest_color=no </dev/null >"$log" 2>&1
    status=$?
    why=$(ending "$status" "$unit_timeout" $(( $(date +%s) - start )))
    # The per-test lines "[       OK ] S.T (N ms)" of the test that is
    # running; the summary's "[  FAILED  ] S.T" lines (no time) repeat them.
    awk -v prog="$prog" -v logfile="$log" -v status="$status" -v why="$why" '
        FNR == NR {
            if ($0 ~ /^[^ ]/) suite = $1
            else if ($0 ~ /^  [^ ]/) { listed[suite $1] = 1; order[++n] = suite $1 }
            next
        }
        /^\[ RUN      \] / { running = $4; next }
        /^\[ +(OK|FAILED|SKIPPED) +\] .* \([0-9]+ ms\)$/ {
            name = $4; sub(/,$/, "", name)
            if (name != running) next
            running = ""
            ran[name] = 1
            if ($2 == "OK") print "PASS " prog "/" name
            else if ($2 == "FAILED") { print "FAIL " prog "/" name ": failed (log: " logfile ")"; fails++ }
            else { print "FAIL " prog "/" name ": skipped (never a silent skip) (log: " logfile ")"; fails++ }
        }
        END {
            if (running != "") {
                print "FAIL " prog "/" running ": did not finish: " why " (log: " logfile ")"; fails++
                ran[running] = 1
            }
            missing = 0
            for (i = 1; i <= n; i++) if (!(order[i] in ran)) { if (!missing++) first = order[i] }
            if (missing) { print "FAIL " prog ": " missing " of " n " tests never ran, first " first " (" why ", log: " logfile ")"; fails++ }
            if (status != 0 && !fails) print "FAIL " prog ": " why " with no failed test (log: " logfile ")"
        }' "$tmp/list" "$log" >"$results" || echo "FAIL $prog: its results could not be read (log: $log)" >>"$results"
    grep '^FAIL ' "$results"
    tally "$results"
    echo "$prog: $(grep -c '^PASS ' "$results") passed, $(grep -c '^FAIL ' "$results") failed (log: $log)"
}

run_guest() { # run_guest NAME [OPTIONS...]: one run of a test guest (run_guest.sh)
    run_script "qemu/$1 ($*)" "$repo/tests/qemu/run_guest.sh" "$@"
}

run_entry() { # run_entry KIND NAME [ARGS...]: one manifest entry
    local kind=$1 name=$2
    shift 2
    case $kind in
        unit)
            if [ -x "$build/host/bin/$name" ]; then run_unit "$name" "$build/host/bin/$name"
            else report "FAIL $name: test program $build/host/bin/$name missing (run 'make')"; fi ;;
        script)
            local path=$name
            [ "${name#/}" = "$name" ] && path=./$name
            if [ -x "$path" ]; then run_script "$name" "$path" "$@"
            else report "FAIL $name: test script missing or not executable"; fi ;;
        guest)
            run_guest "$name" "$@" ;;
        *)
            report "FAIL manifest: unknown kind '$kind' in $manifest" ;;
    esac
}

listed=$tmp/listed  # "KIND NAME" of every entry
: >"$listed"
if [ ! -f "$manifest" ]; then
    report "FAIL manifest: $manifest missing"
else
    # The entries, one a line; the shell's quoting (xargs reads it) lets an
    # argument hold spaces. Lines "== title" are printed as they are.
    while IFS= read -r line <&3; do
        line=${line%%#*}
        [[ $line =~ ^[[:space:]]*$ ]] && continue
        if [[ $line =~ ^[[:space:]]*== ]]; then echo "$line"; continue; fi
        if ! words=$(printf '%s\n' "$line" | xargs printf '%s\n' 2>&1); then
            report "FAIL manifest: cannot read the line '$line': $words"
            continue
        fi
        mapfile -t entry <<<"$words"
        [ ${#entry[@]} -ge 2 ] || { report "FAIL manifest: line '$line' has no name"; continue; }
        echo "${entry[0]} ${entry[1]}" >>"$listed"
        run_entry "${entry[@]}"
    done 3<"$manifest"
fi

# What exists but is not listed: a FAIL, and run with defaults.
unlisted() { # unlisted KIND NAME [DEFAULT ARGS...]
    grep -qxF "$1 $2" "$listed" && return
    [ -n "$header" ] || { echo "== not in the manifest"; header=1; }
    report "FAIL manifest: $1 $2 exists but is not listed in $manifest (run with defaults)"
    run_entry "$@"
}
header=
for f in "$build"/host/bin/*_tests; do [ -e "$f" ] && unlisted unit "$(basename "$f")"; done
for f in tests/*/*_test.sh; do [ -e "$f" ] && unlisted script "$f"; done
for f in "$build"/guests/*_test.img; do [ -e "$f" ] && unlisted guest "$(basename "$f" .img)" --smp 2; done

echo "$passed passed, $failed failed"
[ "$failed" = 0 ] && [ "$passed" -gt 0 ]
