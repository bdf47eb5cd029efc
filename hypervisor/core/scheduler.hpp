#pragma once
// Which vCPU runs on this physical CPU: round-robin among the runnable
// vCPUs, with time slices from the Hyp timer; WFI blocks a vCPU until it has
// an interrupt; a CPU with nothing to run waits for interrupts.
#include "arch/trap_frame.hpp"

namespace hv {

class Domain;
class Vcpu;

namespace scheduler {

inline constexpr unsigned kSliceMs = 10;

void add_domain(Domain& domain);
Vcpu* current();
// Something happened for `vcpu` (an interrupt): make it runnable if blocked.
void notify(Vcpu& vcpu);
void wake(Vcpu& vcpu);
// The current vCPU gives way to another runnable one, if any.
void yield();
// The current vCPU waits for an interrupt (WFI with nothing pending).
void block_current();
// Picks the first vCPU and enters it (or idles).
[[noreturn]] void start();
// Called before returning to the guest from any trap or interrupt: switches
// vCPU when the current one stopped, blocked, yielded or used its slice,
// then fills the list registers. Returns only if it stays current.
void before_return(TrapFrame& frame);

} // namespace scheduler
} // namespace hv
