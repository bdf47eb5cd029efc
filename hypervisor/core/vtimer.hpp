#pragma once
// The guests' virtual timer (PPI 27): guests program CNTV directly; its
// physical interrupt comes to the hypervisor, which masks the timer and
// injects the virtual PPI. A vCPU off the CPU gets a software timer for its
// deadline instead, so its interrupt still arrives on time.
namespace hv {

class Vcpu;

inline constexpr unsigned kVirtualTimerPpi = 27;

void vtimer_physical_interrupt(Vcpu* current);
// Around a vCPU switch (after its context is saved / before it is loaded).
void vtimer_descheduled(Vcpu& vcpu);
void vtimer_scheduled(Vcpu& vcpu);
void vtimer_expired(void* vcpu);

} // namespace hv
