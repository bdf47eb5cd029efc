#!/usr/bin/env bash
# End to end: our toolstack (xl and its daemon, xld) creates, consoles,
# pauses, shuts down, reboots and destroys a Debian guest on our hypervisor,
# through the same checks that Debian's xl passes (xl_create_test.sh), then
# our toolstack's own. HYPERVISOR_IMAGE=<Debian's Xen> runs it on Xen 4.17.
exec env XLC_TOOLSTACK=ours "$(dirname "$0")/xl_create_test.sh" "$@"
