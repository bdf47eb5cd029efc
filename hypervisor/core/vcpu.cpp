#include "core/vcpu.hpp"

#include "include/public/xen.hpp"

namespace hv {

void Vcpu::reset(uint32_t entry, uint32_t r0, uint32_t r1, uint32_t r2)
{
    regs = TrapFrame{};
    regs.r[0] = r0;
    regs.r[1] = r1;
    regs.r[2] = r2;
    regs.pc = entry & ~1u;
    regs.cpsr = xen::PSR_GUEST32_INIT | ((entry & 1) ? (1u << 5) : 0); // bit 0 of the entry: Thumb
    context.sctlr = xen::SCTLR_GUEST_INIT;
    state_ = State::Runnable;
}

} // namespace hv
