#include "vcpu_state.hpp"

#include "include/public/xen.hpp"

namespace xc {

xen::vcpu_guest_context initial_vcpu_context(uint64_t entry, uint64_t dtb_address)
{
    xen::vcpu_guest_context ctx{};
    ctx.flags = xen::VGCF_online;
    ctx.user_regs.pc = entry;
    ctx.user_regs[xen::Arm32Slot::r0_usr] = 0;
    ctx.user_regs[xen::Arm32Slot::r1_usr] = 0xffffffff;
    ctx.user_regs[xen::Arm32Slot::r2_usr] = dtb_address;
    ctx.user_regs.cpsr = xen::PSR_GUEST32_INIT;
    ctx.sctlr = xen::SCTLR_GUEST_INIT;
    return ctx;
}

} // namespace xc
