#!/usr/bin/env bash
# elf-closure.sh ROOT FILE...: the shared libraries that the ELF files FILE
# (paths inside the unpacked tree ROOT, e.g. /usr/lib/xen-4.17/bin/xl) need,
# following the NEEDED entries of each library found in turn. One line per
# library, sorted: "SONAME /PATH /FILE": PATH is where armhf's dynamic
# loader would find it in ROOT (DT_RPATH/DT_RUNPATH, then the multiarch and
# plain system directories, as Debian's loader searches without an
# ld.so.cache), FILE what that path is after its symlinks; "SONAME -" when
# ROOT has none. Used to choose which Debian packages to
# fetch (tests/deps.sh) and which files to put in dom0's initramfs, so
# neither names a library file by hand.
set -euo pipefail
[ $# -ge 2 ] || { echo "usage: $0 ROOT FILE..." >&2; exit 2; }
root=${1%/}
shift
system_dirs=(/lib/arm-linux-gnueabihf /usr/lib/arm-linux-gnueabihf /lib /usr/lib)

# The path inside ROOT that PATH (inside ROOT) ends at after its symlinks:
# an absolute link target means ROOT's /, not the host's.
in_root() {
    local path=$1 target n=0
    while [ -L "$root$path" ] && [ $n -lt 40 ]; do
        target=$(readlink "$root$path")
        case $target in /*) path=$target ;; *) path=$(dirname "$path")/$target ;; esac
        n=$((n + 1))
    done
    realpath -m -s "$path"
}

dynamic() { LC_ALL=C readelf -d "$root$(in_root "$1")" 2>/dev/null || true; }

declare -A where=()
queue=("$@")
while [ ${#queue[@]} -gt 0 ]; do
    file=${queue[0]}
    queue=("${queue[@]:1}")
    [ -f "$root$(in_root "$file")" ] || { echo "elf-closure: $root$file missing" >&2; exit 1; }
    info=$(dynamic "$file")
    # $ORIGIN is the directory of the file that names the path.
    origin=$(dirname "$file")
    dirs=$(sed -n 's/.*(R\(UN\)\{0,1\}PATH).*\[\(.*\)\]/\2/p' <<<"$info" | tr ':' '\n' |
           sed "s|\\\$ORIGIN|$origin|g; s|\\\${ORIGIN}|$origin|g")
    for soname in $(sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' <<<"$info"); do
        [ -n "${where[$soname]+x}" ] && continue
        where[$soname]=-
        for dir in $dirs "${system_dirs[@]}"; do
            if [ -e "$root$(in_root "$dir/$soname")" ]; then
                where[$soname]=$dir/$soname
                queue+=("$dir/$soname")
                break
            fi
        done
    done
done
for soname in "${!where[@]}"; do
    path=${where[$soname]}
    if [ "$path" = - ]; then echo "$soname -"; else echo "$soname $path $(in_root "$path")"; fi
done | sort
