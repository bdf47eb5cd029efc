#include "mm/frame_allocator.hpp"

#include "arch/cpu.hpp"

namespace hv {

Status FrameAllocator::add_region(Pa base, uint64_t size)
{
    uint64_t start = align_up(base.value, kPageSize);
    uint64_t end = align_down(base.value + size, kPageSize);
    if (end <= start) return Status::Invalid;
    if (region_count_ == kMaxRegions) return Status::NoMemory;
    uint64_t frames = (end - start) >> kPageShift;
    uint64_t bitmap_bytes = align_up((frames + 31) / 32 * 4, kPageSize);
    uint64_t bitmap_frames = bitmap_bytes >> kPageShift;
    if (bitmap_frames >= frames) return Status::Invalid;

    Region& r = regions_[region_count_++];
    r.first_frame = start >> kPageShift;
    r.frames = frames;
    r.bitmap = static_cast<uint32_t*>(arch::phys_to_virt(start));
    for (uint64_t i = 0; i < bitmap_bytes / 4; ++i) r.bitmap[i] = 0;
    for (uint64_t i = 0; i < bitmap_frames; ++i) set(r, i, true);
    // Bits past the end of the region read as used, so scans never run off.
    for (uint64_t i = frames; i < bitmap_bytes * 8; ++i) set(r, i, true);
    return Status::Ok;
}

void FrameAllocator::set(Region& r, uint64_t i, bool used)
{
    if (used) r.bitmap[i / 32] |= 1u << (i % 32);
    else r.bitmap[i / 32] &= ~(1u << (i % 32));
}

FrameAllocator::Region* FrameAllocator::region_of(uint64_t frame)
{
    for (unsigned i = 0; i < region_count_; ++i) {
        Region& r = regions_[i];
        if (frame >= r.first_frame && frame < r.first_frame + r.frames) return &r;
    }
    return nullptr;
}

void FrameAllocator::reserve(Pa base, uint64_t size)
{
    uint64_t first = base.value >> kPageShift;
    uint64_t last = (base.value + size + kPageSize - 1) >> kPageShift;
    for (uint64_t f = first; f < last; ++f)
        if (Region* r = region_of(f)) set(*r, f - r->first_frame, true);
}

bool FrameAllocator::run_is_free(const Region& r, uint64_t start, uint64_t count) const
{
    for (uint64_t i = 0; i < count; ++i)
        if (test(r, start + i)) return false;
    return true;
}

std::optional<Pa> FrameAllocator::alloc(uint64_t count, uint64_t align_frames)
{
    if (count == 0 || align_frames == 0 || (align_frames & (align_frames - 1))) return std::nullopt;
    for (unsigned n = 0; n < region_count_; ++n) {
        Region& r = regions_[n];
        uint64_t first = align_up(r.first_frame, align_frames) - r.first_frame;
        for (uint64_t i = first; i + count <= r.frames; i += align_frames) {
            // Skip whole used words quickly when scanning single frames.
            if (align_frames == 1 && (i % 32) == 0 && r.bitmap[i / 32] == 0xffffffffu) {
                i += 31;
                continue;
            }
            if (!run_is_free(r, i, count)) continue;
            for (uint64_t k = 0; k < count; ++k) set(r, i + k, true);
            return Pa((r.first_frame + i) << kPageShift);
        }
    }
    return std::nullopt;
}

void FrameAllocator::free(Pa base, uint64_t count)
{
    uint64_t first = base.value >> kPageShift;
    for (uint64_t f = first; f < first + count; ++f)
        if (Region* r = region_of(f)) set(*r, f - r->first_frame, false);
}

bool FrameAllocator::claim(Pa base, uint64_t count)
{
    uint64_t first = base.value >> kPageShift;
    Region* r = region_of(first);
    if (!r || count == 0 || first + count > r->first_frame + r->frames) return false;
    if (!run_is_free(*r, first - r->first_frame, count)) return false;
    for (uint64_t k = 0; k < count; ++k) set(*r, first - r->first_frame + k, true);
    return true;
}

bool FrameAllocator::is_free(Pa frame) const
{
    uint64_t f = frame.value >> kPageShift;
    for (unsigned i = 0; i < region_count_; ++i) {
        const Region& r = regions_[i];
        if (f >= r.first_frame && f < r.first_frame + r.frames) return !test(r, f - r.first_frame);
    }
    return false;
}

uint64_t FrameAllocator::free_frames() const
{
    uint64_t n = 0;
    for (unsigned k = 0; k < region_count_; ++k)
        for (uint64_t i = 0; i < regions_[k].frames; ++i)
            if (!test(regions_[k], i)) ++n;
    return n;
}

uint64_t FrameAllocator::total_frames() const
{
    uint64_t n = 0;
    for (unsigned k = 0; k < region_count_; ++k) n += regions_[k].frames;
    return n;
}

} // namespace hv
