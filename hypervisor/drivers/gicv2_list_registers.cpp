#include "drivers/gicv2_list_registers.hpp"

#include "core/vgic.hpp"

namespace hv {

ListRegisters& hardware_list_registers()
{
    static GicListRegisters lrs;
    return lrs;
}

void save_virtual_interface(VgicCpu& state)
{
    GicV2& g = gic();
    for (unsigned i = 0; i < g.list_registers() && i < VgicCpu::kMaxLrs; ++i) {
        state.saved_lr[i] = g.read_lr(i);
        g.write_lr(i, 0);
    }
    state.vmcr = g.read_hyp(GicV2::Hyp::VMCR);
    state.apr = g.read_hyp(GicV2::Hyp::APR);
    g.write_hyp(GicV2::Hyp::HCR, GicV2::kHcrEnable);
}

void restore_virtual_interface(const VgicCpu& state)
{
    GicV2& g = gic();
    g.write_hyp(GicV2::Hyp::VMCR, state.vmcr);
    g.write_hyp(GicV2::Hyp::APR, state.apr);
    for (unsigned i = 0; i < g.list_registers() && i < VgicCpu::kMaxLrs; ++i) g.write_lr(i, state.saved_lr[i]);
}

} // namespace hv
