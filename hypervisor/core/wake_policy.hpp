#pragma once
// Whether a vCPU made runnable on a CPU preempts the vCPU running there,
// by the CPU time each has used (counter ticks): one that has used at
// least `granularity` less runs at once; otherwise it waits for the slice.
// A long sleeper is first brought to at most one slice behind the current
// vCPU, so that its sleep does not buy it the CPU for long after.
#include <cstdint>

namespace hv {

struct WakeDecision {
    uint64_t woken_runtime; // after the catch-up
    bool preempt;
};

constexpr WakeDecision decide_wake(uint64_t current_runtime, uint64_t woken_runtime, uint64_t slice,
                                   uint64_t granularity)
{
    if (current_runtime > slice && woken_runtime < current_runtime - slice) woken_runtime = current_runtime - slice;
    return {woken_runtime, woken_runtime + granularity <= current_runtime};
}

} // namespace hv
