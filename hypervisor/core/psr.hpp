#pragma once
// Program status register fields (ARMv7-A B1.3.3) and processor modes.
#include <cstdint>

namespace hv::psr {

inline constexpr uint32_t kModeMask = 0x1f;
inline constexpr uint32_t kUsr = 0x10, kFiq = 0x11, kIrq = 0x12, kSvc = 0x13, kMon = 0x16, kAbt = 0x17,
                          kHyp = 0x1a, kUnd = 0x1b, kSys = 0x1f;
inline constexpr uint32_t kThumb = 1u << 5;
inline constexpr uint32_t kFiqMask = 1u << 6;
inline constexpr uint32_t kIrqMask = 1u << 7;
inline constexpr uint32_t kAsyncAbortMask = 1u << 8;
inline constexpr uint32_t kBigEndian = 1u << 9;
inline constexpr uint32_t kItLowMask = 0x3u << 25;   // IT[1:0]
inline constexpr uint32_t kItHighMask = 0x3fu << 10; // IT[7:2]
inline constexpr uint32_t kJazelle = 1u << 24;

inline uint32_t mode(uint32_t cpsr) { return cpsr & kModeMask; }
inline uint32_t it_state(uint32_t cpsr) { return ((cpsr >> 25) & 0x3) | (((cpsr >> 10) & 0x3f) << 2); }
inline uint32_t with_it_state(uint32_t cpsr, uint32_t it)
{
    cpsr &= ~(kItLowMask | kItHighMask);
    return cpsr | ((it & 0x3) << 25) | (((it >> 2) & 0x3f) << 10);
}

} // namespace hv::psr
