#include "core/vcpu.hpp"

#include "core/domain.hpp"
#include "core/timer.hpp"
#include "include/public/shared_info.hpp"
#include "include/public/xen.hpp"

namespace hv {

void Vcpu::reset(uint32_t entry, uint32_t r0, uint32_t r1, uint32_t r2)
{
    reset_registers(entry, r0, r1, r2);
    set_state(State::Runnable); // last, released: another CPU may pick it up at once
}

void Vcpu::reset_registers(uint32_t entry, uint32_t r0, uint32_t r1, uint32_t r2)
{
    regs = TrapFrame{};
    regs.r[0] = r0;
    regs.r[1] = r1;
    regs.r[2] = r2;
    regs.pc = entry & ~1u;
    regs.cpsr = xen::PSR_GUEST32_INIT | ((entry & 1) ? (1u << 5) : 0); // bit 0 of the entry: Thumb
    context.sctlr = xen::SCTLR_GUEST_INIT;
}

uint64_t Vcpu::cpu_time_ns() const
{
    // Kept by the vCPU's own CPU: read until two reads agree (a 64-bit load
    // is two on this CPU).
    uint64_t a, b;
    do {
        a = __atomic_load_n(&runtime, __ATOMIC_RELAXED);
        b = __atomic_load_n(&runtime, __ATOMIC_RELAXED);
    } while (a != b);
    return timers::ticks_to_ns(a);
}

Vcpu::~Vcpu()
{
    for (unsigned i = 0; i < vcpu_info_page_count_; ++i) domain_.put_page(vcpu_info_pages_[i]);
}

bool Vcpu::register_vcpu_info(xen::vcpu_info* info, const Pa* pages, unsigned count)
{
    // Carry over what the old slot held (a racing delivery's bits there are
    // covered by the caller's "look at every event" afterwards).
    if (xen::vcpu_info* old = vcpu_info()) *info = *old;
    xen::vcpu_info* expected = nullptr;
    if (!__atomic_compare_exchange_n(&vcpu_info_, &expected, info, false, __ATOMIC_SEQ_CST, __ATOMIC_RELAXED))
        return false;
    for (unsigned i = 0; i < count && i < 2; ++i) vcpu_info_pages_[i] = pages[i];
    vcpu_info_page_count_ = count;
    return true;
}

xen::vcpu_info* Vcpu::vcpu_info() const
{
    if (xen::vcpu_info* registered = __atomic_load_n(&vcpu_info_, __ATOMIC_ACQUIRE)) return registered;
    if (id_ == 0 && domain_.shared_info()) return &domain_.shared_info()->vcpu[0];
    return nullptr;
}

} // namespace hv
