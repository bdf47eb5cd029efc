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

} // namespace xen
