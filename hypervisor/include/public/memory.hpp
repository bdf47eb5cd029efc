#pragma once
// memory_op (12) sub-operations and arguments (public/memory.h).
#include <cstdint>

#include "include/public/guest_handle.hpp"
#include "include/public/xen.hpp"

namespace xen {

enum class MemoryOp : uint32_t {
    increase_reservation = 0,
    decrease_reservation = 1,
    maximum_ram_page = 2,
    current_reservation = 3,
    maximum_reservation = 4,
    populate_physmap = 6,
    add_to_physmap = 7,
    remove_from_physmap = 15,
    add_to_physmap_batch = 23,
    claim_pages = 24,
    acquire_resource = 28,
};
inline constexpr uint32_t MEMOP_CMD_MASK = 0x3f;
inline constexpr unsigned MEMOP_EXTENT_SHIFT = 6;

inline constexpr uint32_t XENMAPSPACE_shared_info = 0, XENMAPSPACE_grant_table = 1, XENMAPSPACE_gmfn = 2,
                          XENMAPSPACE_gmfn_range = 3, XENMAPSPACE_gmfn_foreign = 4, XENMAPSPACE_dev_mmio = 5;
inline constexpr uint64_t XENMAPIDX_grant_table_status = 0x80000000u;

struct xen_memory_reservation {
    guest_handle extent_start; // xen_pfn_t[]
    xen_ulong_t nr_extents;
    uint32_t extent_order;
    uint32_t mem_flags;
    domid_t domid;
};
static_assert(sizeof(xen_memory_reservation) == 32);

struct xen_add_to_physmap {
    domid_t domid;
    uint16_t size;
    uint32_t space;
    xen_ulong_t idx;
    xen_pfn_t gpfn;
};
static_assert(sizeof(xen_add_to_physmap) == 24);

struct xen_remove_from_physmap {
    domid_t domid;
    xen_pfn_t gpfn;
};
static_assert(sizeof(xen_remove_from_physmap) == 16);

// XENMEM_add_to_physmap_batch: `size` entries, idxs[i] mapped at gpfns[i];
// each entry's result goes to errs[i].
struct xen_add_to_physmap_batch {
    domid_t domid;
    uint16_t space;
    uint16_t size;
    domid_t foreign_domid; // XENMAPSPACE_gmfn_foreign: whose gfns idxs are
    guest_handle idxs;     // xen_ulong_t[size]
    guest_handle gpfns;    // xen_pfn_t[size]
    guest_handle errs;     // int[size]
};
static_assert(sizeof(xen_add_to_physmap_batch) == 32);

inline constexpr uint16_t XENMEM_resource_grant_table = 1;
inline constexpr uint32_t XENMEM_resource_grant_table_id_shared = 0, XENMEM_resource_grant_table_id_status = 1;

// XENMEM_acquire_resource: frames [frame, frame+nr_frames) of a domain's
// resource, mapped in the (translated) caller at the gfns of frame_list;
// nr_frames 0 asks how many there may be.
struct xen_mem_acquire_resource {
    domid_t domid;
    uint16_t type;
    uint32_t id;
    uint32_t nr_frames;
    uint32_t pad;
    uint64_t frame;
    guest_handle frame_list; // xen_pfn_t[nr_frames]
};
static_assert(sizeof(xen_mem_acquire_resource) == 32);

} // namespace xen
