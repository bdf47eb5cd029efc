#!/usr/bin/env bash
# Our xl against Debian's real xl 4.17 (xen-utils-4.17, installed by make
# deps) as the oracle: both dry-run (`xl create -n`) every configuration in
# tests/xl/oracle/ and Debian's example configurations, and must print the
# same JSON and the same "Parsing config" line. Debian's xl runs without Xen
# through fake_xen_preload.c (Xen 4.17 on the 2-CPU reference machine) and
# our xenstored. Two normalisations only: the random UUIDs (both sides), and
# PV becoming PVH, which Debian's host (x86) xl does not do but an ARM xl
# always does (Debian's side only: ours must print what an ARM xl prints).
set -uo pipefail
cd "$(dirname "$0")/../.."
work=build/xl-oracle
fail() { echo "FAIL xl-oracle/$1: $2"; }
fail_setup() { fail setup "$1"; }
. tests/xl/debian_xl.sh

mask_uuids() { sed -E 's/"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"/"UUID"/' "$@"; }
same_json() { # DEBIAN'S OURS DIFF_FILE
    diff <(arm_json "$1" | mask_uuids) <(mask_uuids "$2") >"$3"
}

configs=(tests/xl/oracle/*.cfg .cache/xen-utils-common/etc/xen/xlexample.*)
for cfg in "${configs[@]}"; do
    name=$(basename "$cfg" .cfg)
    debian_xl create -n "$cfg" \
        >"$work/$name.real.json" 2>"$work/$name.real.err"
    real_rc=$?
    timeout 20 "$our_xl" create -n "$cfg" >"$work/$name.ours.json" 2>"$work/$name.ours.err"
    our_rc=$?
    if [ $real_rc != 0 ]; then
        fail "$name" "Debian's xl failed (exit $real_rc): $(tail -1 "$work/$name.real.err")"
    elif [ $our_rc != 0 ]; then
        fail "$name" "our xl failed (exit $our_rc): $(tail -1 "$work/$name.ours.err")"
    elif ! same_json "$work/$name.real.json" "$work/$name.ours.json" "$work/$name.diff"; then
        fail "$name" "JSON differs: $(grep -m3 '^[<>]' "$work/$name.diff" | tr '\n' ' ')(see $work/$name.diff)"
    elif ! diff <(grep '^Parsing config' "$work/$name.real.err") <(grep '^Parsing config' "$work/$name.ours.err") >/dev/null; then
        fail "$name" "stderr differs: $(head -1 "$work/$name.ours.err")"
    else
        echo "PASS xl-oracle/$name"
    fi
done

# Negative control: Debian's x86 JSON for a PV guest, had our xl printed it,
# must not pass for ours (an ARM xl prints PVH).
ctl=$work/minimal.real.json
if ! grep -q '^        "type": "pv",$' "$ctl"; then
    fail normalisation-control "Debian's xl did not print a PV guest for minimal.cfg (see $ctl)"
elif same_json "$ctl" "$ctl" "$work/control.diff"; then
    fail normalisation-control "x86's \"type\": \"pv\" passes for our output"
else
    echo "PASS xl-oracle/normalisation-control"
fi

# Syntax errors: both refuse the file (exit 1) at the same line and token;
# our message after the token may say more than xl's.
where() { # the "FILE:LINE: config parsing error near `TOKEN'" of each error line
    grep -o "^[^ ]*:[0-9]*: config parsing error near \`.*': " "$1" | sed "s/': $/'/"
}
for cfg in tests/xl/oracle/errors/*.cfg; do
    name=errors/$(basename "$cfg" .cfg)
    out=$work/${name//\//_}
    debian_xl create -n "$cfg" \
        >/dev/null 2>"$out.real.err"
    real_rc=$?
    timeout 20 "$our_xl" create -n "$cfg" >/dev/null 2>"$out.ours.err"
    our_rc=$?
    if [ $real_rc != 1 ] || [ $our_rc != 1 ]; then
        fail "$name" "exit status: Debian's xl $real_rc, ours $our_rc (both should be 1)"
    elif [ -z "$(where "$out.real.err")" ]; then
        fail "$name" "Debian's xl reported no syntax error: $(head -2 "$out.real.err" | tail -1)"
    elif ! diff <(where "$out.real.err") <(where "$out.ours.err") >/dev/null; then
        fail "$name" "Debian's xl: $(where "$out.real.err" | head -1) / ours: $(where "$out.ours.err" | head -1)"
    else
        echo "PASS xl-oracle/$name"
    fi
done

# The command line: for every command of our table, its help, its answer to
# -h, to too few arguments and to an unknown option, and the global options,
# must be Debian's xl's (stdout, stderr and exit status; the program's own
# path, which getopt prints, aside; `xl` alone is left out: Debian's host xl
# lists the x86 commands too). Commands that would run something
# without arguments are left out: top and devd start programs,
# migrate-receive waits on stdin.
run_both() { # NAME ARGS...: compares everything the two print and return
    local name=$1
    shift
    (cd "$work" && debian_xl "$@" \
        >cmd.real.out 2>cmd.real.err </dev/null; echo $? >cmd.real.rc)
    (cd "$work" && timeout 20 "$(realpath "../../$our_xl")" "$@" >cmd.ours.out 2>cmd.ours.err </dev/null; echo $? >cmd.ours.rc)
    for f in out err rc; do sed -i "s|^[^ ]*/xl: |xl: |" "$work/cmd.real.$f" "$work/cmd.ours.$f"; done
    local what=""
    for f in rc out err; do cmp -s "$work/cmd.real.$f" "$work/cmd.ours.$f" || what="$what $f"; done
    if [ -z "$what" ]; then echo "PASS xl-oracle/cmdline/$name"
    else fail "cmdline/$name" "differs in:$what (xl $*; exit $(cat "$work/cmd.real.rc") vs ours $(cat "$work/cmd.ours.rc"))"; fi
}
run_both bad-global-option -Z list
run_both help-as-global-option -h
run_both unknown-command frobnicate
run_both create-without-file create
run_both create-missing-file create /nonexistent/guest.cfg
run_both create-f-needs-argument create -f
minimal=$(realpath tests/xl/oracle/cmdline/fixed.cfg)
run_both create-override-before-file create -n memory=64 "$minimal"
run_both create-two-files create -n "$minimal" "$minimal"
run_both create-file-besides-f create -n -f "$minimal" "$minimal"
run_both create-option-after-file create -n "$minimal" -q
run_both dry-run-refused-by-list -N list
run_both ambiguous-prefix sched-cred
for cmd in $("$our_xl" help | awk '/^ [a-z]/ {print $1}'); do
    case $cmd in top|devd|migrate-receive) continue ;; esac
    run_both "$cmd/help" help "$cmd"
    # These read their own arguments and need a domain or Flask to answer.
    case $cmd in config-update|getenforce|setenforce|loadpolicy) continue ;; esac
    run_both "$cmd/-h" "$cmd" -h
    (cd "$work" && debian_xl "$cmd" -Q1 \
        >/dev/null 2>probe.err </dev/null)
    grep -q "option \`Q' not supported" "$work/probe.err" && run_both "$cmd/unknown-option" "$cmd" -Q1
    (cd "$work" && debian_xl "$cmd" \
        >/dev/null 2>probe.err </dev/null)
    grep -q "requires at least" "$work/probe.err" && run_both "$cmd/too-few-arguments" "$cmd"
done
