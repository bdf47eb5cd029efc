#pragma once
// Whether a vCPU made runnable on a CPU preempts the vCPU running there,
// by the CPU time each has used (counter ticks): one that has used at
// least `granularity` less runs at once; otherwise it waits for the slice.
// A long sleeper is first brought to at most one slice behind the current
// vCPU, so that its sleep does not buy it the CPU for long after.
// Runtimes are comparable only among the vCPUs of one CPU. A vCPU woken
// while its CPU idles has no current vCPU to be placed against: it is
// placed at most a slice behind the CPU's clock (the most any vCPU that ran
// there had used) instead, so that a new one, at 0, does not count as owed
// all the time the others used before it existed: left there, a dom0 vCPU
// waking while it computes would wait for its slice every time (each
// xenstore round trip, each netback batch).
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

constexpr uint64_t place_woken(uint64_t runtime, uint64_t cpu_clock, uint64_t slice)
{
    return cpu_clock > slice && runtime < cpu_clock - slice ? cpu_clock - slice : runtime;
}

} // namespace hv
