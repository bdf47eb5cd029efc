#pragma once
// A vCPU's runstate (public/vcpu.h): how long it has been running,
// runnable, blocked and offline, kept by the hypervisor and copied to the
// area the guest registered (Linux's steal-time accounting reads it).
#include <cstdint>

namespace hv {

class Vcpu;

// Moves the vCPU to `state` (RUNSTATE_*) now. Must run while that vCPU's
// context is loaded on this CPU: the area is a guest virtual address.
void runstate_change(Vcpu& vcpu, int32_t state);

// The hypervisor's "system time" in ns (Xen's NOW()): the physical counter
// since it started. Runstate times and SCHEDOP_poll's timeout use it.
uint64_t system_time_ns();
// The physical counter value at system time `ns` (saturating).
uint64_t system_time_to_counter(uint64_t ns);

} // namespace hv
