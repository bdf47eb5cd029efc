# Sourced by the end-to-end tests that boot dom0 into a scenario of Debian's
# Xen tools (xl_test.sh, xl_create_test.sh): PASS/FAIL lines and the
# summary, one boot of dom0 with its verdict, the daemons dom0's init
# starts, a scenario's own "PREFIX PASS/FAIL" lines, and the no-crash check.
# The caller sets name, log, image, kernel, initrd, timeout, cpus, ram_mib
# and dom0_mib first.
passed=0 failed=0
pass() { echo "PASS $name/$1"; passed=$((passed + 1)); }
fail() { echo "FAIL $name/$1: $2"; failed=$((failed + 1)); }
summary() { echo "$passed passed, $failed failed"; [ "$failed" = 0 ]; exit; }

require_files() { # the kernel, the initramfs and the hypervisor, or a setup failure
    local f
    for f in "$kernel" "$initrd" "$image"; do
        [ -e "$f" ] || { fail setup "$f missing: run 'make' (it fetches Debian's kernel and Xen tools)"; summary; }
    done
}

boot_dom0() { # boot_dom0 DOM0_ARGS: one boot under its timeout, logged, and its verdict
    local start status took
    start=$(date +%s)
    tests/qemu/boot.sh --timeout "$timeout" --smp "$cpus" --ram "$ram_mib" \
        --bootargs "console=dtuart dom0_mem=${dom0_mib}M" --dom0 "$kernel" --initrd "$initrd" \
        --dom0-args "$1" >"$log" 2>&1
    status=$?
    took=$(($(date +%s) - start))
    if [ "$status" = 124 ] || [ "$status" = 137 ]; then
        fail boot "TIMED OUT after ${took}s (QEMU status $status; last line: $(tr -d '\r' <"$log" | grep -a . | tail -1)) (log: $log)"
    elif [ "$status" != 0 ]; then
        fail boot "QEMU status $status after ${took}s (log: $log)"
    else
        pass "boot-and-poweroff (${took}s)"
    fi
}

first() { tr -d '\r' <"$log" | grep -aE -m1 -- "$1"; }
check() { # check LABEL PATTERN [FAILURE_PATTERN]: a failure line, if there is one, is the reason
    if [ -n "$(first "$2")" ]; then pass "$1"; return; fi
    local why=
    [ -n "${3:-}" ] && why=$(first "$3")
    fail "$1" "${why:-no line matching '$2'} (log: $log)"
}

check_xen_daemons() { # what dom0's init starts after xenstored, as Debian's init scripts
    check xen-init-dom0 '^dom0: xen-init-dom0 done' '^dom0: xen-init-dom0 failed'
    check xenconsoled '^dom0: xenconsoled started, pid [0-9]+' '^dom0: xenconsoled failed'
}

scenario_verdicts() { # scenario_verdicts PREFIX CHECKS_NAME [SUBNAME/]: "PREFIX PASS/FAIL name" lines, then its summary line
    local line t sub=${3:-}
    while read -r line; do
        case $line in
            "$1 PASS "*) pass "$sub${line#"$1" PASS }" ;;
            "$1 FAIL "*) t=${line#"$1" FAIL }; fail "$sub${t%%: *}" "${t#*: }" ;;
        esac
    done < <(tr -d '\r' <"$log" | grep -aE "^$1 (PASS|FAIL) ")
    check "$sub$2-complete" "^$1 SUMMARY: [0-9]+ passed, [0-9]+ failed"
}

no_crash() { # no-crash (tests/e2e/crash_patterns.sh)
    # The lines about d0 are our hypervisor's words: another one
    # (HYPERVISOR_IMAGE) is held to the crash patterns only (Xen says
    # "d0v0: vGICD: unhandled word write ..." about a dom0 it runs well).
    . tests/e2e/crash_patterns.sh
    local found label
    if [ -n "${HYPERVISOR_IMAGE:-}" ]; then
        found=$(tr -d '\r' <"$log" | grep -aE -- "$crash")
        label="no-crash (crash patterns only: $(basename "$image"))"
    else
        found=$(complaints "$log")
        label=no-crash
    fi
    if [ -n "$found" ]; then
        fail no-crash "$(head -1 <<<"$found") ($(wc -l <<<"$found") lines, log: $log)"
    else
        pass "$label"
    fi
}
