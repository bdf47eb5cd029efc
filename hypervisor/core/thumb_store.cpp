#include "core/thumb_store.hpp"

namespace hv {

std::optional<unsigned> thumb_store_source_register(uint16_t first, uint16_t second)
{
    if (thumb_is_32bit(first)) {
        // STR/STRH/STRB (immediate T3/T4, register T2): 1111 1000 xxx0 ...,
        // load/store single with L=0; Rt in the second halfword [15:12].
        if ((first & 0xff10) == 0xf800 && (first & 0x0060) != 0x0060) return (second >> 12) & 0xf;
        return std::nullopt;
    }
    switch (first & 0xf800) {
    case 0x6000: // STR  Rt, [Rn, #imm5]
    case 0x7000: // STRB Rt, [Rn, #imm5]
    case 0x8000: // STRH Rt, [Rn, #imm5]
        return first & 0x7;
    case 0x9000: // STR  Rt, [SP, #imm8]
        return (first >> 8) & 0x7;
    default: break;
    }
    switch (first & 0xfe00) {
    case 0x5000: // STR  Rt, [Rn, Rm]
    case 0x5200: // STRH Rt, [Rn, Rm]
    case 0x5400: // STRB Rt, [Rn, Rm]
        return first & 0x7;
    default: return std::nullopt;
    }
}

} // namespace hv
