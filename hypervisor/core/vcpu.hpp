#pragma once
#include <cstdint>

#include "arch/trap_frame.hpp"
#include "arch/vcpu_context.hpp"
#include "core/ptimer.hpp"
#include "core/timer.hpp"
#include "core/vgic.hpp"
#include "core/vtimer.hpp"
#include "include/public/shared_info.hpp"
#include "mm/address.hpp"
#include "xen/continuation.hpp"

namespace hv {

class Domain;

// SCHEDOP_poll's timeout (xen/sched_op.cpp): ends the vCPU's poll.
void poll_timed_out(void* vcpu);

class Vcpu {
public:
    // Starting: claimed by a PSCI CPU_ON that is setting its registers.
    enum class State : uint8_t { Offline, Runnable, Blocked, Starting };

    Vcpu(Domain& domain, unsigned id)
        : vtimer(vtimer_expired, this), ptimer(*this), poll_timer(poll_timed_out, this), domain_(domain), id_(id)
    {
    }
    ~Vcpu();
    Vcpu(const Vcpu&) = delete;
    Vcpu& operator=(const Vcpu&) = delete;
    Domain& domain() const { return domain_; }
    unsigned id() const { return id_; }
    // Other CPUs read and change the state (a wake, a scheduler scan): what
    // was written before a change is visible to whoever sees the change.
    State state() const { return __atomic_load_n(&state_, __ATOMIC_ACQUIRE); }
    void set_state(State s) { __atomic_store_n(&state_, s, __ATOMIC_RELEASE); }
    // Blocked -> Runnable, and only from Blocked (not from a concurrent
    // Offline or shutdown). True if this call made it runnable.
    bool wake_if_blocked() { return change_state(State::Blocked, State::Runnable); }
    // Runnable -> Blocked, never over a concurrent Offline (a shutdown).
    bool block_if_runnable() { return change_state(State::Runnable, State::Blocked); }

    // The toolstack's pause (XEN_DOMCTL_pausedomain): a paused vCPU keeps
    // its state but is not run until every pause is undone. Atomic: any
    // CPU pauses, the vCPU's own CPU reads it when it picks what to run.
    void pause() { __atomic_add_fetch(&pause_count_, 1, __ATOMIC_ACQ_REL); }
    // True when this undid the last pause.
    bool unpause() { return __atomic_sub_fetch(&pause_count_, 1, __ATOMIC_ACQ_REL) == 0; }
    bool paused() const { return __atomic_load_n(&pause_count_, __ATOMIC_ACQUIRE) != 0; }
    // Whether its CPU may run it now.
    bool runnable() const { return state() == State::Runnable && !paused(); }

    // Offline -> Starting: true for the one CPU_ON that may start it.
    bool claim_for_start() { return change_state(State::Offline, State::Starting); }
    // Starting -> Runnable, unless the domain shut down meanwhile.
    bool finish_start() { return change_state(State::Starting, State::Runnable); }
    // True from the moment a physical CPU loads its registers until they
    // are saved again: a vCPU that just went offline may still be on its
    // CPU, and nothing may rewrite its registers until it is not.
    bool on_cpu() const { return __atomic_load_n(&on_cpu_, __ATOMIC_ACQUIRE); }
    void set_on_cpu(bool on) { __atomic_store_n(&on_cpu_, on, __ATOMIC_RELEASE); }

    // Puts the vCPU in the state Linux's boot protocol asks for: SVC mode,
    // interrupts masked, MMU off, at `entry` with r0..r2 as given; then
    // makes it runnable (reset) or leaves its state alone (reset_registers).
    void reset(uint32_t entry, uint32_t r0, uint32_t r1, uint32_t r2);
    void reset_registers(uint32_t entry, uint32_t r0, uint32_t r1, uint32_t r2);

    unsigned pcpu = 0;         // the physical CPU it runs on
    // On its CPU's run queue: set when queued, cleared by that CPU when it
    // takes a dying domain's vCPU off (after which nothing there refers to it).
    bool queued = false;
    // Woken since it last ran: its CPU runs it before the others (set by
    // any CPU, cleared by its own when it runs it).
    bool boosted = false;
    uint64_t runtime = 0; // counter ticks on its CPU (kept by that CPU)
    // What the scheduler compares (kept by its CPU): runtime, plus what
    // placing it on a wake added (wake_policy.hpp). Never shown as CPU time.
    uint64_t vruntime = 0;
    // `runtime` in ns, read from any CPU.
    uint64_t cpu_time_ns() const;
    // Where its vcpu_info lives (hypervisor address): shared_info's slot
    // for vCPU 0 until the guest registers another with VCPUOP_register_vcpu_info.
    // Other CPUs deliver events to it while it is registered: the pointer
    // is published once, after the slot is filled.
    xen::vcpu_info* vcpu_info() const;
    // Moves it to `info`, in the guest's pages `pages[0..count)`, whose
    // references the vCPU keeps until it is destroyed. False (and nothing
    // kept) if one was registered already: once per vCPU, as in Xen.
    bool register_vcpu_info(xen::vcpu_info* info, const Pa* pages, unsigned count);
    bool has_registered_vcpu_info() const { return __atomic_load_n(&vcpu_info_, __ATOMIC_ACQUIRE) != nullptr; }
    uint32_t runstate_gva = 0; // VCPUOP_register_runstate_memory_area
    xen::vcpu_runstate_info runstate{xen::RUNSTATE_offline, 0, 0, {0, 0, 0, 0}};
    TrapFrame regs{};          // saved while the vCPU is not on a CPU
    arch::VcpuContext context{};
    VgicCpu vgic;
    Timer vtimer; // the virtual timer's deadline while the vCPU is off the CPU
    PhysicalTimer ptimer;
    // SCHEDOP_poll: set while the vCPU waits for `poll_port` (0: any port)
    // to become pending; whoever clears it first (the event, the timeout)
    // wakes the vCPU. Read and written atomically.
    bool polling = false;
    uint32_t poll_port = 0;
    Timer poll_timer; // the poll's timeout, on the vCPU's physical CPU
    HypercallState hypercall; // the hypercall it runs (its own CPU only)
    // XEN_DOMCTL_setvcpuaffinity's CPU masks (under the domctl lock). The
    // vCPU runs on the one CPU it was placed on, which is in its hard mask.
    uint32_t hard_affinity = ~0u;
    uint32_t soft_affinity = ~0u;

private:
    bool change_state(State from, State to)
    {
        return __atomic_compare_exchange_n(&state_, &from, to, false, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE);
    }

    Domain& domain_;
    unsigned id_;
    State state_ = State::Offline;
    bool on_cpu_ = false;
    uint32_t pause_count_ = 0;
    xen::vcpu_info* vcpu_info_ = nullptr;
    Pa vcpu_info_pages_[2]{};
    unsigned vcpu_info_page_count_ = 0;
};

} // namespace hv
