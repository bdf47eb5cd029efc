#include "core/mmio.hpp"

namespace hv {

Status MmioDispatcher::add(Ipa base, uint64_t size, MmioHandler& handler)
{
    if (size == 0 || base.value + size < base.value) return Status::Invalid;
    for (unsigned i = 0; i < count_; ++i) {
        const Region& r = regions_[i];
        if (base.value < r.base.value + r.size && r.base.value < base.value + size) return Status::Busy;
    }
    if (count_ == kMaxRegions) return Status::NoMemory;
    regions_[count_++] = Region{base, size, &handler};
    return Status::Ok;
}

MmioDispatcher::Match MmioDispatcher::find(Ipa address, unsigned size) const
{
    for (unsigned i = 0; i < count_; ++i) {
        const Region& r = regions_[i];
        if (address >= r.base && address.value - r.base.value + size <= r.size)
            return Match{r.handler, address.value - r.base.value};
    }
    return Match{nullptr, 0};
}

} // namespace hv
