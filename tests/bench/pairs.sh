# shellcheck shell=bash
# Sourced by the benchmarks that alternate boots of ours and of Xen 4.17:
# each pair's figures are recorded, then each figure's medians and the
# median of the per-pair ratios ours/Xen with its spread (under emulation
# one run scatters widely; alternated pairs do not).
median() { sort -n | awk '{v[NR]=$1} END {if (NR) print v[int((NR+1)/2)]; else print 0}'; }

declare -A pair_ours pair_theirs pair_ratios

record_pair() { # record_pair "FIGURE..." "OURS..." "XEN'S...": one pair of boots, a value per figure
    local -a names av bv
    read -r -a names <<<"$1"
    read -r -a av <<<"$2"
    read -r -a bv <<<"$3"
    local k
    for k in "${!names[@]}"; do
        pair_ours[${names[$k]}]+="${av[$k]} "
        pair_theirs[${names[$k]}]+="${bv[$k]} "
        pair_ratios[${names[$k]}]+="$(awk -v x="${av[$k]}" -v y="${bv[$k]}" 'BEGIN {printf "%.3f", (y > 0 ? x / y : 0)}') "
    done
}

pair_summary() { # pair_summary FIGURE: "OURS XEN RATIO LOW HIGH" over the pairs recorded
    local o t r lo hi
    o=$(tr ' ' '\n' <<<"${pair_ours[$1]}" | grep . | median)
    t=$(tr ' ' '\n' <<<"${pair_theirs[$1]}" | grep . | median)
    r=$(tr ' ' '\n' <<<"${pair_ratios[$1]}" | grep . | median)
    lo=$(tr ' ' '\n' <<<"${pair_ratios[$1]}" | grep . | sort -n | head -1)
    hi=$(tr ' ' '\n' <<<"${pair_ratios[$1]}" | grep . | sort -n | tail -1)
    echo "$o $t $r $lo $hi"
}
