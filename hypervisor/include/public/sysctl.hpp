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

struct xen_sysctl_sched_id {
    uint32_t sched_id;
};

struct alignas(8) xen_sysctl {
    uint32_t cmd;
    uint32_t interface_version;
    union {
        xen_sysctl_readconsole readconsole;
        xen_sysctl_physinfo physinfo;
        xen_sysctl_sched_id sched_id;
        xen_sysctl_getdomaininfolist getdomaininfolist;
        uint8_t pad[128];
    } u;
};
static_assert(sizeof(xen_sysctl) == 136);

} // namespace xen
