#pragma once
// The GICv2 virtual CPU interface's list registers as the vGIC sees them:
// an interface, so the allocation logic runs on the host in unit tests.
#include <cstdint>

namespace hv {

namespace lr {
// GICH_LR fields (GICv2 architecture, 5.3.9)
inline constexpr uint32_t kVirtualIdMask = 0x3ff;
inline constexpr unsigned kCpuIdShift = 10;           // source CPU of an SGI
inline constexpr unsigned kPhysicalIdShift = 10;      // HW=1: the physical INTID, bits [19:10]
inline constexpr uint32_t kEoiMaintenance = 1u << 19; // software interrupts: maintenance IRQ on EOI
inline constexpr unsigned kPriorityShift = 23;        // 5 bits: priority >> 3
inline constexpr unsigned kStateShift = 28;
inline constexpr uint32_t kStateMask = 3u << kStateShift;
inline constexpr uint32_t kPending = 1u << kStateShift;
inline constexpr uint32_t kActive = 2u << kStateShift;
inline constexpr uint32_t kHardware = 1u << 31;

inline uint32_t make(unsigned virq, uint8_t priority, unsigned source_cpu)
{
    return (virq & kVirtualIdMask) | ((source_cpu & 7) << kCpuIdShift) | (uint32_t(priority >> 3) << kPriorityShift) |
           kPending;
}
} // namespace lr

class ListRegisters {
public:
    virtual unsigned count() const = 0;
    virtual uint32_t read(unsigned i) const = 0;
    virtual void write(unsigned i, uint32_t value) = 0;
    // Ask for a maintenance interrupt when the list (nearly) empties, so
    // queued interrupts can be moved in.
    virtual void set_underflow_interrupt(bool on) = 0;

protected:
    ~ListRegisters() = default;
};

// A descheduled vCPU's list registers, as saved in memory.
class SavedListRegisters final : public ListRegisters {
public:
    SavedListRegisters(uint32_t* saved, unsigned count) : saved_(saved), count_(count) {}
    unsigned count() const override { return count_; }
    uint32_t read(unsigned i) const override { return saved_[i]; }
    void write(unsigned i, uint32_t value) override { saved_[i] = value; }
    void set_underflow_interrupt(bool) override {}

private:
    uint32_t* saved_;
    unsigned count_;
};

// This physical CPU's list registers (drivers/ on hardware; a fake on the host).
ListRegisters& hardware_list_registers();

} // namespace hv
