#pragma once
// The generic timer registers generic code drives: the Hyp physical timer
// (the hypervisor's own) and the loaded guest's virtual timer.
#include <cstdint>

#include "arch/barrier.hpp"
#include "arch/sysreg.hpp"

namespace hv::arch {

inline constexpr uint32_t kTimerEnable = 1u << 0;
inline constexpr uint32_t kTimerMask = 1u << 1;
inline constexpr uint32_t kTimerStatus = 1u << 2;

inline void hyp_timer_program(bool enable, uint64_t deadline)
{
    if (enable) {
        sysreg::write_cnthp_cval(deadline);
        sysreg::write_cnthp_ctl(kTimerEnable);
    } else {
        sysreg::write_cnthp_ctl(0);
    }
    isb();
}

inline uint32_t read_virtual_timer_control() { return sysreg::read_cntv_ctl(); }
inline void write_virtual_timer_control(uint32_t v)
{
    sysreg::write_cntv_ctl(v);
    isb();
}

} // namespace hv::arch
