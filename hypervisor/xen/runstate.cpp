#include "xen/runstate.hpp"

#include "arch/cpu.hpp"
#include "core/guest_memory.hpp"
#include "core/timer.hpp"
#include "core/vcpu.hpp"
#include "include/public/shared_info.hpp"

namespace hv {

uint64_t system_time_ns() { return timers::ticks_to_ns(arch::counter()); }

uint64_t system_time_to_counter(uint64_t ns)
{
    uint64_t freq = arch::counter_frequency(), secs = ns / 1000000000ull;
    if (freq && secs > (~0ull - freq) / freq) return ~0ull;
    return secs * freq + (ns % 1000000000ull) * freq / 1000000000ull;
}

namespace {

constexpr uint64_t kUpdateInProgress = 1ull << 63; // XEN_RUNSTATE_UPDATE

} // namespace

void runstate_change(Vcpu& vcpu, int32_t state)
{
    xen::vcpu_runstate_info& r = vcpu.runstate;
    uint64_t now = system_time_ns();
    if (r.state >= 0 && r.state < 4 && r.state_entry_time && now > r.state_entry_time)
        r.time[r.state] += now - r.state_entry_time;
    r.state = state;
    r.state_entry_time = now;
    if (!vcpu.runstate_gva) return;
    // The guest reads it lock-free: flag the update, write, clear the flag.
    xen::vcpu_runstate_info shown = r;
    shown.state_entry_time |= kUpdateInProgress;
    copy_to_guest(vcpu.domain(), vcpu.runstate_gva + 8, &shown.state_entry_time, 8);
    copy_to_guest(vcpu.domain(), vcpu.runstate_gva, &r, sizeof r);
}

} // namespace hv
