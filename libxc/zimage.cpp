#include "zimage.hpp"

#include <string>

#include "error.hpp"
#include "hex.hpp"

namespace xc {
namespace {

uint32_t word_at(std::span<const uint8_t> image, size_t offset)
{
    return uint32_t(image[offset]) | uint32_t(image[offset + 1]) << 8 | uint32_t(image[offset + 2]) << 16 |
           uint32_t(image[offset + 3]) << 24;
}

} // namespace

KernelSegment load_zimage32(std::span<const uint8_t> image, uint64_t ram_base)
{
    constexpr size_t kHeaderEnd = 0x30;
    if (image.size() < kHeaderEnd)
        throw BuildError("kernel is not an ARM zImage: " + std::to_string(image.size()) +
                         " bytes, too short for the header");
    if (word_at(image, 0x24) != kZImage32Magic)
        throw BuildError("kernel is not an ARM zImage: no magic 0x016f2818 at offset 0x24 (found " +
                         hex(word_at(image, 0x24)) + ")");
    uint32_t start = word_at(image, 0x28), end = word_at(image, 0x2c);
    // The header's end is the start plus the image's length: a shorter file
    // lost its tail, and a decompressor started on it would run into garbage.
    if (end <= start)
        throw BuildError("kernel zImage header is corrupt: end " + hex(end) + " is not above start " + hex(start));
    if (uint64_t(end) - start > image.size())
        throw BuildError("kernel zImage is truncated: its header says " + std::to_string(end - start) +
                         " bytes, the file has " + std::to_string(image.size()));
    KernelSegment seg;
    seg.start = ram_base + kZImage32LoadOffset;
    seg.end = seg.start + image.size();
    seg.entry = start ? start : seg.start;
    if (start && (start < seg.start || start >= seg.end))
        throw BuildError("kernel zImage wants to start at " + hex(start) + ", outside where it is loaded (" +
                         hex(seg.start) + "-" + hex(seg.end) + ")");
    return seg;
}

} // namespace xc
