#pragma once
// The vGIC's view of this CPU's GICH list registers.
#include "core/list_registers.hpp"
#include "drivers/gicv2.hpp"

namespace hv {

class GicListRegisters final : public ListRegisters {
public:
    unsigned count() const override { return gic().list_registers(); }
    uint32_t read(unsigned i) const override { return gic().read_lr(i); }
    void write(unsigned i, uint32_t value) override { gic().write_lr(i, value); }
    void set_underflow_interrupt(bool on) override
    {
        gic().write_hyp(GicV2::Hyp::HCR, GicV2::kHcrEnable | (on ? GicV2::kHcrUnderflowIrq : 0));
    }
};

} // namespace hv

namespace hv {

struct VgicCpu;

// The vCPU's virtual CPU interface state (list registers, VMCR, APR) in and
// out of the GICH block, around a vCPU switch.
void save_virtual_interface(VgicCpu& state);
void restore_virtual_interface(const VgicCpu& state);

} // namespace hv
