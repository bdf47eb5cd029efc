#include "core/scheduler.hpp"

#include "arch/barrier.hpp"
#include "arch/cpu.hpp"
#include "arch/firmware.hpp"
#include "arch/timer.hpp"
#include "arch/vcpu_context.hpp"
#include "core/console.hpp"
#include "core/domain.hpp"
#include "core/irq.hpp"
#include "core/run_queue.hpp"
#include "core/timer.hpp"
#include "core/vcpu.hpp"
#include "core/vtimer.hpp"
#include "core/wake_policy.hpp"
#include "drivers/gicv2.hpp"
#include "drivers/gicv2_list_registers.hpp"
#include "mm/frame_table_memory.hpp"
#include "xen/runstate.hpp"

namespace hv::scheduler {
namespace {

constexpr unsigned kMaxDomains = 16;
constexpr unsigned kMaxCpus = 8;

void slice_expired(void*);

// Owned by its physical CPU, except `woken`: other CPUs set it (atomically)
// when they make one of its vCPUs runnable; this CPU sets it too for its
// own wakes. The way back to a guest then decides whether the woken vCPU
// preempts the current one (see consider_wake).
struct CpuState {
    Vcpu* current = nullptr;
    bool resched = false;
    bool woken = false;
    uint64_t ran_since = 0; // when `current` was switched to
    uint64_t clock = 0;     // the most CPU time a vCPU that ran here had used when it stopped
    Vcpu* preempted_for = nullptr; // the woken vCPU a wake preempted `current` for
    bool reap = false; // atomic: a dying domain's vCPUs are to leave this queue
    Timer slice{slice_expired, nullptr};
    RunQueue queue;
};

// A woken vCPU preempts the current one at once if it has used this much
// less CPU time; it never counts as more than a slice behind.
constexpr uint64_t kWakeGranularityUs = 1000;

// The boot domains (dom0, dom0less guests): when all are down the machine
// powers off. domains_lock_ guards them against a destroy on another CPU.
Domain* domains_[kMaxDomains];
unsigned domain_count_ = 0;
Spinlock domains_lock_;
unsigned online_cpus_ = 1;
unsigned next_cpu_ = 0;
CpuState cpus_[kMaxCpus];

CpuState& this_cpu() { return cpus_[arch::cpu_index()]; }

void slice_expired(void*) { this_cpu().resched = true; }

uint64_t slice_ticks() { return timers::ms_to_ticks(kSliceMs); }
uint64_t granularity_ticks() { return kWakeGranularityUs * arch::counter_frequency() / 1000000; }

// `vcpu` just became runnable: it goes first on its CPU, which must look at
// its run queue now, not when (or if) the current vCPU's slice ends.
void reschedule_for(Vcpu& vcpu)
{
    __atomic_store_n(&vcpu.boosted, true, __ATOMIC_RELEASE);
    __atomic_store_n(&cpus_[vcpu.pcpu].woken, true, __ATOMIC_RELEASE);
    kick(vcpu.pcpu); // nothing for this CPU: its way back to the guest looks
}

bool take_woken(CpuState& c) { return __atomic_exchange_n(&c.woken, false, __ATOMIC_ACQ_REL); }

// A wake on this CPU while `cur` runs, decided by CPU time used (each
// vCPU's vruntime, kept by its own CPU; see wake_policy.hpp): a woken vCPU
// that mostly waits, as an idle or I/O-bound one does, preempts at once;
// one that has computed as much waits for the current slice, which is then
// armed if it was not (a vCPU alone runs without one).
void consider_wake(CpuState& c, Vcpu& cur)
{
    Vcpu* next = c.queue.next_after(&cur, RunQueue::kAnyRuntime); // the woken one, if runnable
    if (!next || next == &cur) return;
    uint64_t now = arch::counter();
    if (__atomic_load_n(&next->boosted, __ATOMIC_ACQUIRE)) {
        const uint64_t cur_runtime = cur.vruntime + (now - c.ran_since);
        // Again: it may have become runnable since the queue was placed.
        next->vruntime = place_woken(next->vruntime, cur_runtime, slice_ticks());
        if (preempts(cur_runtime, next->vruntime, granularity_ticks())) {
            c.resched = true;
            c.preempted_for = next;
            return;
        }
    }
    // Another vCPU waits: the current one's slice must end.
    if (!c.slice.armed()) timers::this_cpu().set(c.slice, now + slice_ticks());
}

Vcpu* next_runnable(Vcpu* after) { return this_cpu().queue.next_after(after, granularity_ticks()); }

[[noreturn]] void power_off_if_all_down()
{
    bool reboot = false;
    {
        LockGuard guard(domains_lock_);
        for (unsigned d = 0; d < domain_count_; ++d) reboot |= domains_[d]->shutdown_reason() == ShutdownReason::Reboot;
    }
    if (reboot) {
        console::log("all domains have shut down, the last asking for a reboot: resetting the machine");
        console::flush();
        arch::firmware::system_reset();
    }
    console::log("all domains have shut down: powering off");
    console::flush();
    arch::firmware::system_off();
}

bool all_shut_down()
{
    LockGuard guard(domains_lock_);
    if (domain_count_ == 0) return false; // still booting
    for (unsigned d = 0; d < domain_count_; ++d)
        if (!domains_[d]->is_shut_down()) return false;
    return true;
}

[[noreturn]] void switch_to(Vcpu& next)
{
    CpuState& c = this_cpu();
    c.current = &next;
    c.resched = false;
    next.set_on_cpu(true);
    arch::vcpu_context_load(next.context);
    runstate_change(next, xen::RUNSTATE_running);
    restore_virtual_interface(next.vgic);
    vtimer_scheduled(next);
    __atomic_store_n(&next.boosted, false, __ATOMIC_RELEASE);
    c.ran_since = arch::counter();
    timers::this_cpu().set(c.slice, c.ran_since + slice_ticks());
    next.domain().vgic().flush(next, hardware_list_registers());
    arch::enter_guest(next.regs);
}

void deschedule(Vcpu& vcpu, const TrapFrame& frame)
{
    runstate_change(vcpu, vcpu.state() == Vcpu::State::Runnable  ? xen::RUNSTATE_runnable
                          : vcpu.state() == Vcpu::State::Blocked ? xen::RUNSTATE_blocked
                                                                 : xen::RUNSTATE_offline);
    const uint64_t ran = arch::counter() - this_cpu().ran_since;
    vcpu.runtime += ran;
    vcpu.vruntime += ran;
    if (vcpu.vruntime > this_cpu().clock) this_cpu().clock = vcpu.vruntime;
    vcpu.regs = frame;
    arch::vcpu_context_save(vcpu.context);
    save_virtual_interface(vcpu.vgic);
    vtimer_descheduled(vcpu);
    this_cpu().current = nullptr;
    vcpu.set_on_cpu(false); // last: its registers are all saved
}

// Takes the vCPUs of dying domains off this CPU's queue, with their
// timers (they are on this CPU's timer queue). The current vCPU stays until
// it has been switched away from.
void reap_dying(CpuState& c)
{
    if (!__atomic_exchange_n(&c.reap, false, __ATOMIC_ACQ_REL)) return;
    Vcpu* current = c.current;
    Vcpu* taken[RunQueue::kCapacity];
    unsigned n = c.queue.remove_if([current](Vcpu* v) { return v != current && v->domain().is_dying(); }, taken);
    for (unsigned i = 0; i < n; ++i) {
        Vcpu* v = taken[i];
        timers::this_cpu().stop(v->vtimer);
        timers::this_cpu().stop(v->poll_timer);
        v->ptimer.stop();
        if (c.preempted_for == v) c.preempted_for = nullptr;
        __atomic_store_n(&v->queued, false, __ATOMIC_RELEASE); // last: the destroyer may free it now
    }
    // The current vCPU of a dying domain goes once it has been switched away from.
    if (current && current->domain().is_dying()) __atomic_store_n(&c.reap, true, __ATOMIC_RELEASE);
}

// Pages an idle CPU zeroes between two looks for work (about a
// microsecond each on a Cortex-A15).
constexpr unsigned kIdleScrubPages = FrameAllocator::kScrubPages;

// Nothing to run: zero free memory while some is dirty, then wait for an
// interrupt (taken by polling the GIC, with interrupts masked in Hyp mode)
// until some vCPU becomes runnable.
[[noreturn]] void idle()
{
    timers::this_cpu().stop(this_cpu().slice);
    for (;;) {
        reap_dying(this_cpu());
        take_woken(this_cpu()); // about to look at the whole queue anyway
        if (Vcpu* next = next_runnable(nullptr)) {
            // Woken while this CPU idled: no vCPU to place it against.
            next->vruntime = place_woken(next->vruntime, this_cpu().clock, slice_ticks());
            switch_to(*next);
        }
        if (all_shut_down()) power_off_if_all_down();
        if (!frame_allocator().scrub_some(kIdleScrubPages)) arch::wait_for_interrupt();
        handle_physical_irqs(nullptr);
    }
}

} // namespace

Status add_vcpus(Domain& domain)
{
    for (unsigned i = 0; i < domain.vcpu_count(); ++i) {
        Vcpu& v = *domain.vcpu(i);
        // The next CPU in turn that its hard affinity allows.
        unsigned cpu = __atomic_fetch_add(&next_cpu_, 1, __ATOMIC_RELAXED) % online_cpus_;
        for (unsigned k = 0; k < online_cpus_ && !(v.hard_affinity & (1u << cpu)); ++k) cpu = (cpu + 1) % online_cpus_;
        v.pcpu = cpu;
        if (Status s = cpus_[v.pcpu].queue.add(v); s != Status::Ok) {
            // A full queue: take back what was queued. The domain never ran
            // (paused, vCPUs offline), so no CPU holds any of them.
            for (unsigned k = 0; k < i; ++k) {
                Vcpu& added = *domain.vcpu(k);
                cpus_[added.pcpu].queue.remove(added);
                __atomic_store_n(&added.queued, false, __ATOMIC_RELEASE);
            }
            return s;
        }
        __atomic_store_n(&v.queued, true, __ATOMIC_RELEASE);
    }
    arch::dsb();
    return Status::Ok;
}

void add_domain(Domain& domain)
{
    add_vcpus(domain);
    LockGuard guard(domains_lock_);
    if (domain_count_ < kMaxDomains) domains_[domain_count_++] = &domain;
}

void remove_domain(Domain& domain)
{
    {
        LockGuard guard(domains_lock_);
        for (unsigned i = 0; i < domain_count_; ++i)
            if (domains_[i] == &domain) {
                domains_[i] = domains_[--domain_count_];
                break;
            }
    }
    for (unsigned i = 0; i < domain.vcpu_count(); ++i) {
        Vcpu& v = *domain.vcpu(i);
        if (!__atomic_load_n(&v.queued, __ATOMIC_ACQUIRE)) continue;
        __atomic_store_n(&cpus_[v.pcpu].reap, true, __ATOMIC_RELEASE);
        if (v.pcpu == arch::cpu_index()) reap_dying(this_cpu());
        else kick(v.pcpu);
    }
}

bool vcpus_dequeued(const Domain& domain)
{
    for (unsigned i = 0; i < domain.vcpu_count(); ++i)
        if (__atomic_load_n(&domain.vcpu(i)->queued, __ATOMIC_ACQUIRE)) return false;
    return true;
}

void set_online_cpus(unsigned count) { online_cpus_ = count ? count : 1; }
unsigned online_cpus() { return online_cpus_; }

void kick(unsigned cpu)
{
    if (cpu != arch::cpu_index()) gic().send_sgi(kKickSgi, gic().cpu_mask(cpu));
}

void kick_all()
{
    for (unsigned cpu = 0; cpu < online_cpus_; ++cpu) kick(cpu);
}

Vcpu* current() { return this_cpu().current; }

void wake(Vcpu& vcpu)
{
    arch::dsb(); // the state before the kick's SGI
    reschedule_for(vcpu);
}

void notify(Vcpu& vcpu)
{
    if (vcpu.wake_if_blocked()) {
        arch::dsb();
        reschedule_for(vcpu);
    } else if (vcpu.pcpu != arch::cpu_index()) {
        kick(vcpu.pcpu); // its CPU refills the list registers on the way back
    }
}

void yield() { this_cpu().resched = true; }

void stopped(Vcpu& vcpu) { kick(vcpu.pcpu); }

void start()
{
    timers::this_cpu().program = arch::hyp_timer_program;
    if (Vcpu* first = next_runnable(nullptr)) switch_to(*first);
    idle();
}

void before_return(TrapFrame& frame)
{
    CpuState& c = this_cpu();
    reap_dying(c);
    Vcpu* cur = c.current;
    if (take_woken(c)) {
        c.queue.place_runnable_vcpus(cur, cur->vruntime + (arch::counter() - c.ran_since), slice_ticks());
        if (!c.resched) consider_wake(c, *cur);
    }
    bool runnable = cur->runnable();
    if (!runnable || c.resched) {
        c.resched = false;
        Vcpu* next = c.preempted_for && c.preempted_for->runnable() ? c.preempted_for
                                                                                        : next_runnable(cur);
        c.preempted_for = nullptr;
        if (next != cur || !runnable) {
            deschedule(*cur, frame);
            if (next) {
                next->vruntime = place_woken(next->vruntime, cur->vruntime, slice_ticks()); // the one it replaces
                switch_to(*next);
            }
            idle();
        }
        // It stays, alone runnable here: no slice needed until another vCPU
        // becomes runnable, and that goes through `woken`.
    }
    cur->domain().vgic().flush(*cur, hardware_list_registers());
}

} // namespace hv::scheduler
