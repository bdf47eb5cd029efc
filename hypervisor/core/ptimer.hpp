#pragma once
// The EL1 physical timer (CNTP, PPI 30) of a guest, emulated: the guest's
// CNTP_* accesses trap (CNTHCTL.PL1PCEN = 0) so the physical timer stays the
// hypervisor's, and a software timer raises the virtual PPI at the deadline.
#include <cstdint>

#include "core/timer.hpp"

namespace hv {

class Vcpu;

inline constexpr unsigned kPhysicalTimerPpi = 30;

class PhysicalTimer {
public:
    explicit PhysicalTimer(Vcpu& vcpu);
    uint32_t read_ctl() const;
    void write_ctl(uint32_t value);
    uint32_t read_tval() const;
    void write_tval(uint32_t value);
    uint64_t read_cval() const { return cval_; }
    void write_cval(uint64_t value);
    // Disarms it (on the vCPU's CPU, whose timer queue holds it).
    void stop();

private:
    static void expired(void* self);
    void rearm();
    Vcpu& vcpu_;
    uint32_t ctl_ = 0; // ENABLE and IMASK as the guest wrote them
    uint64_t cval_ = 0;
    Timer timer_;
};

} // namespace hv
