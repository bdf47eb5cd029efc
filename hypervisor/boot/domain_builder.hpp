#pragma once
// Builds the guests described in the device tree at boot (Xen's dom0less
// "xen,domain" nodes): memory, kernel, vCPU 0.
#include <cstdint>

#include "boot/platform.hpp"

namespace hv {

// true when the domain was created and registered with the scheduler; on
// failure, says why on the console and leaves nothing behind.
bool build_boot_domain(const DomainSpec& spec, uint16_t domid);

} // namespace hv
