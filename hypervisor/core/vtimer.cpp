#include "core/vtimer.hpp"

#include "arch/timer.hpp"
#include "core/domain.hpp"
#include "core/timer.hpp"
#include "core/vcpu.hpp"

namespace hv {

void vtimer_physical_interrupt(Vcpu* current)
{
    uint32_t ctl = arch::read_virtual_timer_control();
    if (!(ctl & arch::kTimerEnable) || (ctl & arch::kTimerMask) || !(ctl & arch::kTimerStatus)) return;
    // The level stays asserted until the guest reprograms the timer: mask it
    // meanwhile (the guest's next write of CNTV_CTL unmasks it).
    arch::write_virtual_timer_control(ctl | arch::kTimerMask);
    if (current) current->domain().vgic().inject(*current, kVirtualTimerPpi);
}

void vtimer_descheduled(Vcpu& vcpu)
{
    uint32_t ctl = vcpu.context.cntv_ctl;
    if (!(ctl & arch::kTimerEnable) || (ctl & arch::kTimerMask)) return;
    // The virtual count is the physical count minus CNTVOFF.
    timers::this_cpu().set(vcpu.vtimer, vcpu.context.cntv_cval + vcpu.context.cntvoff);
}

void vtimer_scheduled(Vcpu& vcpu) { timers::this_cpu().stop(vcpu.vtimer); }

void vtimer_expired(void* data)
{
    auto& vcpu = *static_cast<Vcpu*>(data);
    vcpu.context.cntv_ctl |= arch::kTimerMask; // as if the interrupt had been taken while running
    vcpu.domain().vgic().inject(vcpu, kVirtualTimerPpi);
}

} // namespace hv
