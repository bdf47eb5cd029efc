#pragma once
// Where everything goes in an ARM guest's physical address space (public
// arch-arm.h memory map): RAM split over the two banks, the kernel, the
// ramdisk and the device tree in bank 0, the "extended regions" the guest may
// map foreign pages into, and the toolstack's magic pages.
#include <cstdint>
#include <vector>

namespace xc {

inline constexpr uint64_t kPageSize = 4096;
inline constexpr uint64_t kMagicConsoleGfn = 0x39000, kMagicXenstoreGfn = 0x39001, kMagicMonitorGfn = 0x39002,
                          kMagicVuartGfn = 0x39003;
inline constexpr unsigned kMagicPages = 4;

struct Range {
    uint64_t base = 0, size = 0;
    uint64_t end() const { return base + size; }
    bool operator==(const Range&) const = default;
};

// RAM of `pages` pages: bank 0 gets up to 3 GiB, bank 1 the rest. Throws
// BuildError when it exceeds both.
std::vector<Range> split_ram(uint64_t pages);

// For each bank, the space above its RAM (from the next 2 MiB boundary) up to
// the bank's end or the guest's physical address limit, when at least 64 MiB.
std::vector<Range> extended_regions(const std::vector<Range>& ram, unsigned gpaddr_bits);

} // namespace xc
