#!/usr/bin/env bash
# Our definitions of the Xen public ABI (hypervisor/include/public) against
# Xen's own headers from Debian's libxen-dev, for arm32: every number in
# tests/abi/layouts.txt is computed on both sides by the armhf cross compiler
# (Xen's in C, ours in C++) as the size of an array symbol, and compared.
set -uo pipefail
cd "$(dirname "$0")/../.."
headers=.cache/libxen-dev/usr/include
work=build/abi
mkdir -p "$work"
if [ ! -d "$headers/xen" ]; then echo "FAIL abi/libxen-dev-headers: $headers missing (run 'make deps')"; exit 1; fi

xen_c=$work/xen_side.c our_cpp=$work/our_side.cpp
{
    echo '#define __XEN_TOOLS__ 1'
    echo '#include <stddef.h>'
    echo '#include <stdint.h>'
    for h in xen.h event_channel.h grant_table.h hvm/hvm_op.h hvm/params.h memory.h platform.h sched.h vcpu.h \
             version.h features.h domctl.h sysctl.h io/xs_wire.h io/console.h; do echo "#include <xen/$h>"; done
} >"$xen_c"
{
    echo '#include <cstddef>'
    for h in xen event_channel grant_table memory shared_info vcpu_sched_hvm version domctl sysctl vcpu_context io_rings; do
        echo "#include \"include/public/$h.hpp\""
    done
} >"$our_cpp"
checks=0
while IFS='|' read -r name theirs ours; do
    name=$(echo "$name" | tr -d ' ')
    case $name in ''|'#'*) continue ;; esac
    echo "const char layout_$name[($theirs) + 1] = {0};" >>"$xen_c"
    echo "extern \"C\" const char layout_$name[($ours) + 1] = {0};" >>"$our_cpp"
    checks=$((checks + 1))
done < tests/abi/layouts.txt

flags=(-march=armv7-a+fp -mfloat-abi=hard -c -O0 -fno-common)
if ! arm-linux-gnueabihf-gcc "${flags[@]}" -isystem "$headers" "$xen_c" -o "$work/xen_side.o" 2>"$work/xen_side.log"; then
    echo "FAIL abi/compile-xen-side: $(grep -m1 error "$work/xen_side.log")"; exit 1
fi
if ! arm-linux-gnueabihf-g++ -std=c++20 "${flags[@]}" -Ihypervisor "$our_cpp" -o "$work/our_side.o" 2>"$work/our_side.log"; then
    echo "FAIL abi/compile-our-side: $(grep -m1 error "$work/our_side.log")"; exit 1
fi
sizes() { # "layout_NAME VALUE" lines (symbol size minus the one we added)
    arm-linux-gnueabihf-nm -S "$1" | grep ' layout_' | while read -r _ size _ sym; do
        echo "$sym $(( 0x$size - 1 ))"
    done | sort
}
sizes "$work/xen_side.o" >"$work/xen.txt"
sizes "$work/our_side.o" >"$work/ours.txt"
mismatches=$(join "$work/xen.txt" "$work/ours.txt" | awk '$2 != $3 {print $1 " (Xen " $2 ", ours " $3 ")"}' | sed 's/^layout_//')
compared=$(join "$work/xen.txt" "$work/ours.txt" | wc -l)
if [ "$compared" != "$checks" ]; then
    echo "FAIL abi/arm32-layouts-match-libxen-dev: compared $compared of $checks numbers"
elif [ -n "$mismatches" ]; then
    echo "FAIL abi/arm32-layouts-match-libxen-dev: $(echo "$mismatches" | tr '\n' ';')"
else
    echo "PASS abi/arm32-layouts-match-libxen-dev ($checks sizes, offsets and constants)"
fi
