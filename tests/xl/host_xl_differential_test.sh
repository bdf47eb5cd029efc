#!/usr/bin/env bash
# Differential test of xl.cfg: random configurations (random_config.py, fixed
# seeds) dry-run by Debian's xl 4.17 and by ours, as in host_xl_oracle_test.sh.
# Where both accept, the JSON must be the same and so must the warnings, but
# for the known differences named below; ours may not accept what Debian's
# refuses; where Debian's accepts and ours refuses, the refusal must be one of
# our documented stricter rules (README), with Debian's warning for it.
set -uo pipefail
cd "$(dirname "$0")/../.."
seeds=${XL_DIFFERENTIAL_SEEDS:-60} # more: XL_DIFFERENTIAL_SEEDS=1000
work=build/xl-differential
fail_setup() { echo "FAIL xl-differential: $1"; }
. tests/xl/debian_xl.sh

# Our stricter rules (README "Stricter than Xen's xl"): where Debian's xl
# warns (or says nothing) and goes on, ours refuses. Each: a name, our error
# line (ERE, groups: file:line and key where there are), and Debian's line for
# the same setting (printf format of those groups; empty: Debian is silent).
rule_names=() rule_ours=() rule_debian=()
rule() { rule_names+=("$1"); rule_ours+=("$2"); rule_debian+=("$3"); }
rule plus-equals-on-number "^(.*:[0-9]+): \`([a-z_]+)': can't use \+= with numbers$" \
    "%s: warning: can't use += with numbers for parameter \`%s'"
rule list-for-number "^(.*:[0-9]+): \`([a-z_]+)' is a list but should be a number$" \
    "%s: warning: parameter \`%s' is a list but should be a single value"
rule non-number-for-number "^(.*:[0-9]+): \`([a-z_]+)' must be a number, not \".*\"$" \
    "%s: warning: parameter \`%s' is not a valid number"
rule maxmem-below-memory "^.*:[0-9]+: \`maxmem' is smaller than \`memory'$" ""
rule vif-bad-mac "^.*:[0-9]+: vif [0-9]+ \(.*\): invalid mac address '.*' \(.*\)$" "Invalid parameter \`mac'."
rule channel-unknown-parameter "^.*:[0-9]+: channel [0-9]+ \(.*\): unknown channel parameter '([a-z_]+)'$" \
    "unknown channel parameter '%s', ignoring"
rule irqs-not-spi "^.*:[0-9]+: \`irqs': \"[0-9]+\" is not an SPI number \(32-1019\)$" ""

# What Debian's xl prints and ours does not, where both accept: each a name
# and Debian's line (ERE). Nothing else is excused.
known_names=()
known_debian=()

warnings() { grep -v '^Parsing config from ' "$1"; }
# STRICTER_RULE OUR_ERRORS DEBIAN_ERRORS: the name of the stricter rule our
# first error is, if Debian printed what that rule says it prints.
stricter_rule() {
    local ours debian i want
    ours=$(warnings "$1" | head -1)
    debian=$(warnings "$2")
    for i in "${!rule_names[@]}"; do
        [[ $ours =~ ${rule_ours[$i]} ]] || continue
        if [ -z "${rule_debian[$i]}" ]; then
            [ -z "$debian" ] && echo "${rule_names[$i]}"
        else
            # shellcheck disable=SC2059 # the rule's format
            want=$(printf "${rule_debian[$i]}" "${BASH_REMATCH[@]:1}")
            grep -Fxq -- "$want" <<<"$debian" && echo "${rule_names[$i]}"
        fi
        return
    done
}
# KNOWN_DIFFERENCE LINE: the name of the known difference LINE (Debian's) is.
known_difference() {
    local i
    for i in "${!known_names[@]}"; do
        [[ $1 =~ ${known_debian[$i]} ]] && { echo "${known_names[$i]}"; return; }
    done
}

# Negative controls of the classification: a refusal that is no rule, one
# whose Debian warning names another key, and an unknown Debian warning.
printf 'Parsing config from x.cfg\nx.cfg:4: `memory'"'"': can'"'"'t use += with numbers\n' >"$work/ctl.ours"
printf 'x.cfg:4: warning: can'"'"'t use += with numbers for parameter `vcpus'"'"'\n' >"$work/ctl.real"
printf 'x.cfg:4: `memory'"'"' is somehow wrong\n' >"$work/ctl.other"
if [ -n "$(stricter_rule "$work/ctl.ours" "$work/ctl.real")" ] ||
    [ -n "$(stricter_rule "$work/ctl.other" /dev/null)" ] ||
    [ -n "$(known_difference 'x.cfg:3: warning: parameter `memory'"'"' is not a valid number')" ]; then
    echo "FAIL xl-differential/classification-controls: an unlisted difference was excused"
else
    echo "PASS xl-differential/classification-controls"
fi

agree=0 both_refuse=0 stricter_count=0 failures=()
declare -A stricter_by_rule=() known_by_name=()
for seed in $(seq 1 "$seeds"); do
    cfg=$work/$seed.cfg
    python3 tests/xl/differential/random_config.py "$seed" >"$cfg"
    debian_xl create -n "$cfg" >"$work/real.json" 2>"$work/real.err"
    real_rc=$?
    timeout 20 "$our_xl" create -n "$cfg" >"$work/ours.json" 2>"$work/ours.err"
    our_rc=$?
    if [ $real_rc = 0 ] && [ $our_rc = 0 ]; then
        if ! arm_json "$work/real.json" | cmp -s - "$work/ours.json"; then failures+=("$seed: JSON differs"); continue; fi
        # The warnings: each of Debian's that ours lacks must be a known difference; ours has none of its own.
        bad=""
        while IFS= read -r line; do
            [ -z "$line" ] && continue
            known=$(known_difference "$line")
            if [ -n "$known" ]; then known_by_name[$known]=$((${known_by_name[$known]:-0} + 1))
            else bad="Debian's xl warns '$line', ours does not"; fi
        done < <(diff <(warnings "$work/real.err") <(warnings "$work/ours.err") | sed -n 's/^< //p')
        extra=$(diff <(warnings "$work/real.err") <(warnings "$work/ours.err") | sed -n 's/^> //p' | head -1)
        [ -n "$extra" ] && bad="ours warns '$extra', Debian's xl does not"
        if [ -n "$bad" ]; then failures+=("$seed: $bad"); else agree=$((agree + 1)); fi
    elif [ $our_rc = 0 ]; then
        failures+=("$seed: Debian's xl refuses ($(warnings "$work/real.err" | head -1)), ours accepts")
    elif [ $real_rc != 0 ]; then
        both_refuse=$((both_refuse + 1))
    else
        rule=$(stricter_rule "$work/ours.err" "$work/real.err")
        if [ -n "$rule" ]; then
            stricter_count=$((stricter_count + 1))
            stricter_by_rule[$rule]=$((${stricter_by_rule[$rule]:-0} + 1))
        else
            failures+=("$seed: Debian's xl accepts ($(warnings "$work/real.err" | head -1 || true)), ours refuses: $(warnings "$work/ours.err" | head -1)")
        fi
    fi
done
summary() { # ASSOCIATIVE_ARRAY_NAME: "name n, name n"
    local -n counts=$1
    local k out=""
    for k in $(printf '%s\n' "${!counts[@]}" | sort); do out="$out${out:+, }$k ${counts[$k]}"; done
    echo "${out:-none}"
}
if [ ${#failures[@]} = 0 ]; then
    echo "PASS xl-differential ($seeds random configurations: $agree agree (known differences: $(summary known_by_name))," \
        "$both_refuse refused by both, $stricter_count refused by our stricter rules: $(summary stricter_by_rule))"
else
    echo "FAIL xl-differential: ${#failures[@]} of $seeds differ (configs in $work): ${failures[*]:0:3}"
fi
