#!/usr/bin/env bash
# `make run` as a user runs it, on a terminal: under a pseudo-terminal
# (script(1), util-linux's, from bsdutils) it must reach dom0's shell prompt,
# run what is typed there (Debian's xenstore-ls against our xenstored; the
# demo: our `xl create -c /etc/xen/demo.cfg` shows the guest booting on its
# console, Ctrl-] comes back to dom0, `xl list` shows it, `xl destroy demo`
# removes it), and end with make's status 0 when `poweroff -f` is typed.
# Every wait is bounded; the whole run is under a timeout.
set -uo pipefail
cd "$(dirname "$0")/../.."
name=e2e/make-run
mkdir -p build/e2e
log=build/e2e/make_run.log
timeout=${MAKE_RUN_TEST_TIMEOUT:-420}
prompt_timeout=${MAKE_RUN_PROMPT_TIMEOUT:-180}

pass() { echo "PASS $name/$1"; }
fail() { echo "FAIL $name/$1: $2"; }
for tool in script timeout; do
    command -v $tool >/dev/null || { fail setup "$tool not found: run 'make deps'"; exit 1; }
done

work=$(mktemp -d)
run=
cleanup() {
    exec 3>&- 2>/dev/null
    if [ -n "$run" ] && kill -0 "$run" 2>/dev/null; then kill "$run" 2>/dev/null; wait "$run" 2>/dev/null; fi
    rm -rf "$work"
}
trap cleanup EXIT
# What we type goes through a FIFO into script, which writes it to the
# terminal make (and QEMU) read. The outer make's variables must not leak
# into this one (a jobserver that is not ours, the test runner's build
# directory: make run names its own).
mkfifo "$work/keys"
rm -f "$log"
env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u TEST_BUILD_DIR \
    timeout -k 10 "$timeout" script -qefc "make --no-print-directory run" /dev/null <"$work/keys" >"$log" 2>&1 &
run=$!
exec 3>"$work/keys"
start=$(date +%s)

screen() { tr -d '\r' <"$log"; }
wait_for() { # wait_for PATTERN SECONDS [FROM_LINE]: PATTERN after line FROM_LINE of the screen
    local deadline=$(( $(date +%s) + $2 ))
    until screen | tail -n +"${3:-1}" | grep -aE -- "$1" >/dev/null; do
        kill -0 "$run" 2>/dev/null || return 1
        [ "$(date +%s)" -lt $deadline ] || return 1
        sleep 0.5
    done
}
type_line() { printf '%s\r' "$1" >&3; }  # Enter on a raw terminal is CR
descendants() { local p; for p in $(pgrep -P "$1"); do echo "$p"; descendants "$p"; done; }
qemu_state() { # e.g. "T" when the terminal stopped it
    local p
    for p in $(descendants "$run"); do
        [ "$(ps -o comm= -p "$p")" = qemu-system-arm ] && ps -o stat= -p "$p"
    done | head -1
}

if ! wait_for '^dom0# ' "$prompt_timeout"; then
    if kill -0 "$run" 2>/dev/null; then
        state=$(qemu_state)
        fail prompt "no 'dom0#' prompt within ${prompt_timeout}s${state:+ (QEMU state $state)} (log: $log)"
    else
        fail prompt "make run ended before dom0's prompt (log: $log)"
    fi
    exit 1
fi
pass "prompt (after $(( $(date +%s) - start ))s)"

# Debian's xenstore-ls against our xenstored, typed at the prompt; the
# arithmetic shows the shell, not the terminal's echo, answered.
sleep 1
mark=$(screen | wc -l)
type_line 'xenstore-ls /local/domain/0 | head -3; echo "listed-$((40+2))"'
if wait_for '^listed-42' 30 "$mark"; then
    answer=$(screen | tail -n +"$((mark + 1))" | sed -n '/^listed-42/q;p' | grep -aE '^ *[A-Za-z0-9_-]+ = ".*"$')
    # Three lines, the first a child of /local/domain/0 itself (no indent).
    if [ "$(printf '%s\n' "$answer" | grep -c .)" = 3 ] && printf '%s\n' "$answer" | head -1 | grep '^[^ ]' >/dev/null; then pass "xenstore-ls ($(printf '%s' "$answer" | tr '\n' ';'))"
    else fail xenstore-ls "expected 3 'key = \"value\"' lines, got: $(screen | tail -n +"$((mark + 1))" | head -8 | tr '\n' '|') (log: $log)"; fi
else
    fail xenstore-ls "the command typed at 'dom0#' did not complete in 30s (log: $log)"
fi

# The demo: the guest's console through our xl, then back to dom0.
mark=$(screen | wc -l)
type_line 'xl create -c /etc/xen/demo.cfg'
if wait_for '^domU: init running' 150 "$mark"; then pass "xl-create-c (the guest's init on its console)"
else fail xl-create-c "no 'domU: init running' from the guest within 150s (log: $log)"; fi
sleep 2
printf '\035' >&3
sleep 2
mark=$(screen | wc -l)
type_line 'xl list; echo "listed-$((40+3))"'
if wait_for '^listed-43' 30 "$mark" && screen | tail -n +"$((mark + 1))" | grep -aE '^demo +[0-9]+ +128 +2 ' >/dev/null; then
    pass "xl-list (the demo guest: 128 MiB, 2 vCPUs)"
else
    fail xl-list "after Ctrl-], no 'demo ... 128 2' line from xl list: $(screen | tail -n +"$((mark + 1))" | head -6 | tr '\n' '|') (log: $log)"
fi
mark=$(screen | wc -l)
type_line 'xl destroy demo; xl list | grep -c "^demo " ; echo "destroyed-$((40+4))"'
if wait_for '^destroyed-44' 60 "$mark" && screen | tail -n +"$((mark + 1))" | grep -ax '0' >/dev/null; then pass xl-destroy
else fail xl-destroy "the demo guest is still listed after xl destroy: $(screen | tail -n +"$((mark + 1))" | head -6 | tr '\n' '|') (log: $log)"; fi

type_line 'poweroff -f'
deadline=$(( $(date +%s) + 60 ))
while kill -0 "$run" 2>/dev/null && [ "$(date +%s)" -lt $deadline ]; do sleep 0.5; done
if kill -0 "$run" 2>/dev/null; then
    fail poweroff "make run still running 60s after 'poweroff -f' (log: $log)"
    exit 1
fi
wait "$run"
status=$?
run=
if [ $status = 0 ] && screen | grep -aE '(Hardware domain shut down|all domains have shut down): powering off' >/dev/null; then
    pass "poweroff (make exited with status 0)"
else
    fail poweroff "make exited with status $status (124: timed out) (log: $log)"
fi
