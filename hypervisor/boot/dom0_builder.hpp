#pragma once
// Builds dom0, the hardware domain, as Xen 4.17 on ARM does: RAM mapped 1:1,
// every host device not kept by the hypervisor passed through (MMIO and
// SPIs), the vGIC at the host GIC's addresses, a device tree derived from
// the host's, and Linux's zImage, initrd and DTB placed in its first bank.
#include "boot/platform.hpp"

namespace hv {

class Domain;

// nullptr when it could not be built (the reason is on the console).
Domain* build_dom0(const PlatformInfo& platform, const void* host_fdt, unsigned online_cpus);

} // namespace hv
