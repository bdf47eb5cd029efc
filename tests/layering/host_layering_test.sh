#!/usr/bin/env bash
# Which code may include which (README.md, "Layout"):
#  - the leaf library the hypervisor's boot-time builder and libxc share,
#    hypervisor/shared/guest_platform/, includes only its own files, the ABI
#    (hypervisor/include/public/) and headers a freestanding build has: no
#    hypervisor code (boot/, core/, mm/, lib/ ...), no libxc, no C library;
#  - userland (libxc/, xenstored/, xl/, toolstack/) includes no hypervisor
#    code: from hypervisor/ only include/public/ and shared/guest_platform/,
#    and its build files compile no hypervisor source outside shared/.
# Each rule is first tried on a planted violation (the check must catch it),
# then on the tree. One PASS or FAIL line a rule.
set -uo pipefail
cd "$(dirname "$0")/../.."

LEAF=hypervisor/shared/guest_platform
USERLAND=(libxc xenstored xl toolstack)
USERLAND_BUILD_FILES=(libxc/CMakeLists.txt xl/CMakeLists.txt xenstored/CMakeLists.txt xenstored/xenstored.mk
    configs/dom0/dom0.mk configs/domu/domu.mk)
# The hypervisor's top-level code directories (not include/, not shared/).
HV_CODE='boot|core|mm|lib|arch|drivers|xen'
# Standard headers the hypervisor's freestanding build can take (no <cstring>,
# <string>, <algorithm>, <cstdlib>: they need the C library).
FREESTANDING=" cstddef cstdint cstdarg climits initializer_list type_traits limits new compare concepts bit
    utility optional span atomic array "

failed=0
pass() { echo "PASS layering/$1"; }
fail() { echo "FAIL layering/$1: $2"; failed=1; }

includes() { # includes FILE...: "FILE:LINE:TARGET" (TARGET "x" or <x>) of each #include
    [ $# -gt 0 ] || return 0
    grep -HnE '^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"]' "$@" 2>/dev/null |
        sed -E 's/^([^:]*):([0-9]+):[[:space:]]*#[[:space:]]*include[[:space:]]*([<"][^>"]*[>"]).*/\1:\2:\3/'
}

leaf_violations() { # leaf_violations ROOT: one line per include the leaf library may not have
    local root=$1 file line target path
    includes $(find "$root/$LEAF" -name '*.[ch]pp' -o -name '*.h' | sort) | while IFS=: read -r file line target; do
        path=${target:1:${#target}-2}
        case $target in
            \<*) [[ $FREESTANDING == *" $path "* ]] ||
                     echo "${file#$root/}:$line: $target (not a freestanding header)" ;;
            *) if [[ $path == *..* ]]; then echo "${file#$root/}:$line: $target (a path out of the library)"
               elif [[ $path == include/public/* || $path == shared/guest_platform/* ]]; then :
               elif [[ $path == */* || ! -e $(dirname "$file")/$path ]]; then
                   echo "${file#$root/}:$line: $target (neither its own file nor include/public/)"
               fi ;;
        esac
    done
}

userland_violations() { # userland_violations ROOT: includes of hypervisor code, and its sources in build files
    local root=$1 file line target path dir
    local dirs=()
    for dir in "${USERLAND[@]}"; do [ -d "$root/$dir" ] && dirs+=("$root/$dir"); done
    [ ${#dirs[@]} -gt 0 ] || return 0
    includes $(find "${dirs[@]}" -name '*.[ch]pp' -o -name '*.h' | sort) | while IFS=: read -r file line target; do
        [[ $target == \"* ]] || continue
        path=${target:1:${#target}-2}
        while [[ $path == ../* ]]; do path=${path#../}; done
        path=${path#hypervisor/}
        if [[ $path =~ ^($HV_CODE)/ ]] || [[ $path == include/* && $path != include/public/* ]] ||
            [[ $path == shared/* && $path != shared/guest_platform/* ]]; then
            echo "${file#$root/}:$line: $target (hypervisor code)"
        fi
    done
    for file in "${USERLAND_BUILD_FILES[@]}"; do
        [ -f "$root/$file" ] || continue
        grep -HnE "(hypervisor|\\\$\{HV\}|\\\$\(HV[A-Z_]*\))/($HV_CODE)/" "$root/$file" |
            sed -E "s|^$root/||; s|$| (compiles hypervisor code)|"
    done
}

# check RULE FUNCTION PLANTED: the planted tree must show exactly PLANTED
# violations (the check works), the repository none.
check() {
    local rule=$1 fn=$2 planted=$3 found
    found=$($fn "$tmp" | wc -l)
    if [ "$found" != "$planted" ]; then
        fail "$rule" "the check found $found of the $planted planted violations: $($fn "$tmp" | tr '\n' ';')"
        return
    fi
    found=$($fn "$PWD")
    if [ -n "$found" ]; then fail "$rule" "$(printf '%s' "$found" | tr '\n' ';' | sed 's/;/; /g')"
    else pass "$rule"; fi
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/$LEAF" "$tmp/libxc" "$tmp/xl/cli" "$tmp/configs/dom0"
cat >"$tmp/$LEAF/planted.cpp" <<'CPP'
#include "planted.hpp"
#include "include/public/xen.hpp"
#include <cstdint>
#include "boot/fdt.hpp"
#include "../../lib/format.hpp"
#include <cstring>
#include "guest_layout.hpp"
CPP
touch "$tmp/$LEAF/planted.hpp"
cat >"$tmp/xl/cli/planted.cpp" <<'CPP'
#include "include/public/xen.hpp"
#include "shared/guest_platform/guest_dtb.hpp"
#include "config/parser.hpp"
#include "core/domain.hpp"
#include "../hypervisor/mm/address.hpp"
#include "include/arch.hpp"
CPP
printf 'SOURCES := libxc/a.cpp hypervisor/lib/status.cpp\nOK := hypervisor/shared/guest_platform/x.cpp\n' \
    >"$tmp/configs/dom0/dom0.mk"

[ -d "$LEAF" ] || fail leaf-library "$LEAF missing"
check leaf-library-includes-neither-side leaf_violations 4
check userland-includes-no-hypervisor-code userland_violations 4
exit $failed
