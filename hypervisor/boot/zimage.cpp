#include "boot/zimage.hpp"

namespace hv {
namespace {
uint32_t le32(const uint8_t* p) { return uint32_t(p[0]) | uint32_t(p[1]) << 8 | uint32_t(p[2]) << 16 | uint32_t(p[3]) << 24; }
} // namespace

Status parse_zimage(const uint8_t* image, uint64_t size, ZImageInfo& info, const char*& error)
{
    if (size < 0x34) {
        error = "too small for a zImage header";
        return Status::Invalid;
    }
    if (le32(image + 0x24) != kZImageMagic) {
        error = "no zImage magic (0x016f2818 at offset 0x24)";
        return Status::Invalid;
    }
    info.start = le32(image + 0x28);
    info.end = le32(image + 0x2c);
    if (info.end <= info.start) {
        error = "zImage end address not after its start address";
        return Status::Invalid;
    }
    info.length = info.end - info.start;
    if (info.length > size) {
        error = "zImage header claims more bytes than the image has (truncated?)";
        return Status::Invalid;
    }
    return Status::Ok;
}

bool zimage_place(const ZImageInfo& info, uint64_t ram_base, uint64_t ram_size, uint64_t& load_address)
{
    constexpr uint64_t k2M = 2ull << 20;
    uint64_t ram_end = ram_base + ram_size;
    if (info.start != 0) {
        load_address = info.start;
    } else {
        uint64_t limit = ram_base + (128ull << 20) < ram_end ? ram_base + (128ull << 20) : ram_end;
        if (limit - ram_base < info.length) return false;
        load_address = (limit - info.length) & ~(k2M - 1);
    }
    return load_address >= ram_base && load_address + info.length <= ram_end;
}

} // namespace hv
