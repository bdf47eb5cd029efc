#include "xen/grant_table.hpp"

#include "arch/cpu.hpp"
#include "mm/frame_allocator.hpp"

namespace hv {

GrantTable::~GrantTable()
{
    for (unsigned i = 0; i < nr_frames_; ++i) frames_.free(frames_pa_[i]);
}

bool GrantTable::grow_to(unsigned frames)
{
    if (frames > kMaxFrames) return false;
    while (nr_frames_ < frames) {
        auto pa = frames_.alloc(1);
        if (!pa) return false;
        for (uint64_t off = 0; off < kPageSize; off += 8) *static_cast<uint64_t*>(arch::phys_to_virt(pa->value + off)) = 0;
        frames_pa_[nr_frames_++] = *pa;
    }
    return true;
}

std::optional<Pa> GrantTable::frame(unsigned index)
{
    if (index >= kMaxFrames || !grow_to(index + 1)) return std::nullopt;
    return frames_pa_[index];
}

} // namespace hv
