#pragma once
// A domain's grant table, version 1: shared frames of grant_entry_v1 the
// guest maps into its address space (XENMAPSPACE_grant_table), grown on
// demand up to max_frames.
//
// The frames are the hypervisor's (owner kOwnerXen), each with the one
// reference the table holds until it is destroyed with the domain. lock_
// guards the frame list: memory_op and grant_table_op grow and
// read it from every physical CPU at once. It is held for at most one
// allocation per frame grown (64 in all); the allocator's lock is the only
// one taken under it.
#include <cstdint>
#include <optional>

#include "arch/spinlock.hpp"
#include "mm/address.hpp"

namespace hv {

class FrameAllocator;

class GrantTable {
public:
    static constexpr unsigned kMaxFrames = 64; // Xen's default gnttab_max_frames
    // "Not mapped" in the gfn Xen reports (its INVALID_GFN as an arm32
    // unsigned long, widened to xen_pfn_t).
    static constexpr uint64_t kNoGfn = 0xffffffffu;

    explicit GrantTable(FrameAllocator& frames) : frames_(frames) {}
    ~GrantTable();
    GrantTable(const GrantTable&) = delete;
    GrantTable& operator=(const GrantTable&) = delete;

    unsigned nr_frames() const;
    unsigned max_frames() const { return max_frames_; }
    // createdomain's max_grant_frames (1..kMaxFrames), before the table grows.
    void set_max_frames(unsigned frames) { max_frames_ = frames < kMaxFrames ? frames : kMaxFrames; }
    unsigned version() const { return 1; }
    // Frame `index`, allocating it (and every frame below) on first use.
    std::optional<Pa> frame(unsigned index);
    bool grow_to(unsigned frames);
    // Where the guest mapped frame `index` (kNoGfn: nowhere yet), for an
    // index below nr_frames(). Read and written under the domain's p2m lock
    // (Domain::map_xen_page_once, Domain::xen_page_gfn), not this table's.
    uint64_t& gfn_slot(unsigned index) { return gfn_[index]; }

    // Another domain maps (GNTTABOP_map_grant_ref) or copies through entry
    // `ref`: it must permit access to `mapper` (and writing, if asked). The
    // first pin marks the entry GTF_reading (and GTF_writing), as Xen does,
    // so that the guest knows the page is still in use; the last unpin
    // clears them. Returns a GNTST_* status and the entry's gfn.
    int16_t pin(uint32_t ref, uint16_t mapper, bool write, uint32_t& gfn);
    void unpin(uint32_t ref, bool write);
    // How many entries the table has now.
    uint32_t nr_entries() const;
    // How many of them other domains have pinned now (debug key 'g'): a
    // scan of at most kMaxFrames * 512 counters under the lock.
    uint32_t pinned_entries() const;

private:
    bool grow_locked(unsigned frames);
    struct Pins {
        uint16_t readers, writers;
    };
    static constexpr unsigned kEntriesPerFrame = 512;
    // The shared entry's flags and domid, one 32-bit word (the guest
    // changes it with compare-and-swap too).
    uint32_t* entry_word(uint32_t ref) const;

    FrameAllocator& frames_;
    mutable Spinlock lock_;
    Pa frames_pa_[kMaxFrames] = {};
    uint64_t gfn_[kMaxFrames] = {};
    Pins* pins_[kMaxFrames] = {}; // per frame, a page allocated on the first pin
    Pa pins_page_[kMaxFrames] = {};
    unsigned max_frames_ = kMaxFrames;
    unsigned nr_frames_ = 0;
};

} // namespace hv
