#include "xen/grant_table.hpp"

#include "arch/cpu.hpp"
#include "mm/frame_allocator.hpp"

namespace hv {

GrantTable::~GrantTable()
{
    for (unsigned i = 0; i < nr_frames_; ++i) frames_.put(frames_pa_[i]);
}

unsigned GrantTable::nr_frames() const
{
    LockGuard guard(lock_);
    return nr_frames_;
}

bool GrantTable::grow_locked(unsigned frames)
{
    if (frames > kMaxFrames) return false;
    while (nr_frames_ < frames) {
        auto pa = frames_.alloc(1);
        if (!pa) return false;
        arch::zero_and_clean(pa->value, kPageSize);
        gfn_[nr_frames_] = kNoGfn;
        frames_pa_[nr_frames_++] = *pa;
    }
    return true;
}

bool GrantTable::grow_to(unsigned frames)
{
    LockGuard guard(lock_);
    return grow_locked(frames);
}

std::optional<Pa> GrantTable::frame(unsigned index)
{
    LockGuard guard(lock_);
    if (index >= kMaxFrames || !grow_locked(index + 1)) return std::nullopt;
    return frames_pa_[index];
}

} // namespace hv
