#pragma once
// Host build: the hypervisor timer and the virtual timer as plain state.
#include <cstdint>

namespace hv::arch {

inline constexpr uint32_t kTimerEnable = 1u << 0;
inline constexpr uint32_t kTimerMask = 1u << 1;
inline constexpr uint32_t kTimerStatus = 1u << 2;

namespace host {
struct TimerState {
    bool hyp_enabled = false;
    uint64_t hyp_deadline = 0;
    uint32_t virtual_ctl = 0;
};
TimerState& timers();
} // namespace host

inline void hyp_timer_program(bool enable, uint64_t deadline)
{
    host::timers().hyp_enabled = enable;
    host::timers().hyp_deadline = deadline;
}
inline uint32_t read_virtual_timer_control() { return host::timers().virtual_ctl; }
inline void write_virtual_timer_control(uint32_t v) { host::timers().virtual_ctl = v; }

} // namespace hv::arch
