#include "core/vcpu.hpp"

#include "core/domain.hpp"
#include "include/public/shared_info.hpp"
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
    set_state(State::Runnable); // last, released: another CPU may pick it up at once
}

xen::vcpu_info* Vcpu::vcpu_info() const
{
    if (vcpu_info_) return vcpu_info_;
    if (id_ == 0 && domain_.shared_info()) return &domain_.shared_info()->vcpu[0];
    return nullptr;
}

} // namespace hv
