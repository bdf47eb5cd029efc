#!/usr/bin/env bash
# Differential test of xl.cfg: random configurations (random_config.py, fixed
# seeds) dry-run by Debian's xl 4.17 and by ours, as in host_xl_oracle_test.sh.
# Where both accept, the JSON must be the same; ours may not accept what
# Debian's refuses; where Debian's accepts silently and ours refuses, the
# reason must be one of our documented stricter rules.
set -uo pipefail
cd "$(dirname "$0")/../.."
seeds=${XL_DIFFERENTIAL_SEEDS:-60} # more: XL_DIFFERENTIAL_SEEDS=1000
work=build/xl-differential
fail_setup() { echo "FAIL xl-differential: $1"; }
. tests/xl/debian_xl.sh
stricter="smaller than \`memory'|maxvcpus < vcpus|can't use \+= with numbers"

agree=0 stricter_count=0 failures=()
for seed in $(seq 1 "$seeds"); do
    cfg=$work/$seed.cfg
    python3 tests/xl/differential/random_config.py "$seed" >"$cfg"
    debian_xl create -n "$cfg" >"$work/real.json" 2>"$work/real.err"
    real_rc=$?
    timeout 20 "$our_xl" create -n "$cfg" >"$work/ours.json" 2>"$work/ours.err"
    our_rc=$?
    if [ $real_rc = 0 ] && [ $our_rc = 0 ]; then
        if arm_json "$work/real.json" | cmp -s - "$work/ours.json"; then agree=$((agree + 1)); else failures+=("$seed: JSON differs"); fi
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
