#pragma once
// An arm32 Linux zImage as the toolstack's loader sees it: the header words
// at 0x24 (magic 0x016F2818), 0x28 (absolute start, 0 when position
// independent) and 0x2C (end). The whole file is copied to RAM base +
// 0x8000; execution starts at the header's start address when it has one.
#include <cstdint>
#include <span>

namespace xc {

inline constexpr uint32_t kZImage32Magic = 0x016f2818;
inline constexpr uint64_t kZImage32LoadOffset = 0x8000; // from the RAM base

struct KernelSegment {
    uint64_t start = 0; // guest-physical, where the file's first byte goes
    uint64_t end = 0;   // exclusive
    uint64_t entry = 0;
};

// Checks the header against the file (throws BuildError naming what is wrong)
// and returns where the image goes in a guest whose RAM starts at ram_base.
KernelSegment load_zimage32(std::span<const uint8_t> image, uint64_t ram_base);

} // namespace xc
