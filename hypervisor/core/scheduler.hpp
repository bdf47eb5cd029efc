#pragma once
// Which vCPU runs next on this CPU. For now one physical CPU and
// round-robin among runnable vCPUs at trap boundaries; time slices and
// several CPUs come with the timer and SMP work.
#include "arch/trap_frame.hpp"

namespace hv {

class Domain;
class Vcpu;

namespace scheduler {

void add_domain(Domain& domain);
Vcpu* current();
void wake(Vcpu& vcpu);
// The current vCPU gives way to another runnable one, if any.
void yield();
// Picks the first vCPU and enters it.
[[noreturn]] void start();
// Called before returning to the guest from any trap: switches vCPU when
// the current one stopped or yielded. Returns only if it stays current.
void before_return(TrapFrame& frame);

} // namespace scheduler
} // namespace hv
