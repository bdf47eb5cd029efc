#pragma once
// A domain's grant table, version 1: shared frames of grant_entry_v1 the
// guest maps into its address space (XENMAPSPACE_grant_table), grown on
// demand up to max_frames.
#include <cstdint>
#include <optional>

#include "mm/address.hpp"

namespace hv {

class FrameAllocator;

class GrantTable {
public:
    static constexpr unsigned kMaxFrames = 64; // Xen's default gnttab_max_frames

    explicit GrantTable(FrameAllocator& frames) : frames_(frames) {}
    ~GrantTable();
    GrantTable(const GrantTable&) = delete;
    GrantTable& operator=(const GrantTable&) = delete;

    unsigned nr_frames() const { return nr_frames_; }
    unsigned max_frames() const { return kMaxFrames; }
    unsigned version() const { return 1; }
    // Frame `index`, allocating it (and every frame below) on first use.
    std::optional<Pa> frame(unsigned index);
    bool grow_to(unsigned frames);

private:
    FrameAllocator& frames_;
    Pa frames_pa_[kMaxFrames] = {};
    unsigned nr_frames_ = 0;
};

} // namespace hv
