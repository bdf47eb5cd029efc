#pragma once
// XEN_SYSCTL (hypercall 35): the 136-byte envelope and the payloads xl uses
// for `xl info`, `xl list` and `xl dmesg` (public/sysctl.h of Xen 4.17;
// interface version 0x15).
#include <cstdint>

#include "include/public/domctl.hpp"
#include "include/public/guest_handle.hpp"

namespace xen {

inline constexpr uint32_t XEN_SYSCTL_INTERFACE_VERSION = 0x00000015;

enum class SysctlCmd : uint32_t {
    readconsole = 1,
    physinfo = 3,
    debug_keys = 7,
    sched_id = 4,
    getdomaininfolist = 6,
    cputopoinfo = 16,
    numainfo = 17,
    cpupool_op = 18,
    scheduler_op = 19,
};

// physinfo capabilities (XEN_SYSCTL_PHYSCAP_*).
inline constexpr uint32_t PHYSCAP_hvm = 1u << 0, PHYSCAP_pv = 1u << 1, PHYSCAP_directio = 1u << 2,
                          PHYSCAP_hap = 1u << 3, PHYSCAP_shadow = 1u << 4, PHYSCAP_iommu_hap_pt_share = 1u << 5,
                          PHYSCAP_vmtrace = 1u << 6, PHYSCAP_vpmu = 1u << 7, PHYSCAP_gnttab_v1 = 1u << 8,
                          PHYSCAP_gnttab_v2 = 1u << 9;

struct xen_sysctl_physinfo {
    uint32_t threads_per_core;
    uint32_t cores_per_socket;
    uint32_t nr_cpus; // online
    uint32_t max_cpu_id;
    uint32_t nr_nodes;
    uint32_t max_node_id;
    uint32_t cpu_khz;
    uint32_t capabilities;
    uint32_t arch_capabilities;
    uint32_t pad;
    uint64_t total_pages;
    uint64_t free_pages;
    uint64_t scrub_pages;
    uint64_t outstanding_pages;
    uint64_t max_mfn;
    uint32_t hw_cap[8];
};
static_assert(sizeof(xen_sysctl_physinfo) == 112);

struct xen_sysctl_getdomaininfolist {
    domid_t first_domain;
    uint16_t pad;
    uint32_t max_domains;
    guest_handle buffer; // xen_domctl_getdomaininfo[max_domains]
    uint32_t num_domains; // OUT
    uint32_t pad2;
};
static_assert(sizeof(xen_sysctl_getdomaininfolist) == 24);

struct xen_sysctl_readconsole {
    uint8_t clear;
    uint8_t incremental;
    uint8_t pad0, pad1;
    uint32_t index;      // IN with incremental: where to start; OUT: where to continue
    guest_handle buffer; // char[count]
    uint32_t count;      // IN: buffer size; OUT: bytes written
    uint32_t pad2;
};
static_assert(sizeof(xen_sysctl_readconsole) == 24);

// Debug keys, as if typed on the hypervisor's console ('g': grant tables).
struct xen_sysctl_debug_keys {
    guest_handle keys; // const char[nr_keys]
    uint32_t nr_keys;
};
static_assert(sizeof(xen_sysctl_debug_keys) == 16);

struct xen_sysctl_sched_id {
    uint32_t sched_id;
};

// Scheduler ids (XEN_SCHEDULER_*), shared with domctl's scheduler_op.
inline constexpr uint32_t XEN_SCHEDULER_CREDIT = 5, XEN_SCHEDULER_CREDIT2 = 6, XEN_SCHEDULER_ARINC653 = 7,
                          XEN_SCHEDULER_RTDS = 8, XEN_SCHEDULER_NULL = 9;

struct xen_sysctl_cputopo {
    uint32_t core;
    uint32_t socket;
    uint32_t node;
};
static_assert(sizeof(xen_sysctl_cputopo) == 12);

struct xen_sysctl_cputopoinfo {
    uint32_t num_cpus;   // IN: entries in cputopo; OUT: CPUs the hypervisor has
    uint32_t pad;
    guest_handle cputopo; // xen_sysctl_cputopo[num_cpus], or null to ask the count
};
static_assert(sizeof(xen_sysctl_cputopoinfo) == 16);

struct xen_sysctl_meminfo {
    uint64_t memsize;
    uint64_t memfree;
};

struct xen_sysctl_numainfo {
    uint32_t num_nodes;    // IN: entries; OUT: nodes the hypervisor has
    uint32_t pad;
    guest_handle meminfo;  // xen_sysctl_meminfo[num_nodes]
    guest_handle distance; // uint32_t[num_nodes * num_nodes]
};
static_assert(sizeof(xen_sysctl_numainfo) == 24);

inline constexpr uint32_t XEN_SYSCTL_CPUPOOL_OP_CREATE = 1, XEN_SYSCTL_CPUPOOL_OP_DESTROY = 2,
                          XEN_SYSCTL_CPUPOOL_OP_INFO = 3, XEN_SYSCTL_CPUPOOL_OP_ADDCPU = 4,
                          XEN_SYSCTL_CPUPOOL_OP_RMCPU = 5, XEN_SYSCTL_CPUPOOL_OP_MOVEDOMAIN = 6,
                          XEN_SYSCTL_CPUPOOL_OP_FREEINFO = 7;
inline constexpr uint32_t XEN_SYSCTL_CPUPOOL_PAR_ANY = 0xffffffffu;

struct xen_sysctl_cpupool_op {
    uint32_t op;
    uint32_t cpupool_id; // IN/OUT
    uint32_t sched_id;   // OUT (INFO)
    uint32_t domid;      // IN (MOVEDOMAIN)
    uint32_t cpu;        // IN (ADDCPU, RMCPU)
    uint32_t n_dom;      // OUT (INFO)
    xenctl_bitmap cpumap; // OUT (INFO, FREEINFO)
};
static_assert(sizeof(xen_sysctl_cpupool_op) == 40);

inline constexpr uint32_t XEN_SYSCTL_SCHEDOP_putinfo = 0, XEN_SYSCTL_SCHEDOP_getinfo = 1;

struct xen_sysctl_scheduler_op {
    uint32_t cpupool_id;
    uint32_t sched_id;
    uint32_t cmd;
    uint32_t pad;
    union {
        struct {
            uint32_t tslice_ms;
            uint32_t ratelimit_us;
            uint32_t vcpu_migr_delay_us;
        } sched_credit;
        struct {
            uint32_t ratelimit_us;
        } sched_credit2;
        guest_handle arinc653_schedule;
    } u;
};
static_assert(sizeof(xen_sysctl_scheduler_op) == 32);

struct alignas(8) xen_sysctl {
    uint32_t cmd;
    uint32_t interface_version;
    union {
        xen_sysctl_readconsole readconsole;
        xen_sysctl_physinfo physinfo;
        xen_sysctl_debug_keys debug_keys;
        xen_sysctl_sched_id sched_id;
        xen_sysctl_getdomaininfolist getdomaininfolist;
        xen_sysctl_cputopoinfo cputopoinfo;
        xen_sysctl_numainfo numainfo;
        xen_sysctl_cpupool_op cpupool_op;
        xen_sysctl_scheduler_op scheduler_op;
        uint8_t pad[128];
    } u;
};
static_assert(sizeof(xen_sysctl) == 136);

} // namespace xen
