#pragma once
// How a vCPU made runnable on a CPU competes with those there, by the CPU
// time each has used (counter ticks, comparable only among the vCPUs of one
// CPU). Whenever its CPU takes a wake, and when it is switched to, a vCPU
// is brought to at most one slice behind the current vCPU (the one it
// replaces): a sleep, or waiting behind a vCPU that yields, buys it a slice
// at most, and a new one, at 0, does not count as owed all the time the
// others used before it existed (left there, a dom0 vCPU waking while it
// computes would wait for its slice every time: each xenstore round trip,
// each netback batch). A vCPU picked by an idle CPU has none to be placed
// against: the CPU's clock (the most any vCPU that ran there had used)
// stands in. Placed, a woken vCPU preempts the current one if it has used
// at least `granularity` less; otherwise it waits for the slice.
#include <cstdint>

namespace hv {

constexpr uint64_t place_woken(uint64_t runtime, uint64_t reference, uint64_t slice)
{
    return reference > slice && runtime < reference - slice ? reference - slice : runtime;
}

constexpr bool preempts(uint64_t current_runtime, uint64_t woken_runtime, uint64_t granularity)
{
    return woken_runtime + granularity <= current_runtime;
}

} // namespace hv
