#pragma once
// The ARM Linux zImage header (Documentation/arm/Booting): magic 0x016F2818
// at 0x24, the absolute load address at 0x28 (0: position independent) and
// the end address at 0x2c. Validation and placement as Xen's ARM loader does.
#include <cstdint>

#include "lib/status.hpp"

namespace hv {

inline constexpr uint32_t kZImageMagic = 0x016f2818;

struct ZImageInfo {
    uint32_t start; // 0 when position independent
    uint32_t end;
    uint32_t length; // end - start: what gets copied
};

Status parse_zimage(const uint8_t* image, uint64_t size, ZImageInfo& info, const char*& error);

// Where the image goes in a guest whose first RAM bank is [ram_base,
// ram_base+ram_size): at `start` when given; otherwise as high as possible
// below ram_base+128 MiB, 2 MiB aligned (Linux's recommendation). Returns
// false when that does not fit in the bank.
bool zimage_place(const ZImageInfo& info, uint64_t ram_base, uint64_t ram_size, uint64_t& load_address);

} // namespace hv
