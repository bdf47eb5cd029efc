#pragma once
// The grants a domain has mapped from others (Xen's maptrack): the handle
// GNTTABOP_map_grant_ref gives back names one entry until it is unmapped.
//
// An entry holds a reference to the granting domain (its grant table and
// pins stay valid until the unmap, even if it is destroyed meanwhile) and
// the pin on its grant entry. The page reference is held by the p2m leaf
// (host_map), or by the entry itself (device_map only).
//
// Entries live in whole pages from the frame allocator (as Xen's maptrack
// frames), not in the hypervisor's small heap, allocated as they are
// needed up to the domain's limit. lock_ guards them; it is a leaf, held
// for one search from the first free slot.
#include <cstdint>
#include <optional>

#include "arch/spinlock.hpp"
#include "mm/address.hpp"

namespace hv {

class Domain;
class FrameAllocator;

class GrantMaps {
public:
    static constexpr unsigned kMaxHandles = 4096;

    struct Entry {
        Domain* granter = nullptr; // with a reference held, while in use
        uint32_t ref = 0;
        uint64_t gfn = 0; // where it is mapped (host_map)
        Pa frame{};
        bool write = false;
        bool host_map = false;
    };

    explicit GrantMaps(FrameAllocator& frames) : frames_(frames) {}
    ~GrantMaps();
    GrantMaps(const GrantMaps&) = delete;
    GrantMaps& operator=(const GrantMaps&) = delete;

    // The most handles it may have at once (createdomain's
    // max_maptrack_frames, 256 handles a frame as Xen; at most kMaxHandles).
    void set_limit(unsigned handles) { limit_ = handles < kMaxHandles ? handles : kMaxHandles; }
    // Records a mapping; nullopt when the limit is reached or no page is left.
    std::optional<uint32_t> add(const Entry& e);
    // Takes out the entry of `handle` if it is in use and, when host_addr is
    // not 0, mapped at that address (Xen's check); nullopt otherwise.
    std::optional<Entry> take(uint32_t handle, uint64_t host_addr);
    // Takes out the next entry in use from `cursor` on, moving it past
    // (teardown, a step at a time); nullopt when none is left.
    std::optional<Entry> take_next(uint32_t& cursor);
    unsigned in_use() const;
    unsigned limit() const { return limit_; }
    // Pages its entries live in (Xen's maptrack frames), kept until the end.
    unsigned pages() const;
    // A reference to `frame` if an entry here maps it (what
    // GNTTABOP_cache_flush may touch), taken under the lock: the entry's
    // own reference keeps the frame its granter's meanwhile, so the get
    // cannot fail or free (the allocator's lock is never taken under ours).
    // False if no entry maps it. A scan of at most kMaxHandles slots.
    bool reference_mapped_frame(Pa frame);

private:
    struct Slot {
        Entry entry;
        bool used;
    };
    static constexpr unsigned kPerPage = kPageSize / sizeof(Slot);
    static constexpr unsigned kMaxPages = (kMaxHandles + kPerPage - 1) / kPerPage;
    Slot* slot(uint32_t handle) const;

    FrameAllocator& frames_;
    mutable Spinlock lock_;
    Pa pages_[kMaxPages] = {};
    Slot* slots_[kMaxPages] = {};
    unsigned in_use_ = 0;
    unsigned limit_ = kMaxHandles;
    uint32_t first_free_ = 0; // no free slot below it
};

} // namespace hv
