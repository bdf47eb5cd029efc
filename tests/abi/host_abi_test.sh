#!/usr/bin/env bash
# Our definitions of binary interfaces against the real headers, for arm32:
# every number in a layouts file is computed on both sides by the armhf cross
# compiler (theirs in C, ours in C++) as the size of an array symbol, and
# compared. Two suites:
#  - the Xen public ABI (hypervisor/include/public) against Debian's
#    libxen-dev headers (tests/abi/layouts.txt);
#  - the ioctls of Linux's Xen devices (libxc/linux_ioctls.hpp) against the
#    kernel's uapi headers of the armhf toolchain (tests/abi/linux_ioctls.txt).
set -uo pipefail
cd "$(dirname "$0")/../.."
work=build/abi
mkdir -p "$work"
flags=(-march=armv7-a+fp -mfloat-abi=hard -c -O0 -fno-common)

sizes() { # "layout_NAME VALUE" lines (symbol size minus the one we added)
    arm-linux-gnueabihf-nm -S "$1" | grep ' layout_' | while read -r _ size _ sym; do
        echo "$sym $(( 0x$size - 1 ))"
    done | sort
}

# check SUITE LAYOUTS THEIR_PROLOGUE OUR_PROLOGUE [C flags...]
check() {
    local suite=$1 layouts=$2 their_c=$work/$1_theirs.c our_cpp=$work/$1_ours.cpp
    shift 2
    echo "$1" >"$their_c"
    echo "$2" >"$our_cpp"
    shift 2
    local checks=0 name theirs ours
    while IFS='|' read -r name theirs ours; do
        name=$(echo "$name" | tr -d ' ')
        case $name in ''|'#'*) continue ;; esac
        echo "const char layout_$name[($theirs) + 1] = {0};" >>"$their_c"
        echo "extern \"C\" const char layout_$name[($ours) + 1] = {0};" >>"$our_cpp"
        checks=$((checks + 1))
    done <"$layouts"
    if ! arm-linux-gnueabihf-gcc "${flags[@]}" "$@" "$their_c" -o "$work/$suite.theirs.o" 2>"$work/$suite.theirs.log"; then
        echo "FAIL abi/$suite/compile-theirs: $(grep -m1 error "$work/$suite.theirs.log")"; return
    fi
    if ! arm-linux-gnueabihf-g++ -std=c++20 "${flags[@]}" -Ihypervisor -Ilibxc "$our_cpp" -o "$work/$suite.ours.o" \
        2>"$work/$suite.ours.log"; then
        echo "FAIL abi/$suite/compile-ours: $(grep -m1 error "$work/$suite.ours.log")"; return
    fi
    sizes "$work/$suite.theirs.o" >"$work/$suite.theirs.txt"
    sizes "$work/$suite.ours.o" >"$work/$suite.ours.txt"
    local joined mismatches compared
    joined=$(join "$work/$suite.theirs.txt" "$work/$suite.ours.txt")
    mismatches=$(echo "$joined" | awk '$2 != $3 {print $1 " (theirs " $2 ", ours " $3 ")"}' | sed 's/^layout_//')
    compared=$(echo "$joined" | grep -c .)
    if [ "$compared" != "$checks" ]; then
        echo "FAIL abi/$suite: compared $compared of $checks numbers"
    elif [ -n "$mismatches" ]; then
        echo "FAIL abi/$suite: $(echo "$mismatches" | tr '\n' ';')"
    else
        echo "PASS abi/$suite ($checks sizes, offsets and constants)"
    fi
}

# 1. Xen's public headers.
headers=.cache/libxen-dev/usr/include
if [ ! -d "$headers/xen" ]; then
    echo "FAIL abi/arm32-layouts-match-libxen-dev: $headers missing (run 'make deps')"
else
    xen_prologue='#define __XEN_TOOLS__ 1
#include <stddef.h>
#include <stdint.h>'
    for h in xen.h event_channel.h grant_table.h hvm/hvm_op.h hvm/params.h memory.h platform.h sched.h vcpu.h \
             version.h features.h domctl.h sysctl.h io/xs_wire.h io/console.h; do
        xen_prologue+=$'\n'"#include <xen/$h>"
    done
    our_prologue='#include <cstddef>'
    for h in xen event_channel grant_table memory shared_info vcpu_sched_hvm version domctl sysctl vcpu_context \
             io_rings; do
        our_prologue+=$'\n'"#include \"include/public/$h.hpp\""
    done
    check arm32-layouts-match-libxen-dev tests/abi/layouts.txt "$xen_prologue" "$our_prologue" -isystem "$headers"
fi

# 2. Linux's uapi headers. They include a kernel-internal header for three
# types, which on ARM are 16-bit domain ids, 64-bit frame numbers and 32-bit grant refs.
stub=$work/linux-stub/xen/interface
mkdir -p "$stub"
printf '#include <stdint.h>\ntypedef uint16_t domid_t;\ntypedef uint64_t xen_pfn_t;\ntypedef uint32_t grant_ref_t;\n' >"$stub/xen.h"
linux_prologue='#include <stddef.h>
#include <sys/ioctl.h>
#include <xen/privcmd.h>
#include <xen/evtchn.h>
#include <xen/gntdev.h>'
check linux-xen-ioctls tests/abi/linux_ioctls.txt "$linux_prologue" \
    $'#include <cstddef>\n#include "linux_ioctls.hpp"\nnamespace L = xc::linux_abi;' -I"$work/linux-stub"
