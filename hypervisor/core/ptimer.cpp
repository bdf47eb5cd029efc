#include "core/ptimer.hpp"

#include "arch/cpu.hpp"
#include "arch/timer.hpp"
#include "core/domain.hpp"
#include "core/vcpu.hpp"

namespace hv {

PhysicalTimer::PhysicalTimer(Vcpu& vcpu) : vcpu_(vcpu), timer_(expired, this) {}

uint32_t PhysicalTimer::read_ctl() const
{
    uint32_t v = ctl_;
    if ((ctl_ & arch::kTimerEnable) && arch::counter() >= cval_) v |= arch::kTimerStatus;
    return v;
}

void PhysicalTimer::write_ctl(uint32_t value)
{
    ctl_ = value & (arch::kTimerEnable | arch::kTimerMask);
    rearm();
}

uint32_t PhysicalTimer::read_tval() const { return static_cast<uint32_t>(cval_ - arch::counter()); }

void PhysicalTimer::write_tval(uint32_t value)
{
    // TVAL is a signed 32-bit offset from now.
    cval_ = arch::counter() + static_cast<uint64_t>(static_cast<int64_t>(static_cast<int32_t>(value)));
    rearm();
}

void PhysicalTimer::write_cval(uint64_t value)
{
    cval_ = value;
    rearm();
}

void PhysicalTimer::rearm()
{
    // The queue of the CPU the vCPU runs on (traps happen there).
    if ((ctl_ & arch::kTimerEnable) && !(ctl_ & arch::kTimerMask)) timers::this_cpu().set(timer_, cval_);
    else timers::this_cpu().stop(timer_);
}

void PhysicalTimer::expired(void* self)
{
    auto* t = static_cast<PhysicalTimer*>(self);
    t->vcpu_.domain().vgic().inject(t->vcpu_, kPhysicalTimerPpi);
}

void PhysicalTimer::stop() { timers::this_cpu().stop(timer_); }

} // namespace hv
