#pragma once
// The devices every guest of ours has (as Xen's ARM guests): the vGIC's
// emulated distributor, the GIC's virtual CPU interface where the guest
// expects its CPU interface, and optionally the emulated PL011 (vuart).
#include "lib/status.hpp"
#include "mm/address.hpp"

namespace hv {

class Domain;

// Where the board's GIC virtual CPU interface (GICV) is; set at boot.
void set_gic_virtual_cpu_interface(Pa base);
Status attach_guest_devices(Domain& d, bool vuart);

} // namespace hv
