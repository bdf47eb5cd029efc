#!/usr/bin/env bash
# Differential test of xl.cfg: random configurations (random_config.py, fixed
# seeds) dry-run by Debian's xl 4.17 and by ours, as in host_xl_oracle_test.sh.
# Where both accept, the JSON must be the same; ours may not accept what
# Debian's refuses; where Debian's accepts silently and ours refuses, the
# reason must be one of our documented stricter rules.
set -uo pipefail
cd "$(dirname "$0")/../.."
seeds=${XL_DIFFERENTIAL_SEEDS:-60} # more: XL_DIFFERENTIAL_SEEDS=1000
real_xl=/usr/lib/xen-4.17/bin/xl
our_xl=build/host/bin/xl
xenstored=build/host/bin/xenstored
work=build/xl-differential
mkdir -p "$work"
for f in "$real_xl" "$our_xl" "$xenstored"; do
    [ -x "$f" ] || { echo "FAIL xl-differential: $f missing (run 'make deps' and 'make host')"; exit 1; }
done
gcc -shared -fPIC -o "$work/fake_xen.so" tests/xl/fake_xen_preload.c -ldl || { echo "FAIL xl-differential: fake Xen"; exit 1; }
socket=$(mktemp -u /tmp/xl-differential-xenstored.XXXXXX)
XENSTORED_PATH=$socket "$xenstored" -N -D -L "$work/xenstored.log" &
pid=$!
trap 'kill $pid 2>/dev/null; rm -f "$socket"' EXIT
for _ in $(seq 50); do [ -S "$socket" ] && break; sleep 0.1; done
stricter="smaller than \`memory'|maxvcpus < vcpus|can't use \+= with numbers"

agree=0 stricter_count=0 failures=()
for seed in $(seq 1 "$seeds"); do
    cfg=$work/$seed.cfg
    python3 tests/xl/differential/random_config.py "$seed" >"$cfg"
    XENSTORED_PATH=$socket LD_PRELOAD=$(realpath "$work/fake_xen.so") timeout 20 "$real_xl" create -n "$cfg" \
        >"$work/real.json" 2>"$work/real.err"
    real_rc=$?
    timeout 20 "$our_xl" create -n "$cfg" >"$work/ours.json" 2>"$work/ours.err"
    our_rc=$?
    sed -i 's/^\(        "type": \)"pv"/\1"pvh"/; s/"type\.pv":/"type.pvh":/' "$work/real.json"
    if [ $real_rc = 0 ] && [ $our_rc = 0 ]; then
        if cmp -s "$work/real.json" "$work/ours.json"; then agree=$((agree + 1)); else failures+=("$seed: JSON differs"); fi
    elif [ $our_rc = 0 ]; then
        failures+=("$seed: Debian's xl refuses ($(grep -v '^Parsing' "$work/real.err" | head -1)), ours accepts")
    elif [ $real_rc != 0 ] || grep -vq '^Parsing' "$work/real.err"; then
        agree=$((agree + 1)) # both refuse, or Debian's only accepts with a warning
    elif grep -Eq "$stricter" "$work/ours.err"; then
        stricter_count=$((stricter_count + 1))
    else
        failures+=("$seed: Debian's xl accepts, ours refuses: $(grep -v '^Parsing' "$work/ours.err" | head -1)")
    fi
done
if [ ${#failures[@]} = 0 ]; then
    echo "PASS xl-differential ($seeds random configurations: $agree agree, $stricter_count refused by our stricter rules)"
else
    echo "FAIL xl-differential: ${#failures[@]} of $seeds differ (configs in $work): ${failures[*]:0:3}"
fi
