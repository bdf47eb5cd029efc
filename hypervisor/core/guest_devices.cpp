#include "core/guest_devices.hpp"

#include "core/domain.hpp"
#include "include/public/xen.hpp"

namespace hv {
namespace {
Pa gicv_base_{};
} // namespace

void set_gic_virtual_cpu_interface(Pa base) { gicv_base_ = base; }

Status attach_guest_devices(Domain& d, bool vuart)
{
    if (vuart) d.mmio().add(Ipa(xen::GUEST_PL011_BASE), xen::GUEST_PL011_SIZE, d.vuart());
    d.mmio().add(Ipa(xen::GUEST_GICD_BASE), xen::GUEST_GICD_SIZE, d.vgic());
    return d.map_mmio(xen::GUEST_GICC_BASE, gicv_base_, xen::GUEST_GICC_SIZE);
}

} // namespace hv
