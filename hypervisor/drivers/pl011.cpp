#include "drivers/pl011.hpp"

#include "arch/mmio.hpp"

namespace hv {

uint32_t Pl011::read(Reg r) const { return arch::mmio_read32(base_ + static_cast<uintptr_t>(r)); }
void Pl011::write(Reg r, uint32_t v) { arch::mmio_write32(base_ + static_cast<uintptr_t>(r), v); }

void Pl011::put_char(char c)
{
    while (read(Reg::FR) & kFlagTxFull) {
    }
    write(Reg::DR, static_cast<unsigned char>(c));
}

int Pl011::get_char()
{
    if (read(Reg::FR) & kFlagRxEmpty) return -1;
    return static_cast<int>(read(Reg::DR) & 0xff);
}

void Pl011::enable_receive_interrupt()
{
    constexpr uint32_t kRx = 1u << 4, kReceiveTimeout = 1u << 6;
    write(Reg::ICR, kRx | kReceiveTimeout);
    write(Reg::IMSC, read(Reg::IMSC) | kRx | kReceiveTimeout);
}

void Pl011::clear_receive_interrupt() { write(Reg::ICR, (1u << 4) | (1u << 6)); }

} // namespace hv
