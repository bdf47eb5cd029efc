#pragma once
#include <cstdint>

#include "arch/trap_frame.hpp"
#include "arch/vcpu_context.hpp"
#include "core/ptimer.hpp"
#include "core/timer.hpp"
#include "core/vgic.hpp"
#include "core/vtimer.hpp"

namespace hv {

class Domain;

class Vcpu {
public:
    enum class State : uint8_t { Offline, Runnable, Blocked };

    Vcpu(Domain& domain, unsigned id) : vtimer(vtimer_expired, this), ptimer(*this), domain_(domain), id_(id) {}
    Domain& domain() const { return domain_; }
    unsigned id() const { return id_; }
    State state() const { return state_; }
    void set_state(State s) { state_ = s; }

    // Puts the vCPU in the state Linux's boot protocol asks for: SVC mode,
    // interrupts masked, MMU off, at `entry` with r0..r2 as given.
    void reset(uint32_t entry, uint32_t r0, uint32_t r1, uint32_t r2);

    unsigned pcpu = 0;         // the physical CPU it runs on
    TrapFrame regs{};          // saved while the vCPU is not on a CPU
    arch::VcpuContext context{};
    VgicCpu vgic;
    Timer vtimer; // the virtual timer's deadline while the vCPU is off the CPU
    PhysicalTimer ptimer;

private:
    Domain& domain_;
    unsigned id_;
    State state_ = State::Offline;
};

} // namespace hv
