#pragma once
// grant_table_op (20), v1 (public/grant_table.h).
#include <cstdint>

#include "include/public/guest_handle.hpp"
#include "include/public/xen.hpp"

namespace xen {

enum class GnttabOp : uint32_t {
    map_grant_ref = 0,
    unmap_grant_ref = 1,
    setup_table = 2,
    dump_table = 3,
    transfer = 4,
    copy = 5,
    query_size = 6,
    unmap_and_replace = 7,
    set_version = 8,
    get_status_frames = 9,
    get_version = 10,
    swap_grant_ref = 11,
    cache_flush = 12,
};

inline constexpr int16_t GNTST_okay = 0, GNTST_general_error = -1, GNTST_bad_domain = -2, GNTST_bad_gntref = -3,
                         GNTST_bad_handle = -4, GNTST_bad_virt_addr = -5, GNTST_permission_denied = -8,
                         GNTST_bad_page = -9, GNTST_bad_copy_arg = -10, GNTST_no_space = -13;

inline constexpr uint32_t GNTMAP_device_map = 1u << 0, GNTMAP_host_map = 1u << 1, GNTMAP_readonly = 1u << 2,
                          GNTMAP_application_map = 1u << 3, GNTMAP_contains_pte = 1u << 4;

struct gnttab_map_grant_ref {
    uint64_t host_addr; // a translated caller: the guest-physical address to map at
    uint32_t flags;     // GNTMAP_*
    uint32_t ref;
    domid_t dom;
    int16_t status;     // OUT
    uint32_t handle;    // OUT
    uint64_t dev_bus_addr; // OUT
};
static_assert(sizeof(gnttab_map_grant_ref) == 32);

struct gnttab_unmap_grant_ref {
    uint64_t host_addr;
    uint64_t dev_bus_addr;
    uint32_t handle;
    int16_t status; // OUT
};
static_assert(sizeof(gnttab_unmap_grant_ref) == 24);

// GNTTABOP_unmap_and_replace: an unmap that would put new_addr's mapping
// in its place (x86 PV); on ARM only new_addr 0 is accepted.
struct gnttab_unmap_and_replace {
    uint64_t host_addr;
    uint64_t new_addr;
    uint32_t handle;
    int16_t status; // OUT
};
static_assert(sizeof(gnttab_unmap_and_replace) == 24);

// GNTTABOP_cache_flush: cache maintenance on part of a page the caller
// owns or has mapped from a grant, named by its bus (machine) address.
inline constexpr uint32_t GNTTAB_CACHE_CLEAN = 1u << 0, GNTTAB_CACHE_INVAL = 1u << 1,
                          GNTTAB_CACHE_SOURCE_GREF = 1u << 31;
struct gnttab_cache_flush {
    union {
        uint64_t dev_bus_addr;
        uint32_t ref;
    } a;
    uint16_t offset;
    uint16_t length;
    uint32_t op; // GNTTAB_CACHE_*
};
static_assert(sizeof(gnttab_cache_flush) == 16);

inline constexpr uint16_t GNTCOPY_source_gref = 1u << 0, GNTCOPY_dest_gref = 1u << 1;

struct gnttab_copy_ptr {
    union {
        uint32_t ref;
        xen_pfn_t gmfn;
    } u;
    domid_t domid;
    uint16_t offset;
};
static_assert(sizeof(gnttab_copy_ptr) == 16);

struct gnttab_copy {
    gnttab_copy_ptr source, dest;
    uint16_t len;
    uint16_t flags; // GNTCOPY_*
    int16_t status; // OUT
};
static_assert(sizeof(gnttab_copy) == 40);

struct gnttab_setup_table {
    domid_t dom;
    uint32_t nr_frames;
    int16_t status;
    guest_handle frame_list; // xen_pfn_t[]
};
static_assert(sizeof(gnttab_setup_table) == 24);

struct gnttab_query_size {
    domid_t dom;
    uint32_t nr_frames;
    uint32_t max_nr_frames;
    int16_t status;
};
static_assert(sizeof(gnttab_query_size) == 16);

struct gnttab_set_version {
    uint32_t version;
};

struct gnttab_get_version {
    domid_t dom;
    uint16_t pad;
    uint32_t version;
};
static_assert(sizeof(gnttab_get_version) == 8);

struct grant_entry_v1 {
    uint16_t flags;
    domid_t domid;
    uint32_t frame;
};
static_assert(sizeof(grant_entry_v1) == 8);

inline constexpr uint16_t GTF_permit_access = 1, GTF_type_mask = 3, GTF_readonly = 1u << 2, GTF_reading = 1u << 3,
                          GTF_writing = 1u << 4, GTF_sub_page = 1u << 8;
// Entries the toolstack fills before the guest starts.
inline constexpr uint32_t GNTTAB_RESERVED_CONSOLE = 0, GNTTAB_RESERVED_XENSTORE = 1;

} // namespace xen
