#pragma once
// An emulated SBSA UART (the PL011 subset of the Server Base System
// Architecture) at Xen's GUEST_PL011_BASE, as Xen's `vuart = "sbsa_uart"`:
// a guest's earlycon can write to it before it has any Xen driver.
// Transmit only: what the guest writes goes to the hypervisor console.
#include "core/mmio.hpp"

namespace hv {

class Domain;

class Vuart final : public MmioHandler {
public:
    enum class Reg : uint64_t {
        DR = 0x000,   // rw Data
        RSR = 0x004,  // rw Receive status / error clear
        FR = 0x018,   // ro Flags
        IMSC = 0x038, // rw Interrupt mask
        RIS = 0x03c,  // ro Raw interrupt status
        MIS = 0x040,  // ro Masked interrupt status
        ICR = 0x044,  // wo Interrupt clear
    };
    static constexpr uint32_t kFlagRxEmpty = 1u << 4;
    static constexpr uint32_t kFlagTxEmpty = 1u << 7;

    explicit Vuart(Domain& domain) : domain_(domain) {}
    bool read(Vcpu& vcpu, uint64_t offset, unsigned size, uint32_t& value) override;
    bool write(Vcpu& vcpu, uint64_t offset, unsigned size, uint32_t value) override;

private:
    Domain& domain_;
    uint32_t imsc_ = 0;
};

} // namespace hv
