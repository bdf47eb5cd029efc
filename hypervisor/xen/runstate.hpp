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

} // namespace hv
