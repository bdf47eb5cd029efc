#!/usr/bin/env bash
# Writes QEMU's virt device tree (2 CPUs, 1 GiB) with the /chosen additions
# the hypervisor reads: its command line, a dom0 kernel module and a
# dom0less domain with 2 vCPUs.
set -euo pipefail
out=$1
qemu-system-arm -machine virt,virtualization=on,gic-version=2,dumpdtb="$out" -cpu cortex-a15 -smp 2 -m 1024 \
    -display none -nic none >/dev/null 2>&1
fdtput -t s "$out" /chosen xen,xen-bootargs "console=dtuart dom0_mem=256M"
fdtput -t s "$out" /chosen xen,dom0-bootargs "console=hvc0"
fdtput -t x "$out" /chosen "#address-cells" 2
fdtput -t x "$out" /chosen "#size-cells" 2
fdtput -c "$out" /chosen/module@50000000
fdtput -t s "$out" /chosen/module@50000000 compatible "multiboot,kernel" "multiboot,module"
fdtput -t x "$out" /chosen/module@50000000 reg 0 50000000 0 1000
fdtput -c "$out" /chosen/domU1
fdtput -t s "$out" /chosen/domU1 compatible "xen,domain"
fdtput -t x "$out" /chosen/domU1 "#address-cells" 1
fdtput -t x "$out" /chosen/domU1 "#size-cells" 1
fdtput -t x "$out" /chosen/domU1 memory 0 4000
fdtput -t x "$out" /chosen/domU1 cpus 2
fdtput -c "$out" /chosen/domU1/module@58000000
fdtput -t s "$out" /chosen/domU1/module@58000000 compatible "multiboot,kernel" "multiboot,module"
fdtput -t x "$out" /chosen/domU1/module@58000000 reg 58000000 2000
fdtput -t s "$out" /chosen/domU1/module@58000000 bootargs "console=hvc0"
