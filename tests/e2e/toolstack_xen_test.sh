#!/usr/bin/env bash
# End to end: our toolstack (xl, xld, our console daemon) on Debian's own
# Xen 4.17 (xen-hypervisor-4.17-armhf, fetched by make deps), booted the
# same way as ours, through the same checks as tests/e2e/toolstack_test.sh:
# nothing in our toolstack may lean on a behaviour of our hypervisor that
# Xen does not have. Fewer create/destroy cycles (XLC_CYCLES, 3): the leak
# soak is the test on ours. The PV disk and network scenario runs in the
# same boot (xl_create_test.sh's XLC_IO).
cd "$(dirname "$0")/../.." || exit 1
exec env HYPERVISOR_IMAGE=.cache/xen-hypervisor/boot/xen-4.17-armhf XLC_CYCLES="${XLC_CYCLES:-3}" \
    tests/e2e/toolstack_test.sh "$@"
