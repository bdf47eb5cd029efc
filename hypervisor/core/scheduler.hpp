#pragma once
// Which vCPU runs on this physical CPU: round-robin among the runnable
// vCPUs, with time slices from the Hyp timer; WFI blocks a vCPU until it has
// an interrupt; a CPU with nothing to run waits for interrupts.
#include "arch/trap_frame.hpp"
#include "lib/status.hpp"

namespace hv {

class Domain;
class Vcpu;

namespace scheduler {

inline constexpr unsigned kSliceMs = 10;

// Registers the domain and spreads its vCPUs over the online CPUs.
void add_domain(Domain& domain);
// A domain made at run time (XEN_DOMCTL_createdomain): its vCPUs are
// queued on the CPUs they are placed on, without a part in the "every
// domain is down: power off" rule of the boot domains.
// NoMemory (nothing queued) when a CPU's queue is full.
Status add_vcpus(Domain& domain);
// The domain is dying: each CPU takes its vCPUs off its queue (and stops
// their timers) the next time it schedules; until vcpus_dequeued() says
// so, they may still be referred to there.
void remove_domain(Domain& domain);
bool vcpus_dequeued(const Domain& domain);
void set_online_cpus(unsigned count);
unsigned online_cpus();
// Makes `cpu` look at its run queue (an SGI; nothing if it is this CPU).
void kick(unsigned cpu);
void kick_all();
Vcpu* current();
// Something happened for `vcpu` (an interrupt): make it runnable if blocked.
void notify(Vcpu& vcpu);
// `vcpu` was made runnable (a PSCI CPU_ON): its CPU looks at it.
void wake(Vcpu& vcpu);
// The current vCPU gives way to another runnable one, if any.
void yield();
// `vcpu` stopped (offline, shut down): its CPU must switch away from it.
void stopped(Vcpu& vcpu);
// Picks the first vCPU of this CPU and enters it (or idles).
[[noreturn]] void start();
// Called before returning to the guest from any trap or interrupt: switches
// vCPU when the current one stopped, blocked, yielded or used its slice,
// then fills the list registers. Returns only if it stays current.
void before_return(TrapFrame& frame);

} // namespace scheduler
} // namespace hv
