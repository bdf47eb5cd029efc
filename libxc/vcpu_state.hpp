#pragma once
// vCPU 0 of a new 32-bit guest as Linux's ARM boot protocol wants it: SVC
// mode with interrupts masked, MMU and caches off, r0 = 0, r1 = ~0 (no
// machine type: the device tree describes the machine), r2 = the DTB.
#include <cstdint>

#include "include/public/vcpu_context.hpp"

namespace xc {

xen::vcpu_guest_context initial_vcpu_context(uint64_t entry, uint64_t dtb_address);

} // namespace xc
