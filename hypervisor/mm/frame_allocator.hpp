#pragma once
// Physical frames: who owns each one, how many references it has, and a
// buddy allocator over the free ones.
//
// Every frame of a region has a FrameInfo in a table carved from the start
// of the region itself, so the allocator needs no memory of its own. Free
// frames form naturally aligned blocks of 2^order frames, one free list per
// order: allocating or freeing costs O(orders), whatever the memory size.
//
// Scrubbing (Xen's idle scrub): a frame handed out is zero and cleaned to
// the point of coherency, whoever had it before. A freed frame still holds
// its last owner's data, so free blocks are of two kinds, in lists of their
// own: clean (zeroed) and dirty (RAM as found at boot, or given back). The
// two never merge. Allocations take clean blocks first and zero a dirty one
// only when no clean block fits; idle CPUs zero dirty blocks a few pages at
// a time (scrub_some), so the cost of a domain's teardown is not paid by
// the next domain's creation.
//
// Ownership (Xen's page_info): a frame in use has an owner (a domain id, or
// kOwnerXen for the hypervisor's own pages) and at least one reference.
// alloc()/claim() hand it out with one: the owner's. Whoever keeps a
// pointer into a frame beyond one call (a vCPU's vcpu_info, later foreign
// and grant mappings) takes another with get() and drops it with put(). The
// last put() frees the frame, so a frame can never become another owner's
// page, or a page table, while anything still refers to it.
//
// Locking: lock_ guards the free lists, the counters and every FrameInfo
// field but refs, which is atomic. A frame's owner changes only while it is
// free or being allocated, never while it has references, which is what
// lets get() check the owner after it took its reference. lock_ is a leaf:
// nothing else is taken while it is held, and it is held for O(orders)
// steps (O(blocks in the range) for claim/reserve, boot-time and 1:1 dom0
// ballooning only). scrub_some zeroes without it: the piece it works on is
// in no list meanwhile, so up to kScrubPages frames per scrubbing CPU are
// counted free but cannot be allocated for that time.
#include <cstdint>
#include <optional>

#include "arch/spinlock.hpp"
#include "lib/status.hpp"
#include "mm/address.hpp"

namespace hv {

class FrameAllocator {
public:
    static constexpr unsigned kMaxRegions = 16;
    static constexpr unsigned kMaxOrder = 18; // 1 GiB blocks
    static constexpr uint16_t kOwnerXen = 0x7ff2; // DOMID_XEN
    static constexpr uint16_t kOwnerNone = 0xffff;

    // Adds [base, base+size) as usable RAM (page-aligned inward).
    Status add_region(Pa base, uint64_t size);
    // Marks the free frames of a range in use by the hypervisor (e.g. boot
    // modules that must survive), before start_scrubbing.
    void reserve(Pa base, uint64_t size);

    // count frames, contiguous, the first aligned to align_frames (a power
    // of 2), each with one reference held by `owner`, zeroed and cleaned.
    std::optional<Pa> alloc(uint64_t count = 1, uint64_t align_frames = 1, uint16_t owner = kOwnerXen);
    // Takes exactly the frames at `base` if they are all free (a 1:1
    // domain getting back the machine page behind a guest frame), zeroed
    // and cleaned as alloc's.
    bool claim(Pa base, uint64_t count = 1, uint16_t owner = kOwnerXen);
    // Frees frames whatever their references: for frames only the
    // hypervisor ever points into (its tables, heap, boot-time undo).
    void free(Pa base, uint64_t count = 1);

    // One more reference to an in-use frame of `owner`; false (and nothing
    // taken) if the frame is free, not RAM, or another owner's.
    bool get(Pa frame, uint16_t owner);
    // Drops a reference; the last one frees the frame.
    void put(Pa frame);

    // Claims (XENMEM_claim_pages): `pages` set aside for `owner`, whose own
    // allocations use them up; everyone else's must leave them free.
    // Returns 0 or -errno as Xen: -EINVAL for a second claim, -ENOMEM when
    // the free memory not claimed is short. pages == 0 drops the claim.
    long set_claim(uint16_t owner, uint64_t pages);
    uint64_t claim_of(uint16_t owner) const;
    uint64_t outstanding_claims() const { return outstanding_; }

    // Lets scrub_some work: once the boot-time layout (reserve, dom0's
    // contiguous RAM) is settled, so that no piece being zeroed is missing
    // from it.
    void start_scrubbing() { __atomic_store_n(&scrubbing_, true, __ATOMIC_RELEASE); }
    // Zeroes up to max_pages of dirty free frames, kScrubPages at a time,
    // for an idle CPU; whether dirty frames remain (false before
    // start_scrubbing). A frame being zeroed cannot be claimed meanwhile:
    // a 1:1 domain asking for it then gets -ENOMEM, as for a frame in use.
    static constexpr unsigned kScrubOrder = 3;
    static constexpr unsigned kScrubPages = 1u << kScrubOrder;
    bool scrub_some(unsigned max_pages);
    uint64_t dirty_frames() const { return __atomic_load_n(&dirty_frames_, __ATOMIC_RELAXED); }

    bool is_free(Pa frame) const;
    uint16_t owner(Pa frame) const;
    uint32_t references(Pa frame) const;

    uint64_t free_frames() const { return free_frames_; }
    uint64_t total_frames() const;
    // The machine's RAM in frames, the hypervisor's image, the boot modules
    // and the frame tables included (sysctl physinfo's total_pages, as Xen);
    // the frames of the regions it was given until the boot code says.
    void set_ram_frames(uint64_t frames) { ram_frames_ = frames; }
    uint64_t ram_frames() const { return ram_frames_ ? ram_frames_ : total_frames(); }
    // One past the highest machine frame of RAM it manages.
    uint64_t end_frame() const;
    unsigned region_count() const { return region_count_; }

private:
    static constexpr uint32_t kNone = 0xffffffffu;
    // What a FrameInfo heads: nothing, or a free block of one kind: listed
    // (the index of its free lists), or being zeroed by scrub_some.
    static constexpr uint8_t kClean = 0, kDirty = 1, kScrubbing = 2, kNotHead = 0xff;
    struct FrameInfo {
        uint32_t next, prev; // free-list links (frame index in the region), while it heads a free block
        uint32_t refs;       // atomic
        uint16_t owner;
        uint8_t order;       // the free block's order, while it heads one
        uint8_t head;        // kNotHead, or the kind of free block it heads
    };
    static_assert(sizeof(FrameInfo) == 16);
    struct Region {
        uint64_t first_frame; // machine frame number of index 0
        uint64_t frames;
        FrameInfo* info;
        uint32_t free_list[2][kMaxOrder + 1]; // [kClean/kDirty][order]
    };

    Region* region_of(uint64_t frame);
    const Region* region_of(uint64_t frame) const;
    // The region and index of a machine frame; region null if not RAM we manage.
    struct Slot {
        Region* region;
        uint64_t index;
        FrameInfo& info() const { return region->info[index]; }
    };
    Slot slot_of(Pa frame) const;
    // Gives one in-use frame back to the free lists (lock_ held).
    void free_frame_locked(const Slot& slot);
    // The free block that contains frame index i, as its head index (one
    // being scrubbed included).
    std::optional<uint32_t> free_block_containing(const Region& r, uint64_t i) const;
    void push(Region& r, uint32_t head, unsigned order, uint8_t kind);
    void unlink(Region& r, uint32_t head);
    // Frees [start, end) of region indexes as blocks of one kind, merging
    // buddies of that kind.
    void free_range(Region& r, uint64_t start, uint64_t end, uint8_t kind);
    void free_block(Region& r, uint64_t head, unsigned order, uint8_t kind);
    // Takes [start, end), all free, for owner (kOwnerNone: reserved);
    // whether any of it was dirty.
    bool take_range(Region& r, uint64_t start, uint64_t end, uint16_t owner);
    bool range_is_free(const Region& r, uint64_t start, uint64_t end) const;
    std::optional<Pa> alloc_locked(uint64_t count, uint64_t align_frames, uint16_t owner, bool& dirty);
    // The buddy search itself, claims aside: clean blocks first.
    std::optional<Pa> take_free_locked(uint64_t count, uint64_t align_frames, uint16_t owner, bool& dirty);
    // Takes the piece of dirty frames to zero next out of the lists (marked
    // kScrubbing); false if none is listed.
    bool take_dirty_piece_locked(Region*& region, uint32_t& head, unsigned& order);
    void release_locked(Pa base, uint64_t count);

    Region regions_[kMaxRegions]{};
    unsigned region_count_ = 0;
    uint64_t free_frames_ = 0;
    uint64_t dirty_frames_ = 0; // free and not yet zeroed (written under lock_, read without)
    bool scrubbing_ = false;
    uint64_t ram_frames_ = 0;
    // Claims by owner (under lock_); at most one per domain.
    struct Claim {
        uint16_t owner;
        uint64_t pages;
    };
    static constexpr unsigned kMaxClaims = 64;
    Claim claims_[kMaxClaims]{};
    uint64_t outstanding_ = 0;
    Claim* claim_locked(uint16_t owner);
    uint64_t unclaimed_locked() const;
    // Whether count frames may go to owner: its own claim first, then what
    // nobody claimed. The claim and how much of it they would use come back.
    bool claims_allow_locked(uint64_t count, uint16_t owner, Claim*& claim, uint64_t& from_claim);
    void use_claim_locked(Claim* claim, uint64_t from_claim);
    mutable Spinlock lock_;
};

} // namespace hv
