#include "guest_layout.hpp"

#include <algorithm>
#include <string>

#include "error.hpp"
#include "include/public/xen.hpp"

namespace xc {

std::vector<Range> split_ram(uint64_t pages)
{
    std::vector<Range> banks;
    uint64_t left = pages * kPageSize;
    for (size_t i = 0; i < std::size(xen::GUEST_RAM_BANK_BASES) && left; ++i) {
        uint64_t size = std::min(left, xen::GUEST_RAM_BANK_SIZES[i]);
        banks.push_back({xen::GUEST_RAM_BANK_BASES[i], size});
        left -= size;
    }
    if (left) throw BuildError("guest RAM of " + std::to_string(pages * 4) + " KiB exceeds the ARM guest memory map");
    return banks;
}

std::vector<Range> extended_regions(const std::vector<Range>& ram, unsigned gpaddr_bits)
{
    constexpr uint64_t k2M = 2ull << 20, kMinimum = 64ull << 20;
    const uint64_t limit = gpaddr_bits >= 64 ? ~0ull : 1ull << gpaddr_bits;
    std::vector<Range> regions;
    for (size_t i = 0; i < std::size(xen::GUEST_RAM_BANK_BASES); ++i) {
        uint64_t used = i < ram.size() ? ram[i].size : 0;
        uint64_t start = (xen::GUEST_RAM_BANK_BASES[i] + used + k2M - 1) & ~(k2M - 1);
        uint64_t end = std::min(xen::GUEST_RAM_BANK_BASES[i] + xen::GUEST_RAM_BANK_SIZES[i], limit);
        if (end > start && end - start >= kMinimum) regions.push_back({start, end - start});
    }
    return regions;
}

} // namespace xc
