#include "core/vuart.hpp"

#include "core/domain.hpp"

namespace hv {

bool Vuart::read(Vcpu&, uint64_t offset, unsigned size, uint32_t& value)
{
    if (offset & (size - 1)) return false; // unaligned
    switch (static_cast<Reg>(offset & ~uint64_t(3))) {
    case Reg::FR: value = kFlagTxEmpty | kFlagRxEmpty; break;
    case Reg::IMSC: value = imsc_; break;
    default: value = 0; break; // no input, no interrupts pending; the rest RAZ
    }
    return true;
}

bool Vuart::write(Vcpu&, uint64_t offset, unsigned size, uint32_t value)
{
    if (offset & (size - 1)) return false;
    switch (static_cast<Reg>(offset)) {
    case Reg::DR: domain_.console_output(static_cast<char>(value & 0xff)); break;
    case Reg::IMSC:
        if (size == 4) imsc_ = value & 0x7ff;
        break;
    default: break; // WI
    }
    return true;
}

} // namespace hv
