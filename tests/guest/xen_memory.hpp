#pragma once
// memory_op (12) as a test guest calls it on itself: the balloon's
// decrease_reservation / populate_physmap over a list of gfns (one page
// each), the reservation counts, and add/remove_from_physmap.
#include "guest.hpp"

namespace guest::xen {

inline constexpr uint32_t kMemoryOp = 12;
inline constexpr uint32_t kDecreaseReservation = 1, kCurrentReservation = 3, kMaximumReservation = 4,
                          kPopulatePhysmap = 6, kAddToPhysmap = 7, kRemoveFromPhysmap = 15;
inline constexpr uint32_t kMapSpaceSharedInfo = 0, kMapSpaceGrantTable = 1;
inline constexpr uint16_t kDomidSelf = 0x7ff0;

inline uint32_t va(const void* p) { return uint32_t(reinterpret_cast<uintptr_t>(p)); }
inline uint64_t gfn_of(const void* p) { return va(p) >> 12; }
inline uint64_t gfn_of(uint32_t address) { return address >> 12; }

// struct xen_memory_reservation, for DOMID_SELF and order-0 extents.
struct Reservation {
    uint32_t extent_start, extent_start_high;
    uint64_t nr_extents;
    uint32_t extent_order, mem_flags;
    uint16_t domid;
};
static_assert(sizeof(Reservation) == 32);

// decrease_reservation or populate_physmap of `count` pages at `gfns`: the
// number of extents done (the whole list, unless something was refused).
inline long balloon(uint32_t cmd, const uint64_t* gfns, uint32_t count)
{
    Reservation r{va(gfns), 0, count, 0, 0, kDomidSelf};
    return guest_hypercall(kMemoryOp, cmd, va(&r));
}
inline long release_pages(const uint64_t* gfns, uint32_t count) { return balloon(kDecreaseReservation, gfns, count); }
inline long populate_pages(const uint64_t* gfns, uint32_t count) { return balloon(kPopulatePhysmap, gfns, count); }

// XENMEM_current_reservation / maximum_reservation of a domain (this one
// by default), in pages.
inline long reservation(uint32_t cmd, uint16_t domid = kDomidSelf)
{
    return guest_hypercall(kMemoryOp, cmd, va(&domid));
}

// XENMEM_add_to_physmap for this domain: 0 or -errno.
inline long add_to_physmap(uint32_t space, uint64_t idx, uint64_t gfn)
{
    struct {
        uint16_t domid, size;
        uint32_t space;
        uint64_t idx, gpfn;
    } a{kDomidSelf, 0, space, idx, gfn};
    return guest_hypercall(kMemoryOp, kAddToPhysmap, va(&a));
}

inline long remove_from_physmap(uint64_t gfn, uint16_t domid = kDomidSelf)
{
    struct {
        uint16_t domid;
        uint64_t gpfn;
    } r{domid, gfn};
    return guest_hypercall(kMemoryOp, kRemoveFromPhysmap, va(&r));
}

} // namespace guest::xen
