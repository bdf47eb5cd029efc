#pragma once
// The LPAE (long-descriptor) translation table format, ARMv7-A B3.6, as
// data: the descriptor fields and the two encodings we build, the Hyp-mode
// stage-1 tables and the guests' stage-2 tables. 4 KiB granule, 512 entries
// of 8 bytes per table; levels 1 (1 GiB), 2 (2 MiB) and 3 (4 KiB).
#include <cstdint>

namespace hv::lpae {

inline constexpr unsigned kEntriesPerTable = 512;
inline constexpr uint64_t kLevelSize[4] = {0, 1ull << 30, 1ull << 21, 1ull << 12};
inline constexpr unsigned kLevelShift[4] = {0, 30, 21, 12};

// bits[1:0]
inline constexpr uint64_t kValid = 1ull << 0;
inline constexpr uint64_t kTableOrPage = 1ull << 1; // table at levels 1-2, page at level 3
// Output address bits [39:12]
inline constexpr uint64_t kAddressMask = 0x000000fffffff000ull;

// Lower attributes shared by both formats
inline constexpr unsigned kAttrShift = 2;            // stage 1: AttrIndx[2:0]; stage 2: MemAttr[3:0]
inline constexpr uint64_t kAttrMask = 0xfull << kAttrShift;
inline constexpr uint64_t kApBit6 = 1ull << 6;        // stage 1: AP[1] (SBO in Hyp); stage 2: S2AP read
inline constexpr uint64_t kApBit7 = 1ull << 7;        // stage 1: AP[2] read-only; stage 2: S2AP write
inline constexpr unsigned kShareShift = 8;
inline constexpr uint64_t kInnerShareable = 3ull << kShareShift;
inline constexpr uint64_t kAccessFlag = 1ull << 10;
// Upper attributes
inline constexpr uint64_t kExecuteNever = 1ull << 54;
inline constexpr unsigned kSoftwareShift = 55;        // bits [58:55] ignored by hardware
inline constexpr uint64_t kSoftwareMask = 0xfull << kSoftwareShift;

// HMAIR0 layout we program for the Hyp stage-1 tables: index -> attribute.
inline constexpr unsigned kHypAttrNormal = 0;         // 0xff: Normal, inner/outer write-back RW-allocate
inline constexpr unsigned kHypAttrDevice = 1;         // 0x04: Device (nGnRE)
inline constexpr unsigned kHypAttrNonCacheable = 2;   // 0x44: Normal non-cacheable
inline constexpr uint32_t kHmair0 = 0x0044'04ff;

// Stage-2 MemAttr[3:0] values
inline constexpr uint64_t kS2Normal = 0xf;            // outer WB, inner WB
inline constexpr uint64_t kS2Device = 0x1;            // Device (nGnRE)
inline constexpr uint64_t kS2NonCacheable = 0x5;      // outer NC, inner NC

} // namespace hv::lpae
