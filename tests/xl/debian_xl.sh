# Sourced by the tests that compare our xl with Debian's xl 4.17: checks the
# programs, builds the fake Xen (fake_xen_preload.c), starts our xenstored on
# a private socket for Debian's xl to connect to, and defines debian_xl (runs
# Debian's xl there) and the normalisation of its dry-run JSON. Needs
# $work and a fail_setup function.
real_xl=/usr/lib/xen-4.17/bin/xl
our_xl=build/host/bin/xl
for f in "$real_xl" "$our_xl" build/host/bin/xenstored; do
    [ -x "$f" ] || { fail_setup "$f missing (run 'make deps' and 'make host')"; exit 1; }
done
mkdir -p "$work"
if ! gcc -shared -fPIC -Wall -Wextra -Werror -o "$work/fake_xen.so" tests/xl/fake_xen_preload.c -ldl 2>"$work/gcc.log"; then
    fail_setup "cannot build the fake Xen: $(head -1 "$work/gcc.log")"; exit 1
fi
fake_xen=$(realpath "$work/fake_xen.so")
socket=$(mktemp -u /tmp/debian-xl-xenstored.XXXXXX)
XENSTORED_PATH=$socket build/host/bin/xenstored -N -D -L "$work/xenstored.log" &
xenstored_pid=$!
trap 'kill $xenstored_pid 2>/dev/null; rm -f "$socket"' EXIT
for _ in $(seq 50); do [ -S "$socket" ] && break; sleep 0.1; done

debian_xl() { XENSTORED_PATH=$socket LD_PRELOAD=$fake_xen timeout 20 "$real_xl" "$@"; }

# Debian's host xl is x86's: it keeps PV guests PV, which an ARM xl turns
# into PVH (checked against the ARM reference captures).
arm_json() { sed -E 's/^(        "type": )"pv"/\1"pvh"/; s/"type\.pv":/"type.pvh":/' "$1"; }
