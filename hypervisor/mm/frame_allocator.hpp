#pragma once
// Physical frame allocator: a bitmap per RAM region (bit set = in use). The
// bitmap of a region is carved from the start of the region itself, so the
// allocator needs no memory of its own. Contiguous, aligned runs are found
// by scanning only at aligned positions.
#include <cstdint>
#include <optional>

#include "lib/status.hpp"
#include "mm/address.hpp"

namespace hv {

class FrameAllocator {
public:
    static constexpr unsigned kMaxRegions = 16;

    // Adds [base, base+size) as usable RAM (page-aligned inward).
    Status add_region(Pa base, uint64_t size);
    // Marks frames in use (e.g. boot modules that must survive).
    void reserve(Pa base, uint64_t size);

    // count frames, contiguous, the first aligned to align_frames (a power of 2).
    std::optional<Pa> alloc(uint64_t count = 1, uint64_t align_frames = 1);
    void free(Pa base, uint64_t count = 1);
    // Takes exactly the frames at `base` if they are all free (a 1:1
    // domain getting back the machine page behind a guest frame).
    bool claim(Pa base, uint64_t count = 1);
    bool is_free(Pa frame) const;

    uint64_t free_frames() const;
    uint64_t total_frames() const;
    unsigned region_count() const { return region_count_; }

private:
    struct Region {
        uint64_t first_frame;
        uint64_t frames;
        uint32_t* bitmap;
    };
    bool test(const Region& r, uint64_t i) const { return r.bitmap[i / 32] & (1u << (i % 32)); }
    void set(Region& r, uint64_t i, bool used);
    bool run_is_free(const Region& r, uint64_t start, uint64_t count) const;
    Region* region_of(uint64_t frame);

    Region regions_[kMaxRegions]{};
    unsigned region_count_ = 0;
};

} // namespace hv
