#pragma once
// Long hypercalls are preemptible, as in Xen on ARM. A handler that has done
// some work and sees hypercall_should_yield() records, with continue_later(),
// the call that does the rest, and returns. At the top level the guest's
// registers become that call and its PC goes back to the HVC: the guest
// takes its pending interrupts, then re-enters with the new arguments
// (memory_op encodes the next extent in its command, multicall points at
// the next entry). Inside a multicall, the entry's arguments are rewritten
// instead, and the multicall itself continues from that entry.
#include <cstdint>

namespace hv {

class Vcpu;
struct TrapFrame;

// Per vCPU: the hypercall it is running.
struct HypercallState {
    uint64_t started = 0; // counter ticks when the guest entered it
    bool continued = false;
    uint32_t op = 0;
    uint32_t args[5] = {};
    unsigned nargs = 0; // the continuation's own arguments: only these registers change
};

// The most a hypercall runs before it yields, in microseconds, unless an
// interrupt waits (then it yields at once).
inline constexpr unsigned kHypercallBudgetUs = 500;

// True when the hypercall running on `vcpu` should stop at the next point
// where it can continue later. Handlers always do some work first, so
// every invocation makes progress.
bool hypercall_should_yield(const Vcpu& vcpu);
// Records the call that completes the running one, with the hypercall's
// own arguments (as many as it takes: the guest's other registers are
// kept, as the ABI promises). Returns 0 (the value the handler returns;
// the guest never sees it).
long continue_with(Vcpu& vcpu, uint32_t op, const uint32_t* args, unsigned nargs);
template <class... Args>
long continue_later(Vcpu& vcpu, uint32_t op, Args... args)
{
    static_assert(sizeof...(Args) >= 1 && sizeof...(Args) <= 5);
    const uint32_t list[] = {uint32_t(args)...};
    return continue_with(vcpu, op, list, sizeof...(Args));
}

// Runs step() (true: nothing left to do) until done, stopping between two
// steps once the call should yield: false then, and the caller continues
// the call later. At least one step runs, so every invocation progresses.
template <class Step>
bool run_steps(const Vcpu& vcpu, Step step)
{
    for (bool first = true; !step(); first = false)
        if (!first && hypercall_should_yield(vcpu)) return false;
    return true;
}

// The HVC trap: runs the hypercall in r12 with r0-r4, and writes r0, or
// rewinds the guest to run the continuation.
void run_hypercall(Vcpu& vcpu, TrapFrame& frame);

} // namespace hv
