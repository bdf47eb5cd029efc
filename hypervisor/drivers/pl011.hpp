#pragma once
// ARM PrimeCell PL011 UART, polled transmit: enough for a console.
#include <cstdint>

#include "core/console.hpp"

namespace hv {

class Pl011 final : public ConsoleDevice {
public:
    enum class Reg : uintptr_t {
        DR = 0x000,   // rw Data
        FR = 0x018,   // ro Flags
        IMSC = 0x038, // rw Interrupt mask set/clear
        ICR = 0x044,  // wo Interrupt clear
    };
    static constexpr uint32_t kFlagTxFull = 1u << 5;
    static constexpr uint32_t kFlagRxEmpty = 1u << 4;

    explicit Pl011(uintptr_t base) : base_(base) {}
    void put_char(char c) override;
    // A byte of input, or -1 when none is waiting.
    int get_char();
    // Interrupt on received data (and on the receive timeout, for single bytes).
    void enable_receive_interrupt();
    void clear_receive_interrupt();

private:
    uint32_t read(Reg r) const;
    void write(Reg r, uint32_t v);
    uintptr_t base_;
};

} // namespace hv
