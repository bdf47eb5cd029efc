#pragma once
// XEN_DOMCTL (hypercall 36): the 144-byte envelope and the payloads the
// toolstack uses to create, build, inspect and destroy a domain on ARM
// (public/domctl.h of Xen 4.17; interface version 0x15).
#include <cstdint>

#include "include/public/guest_handle.hpp"
#include "include/public/xen.hpp"

namespace xen {

inline constexpr uint32_t XEN_DOMCTL_INTERFACE_VERSION = 0x00000015;

enum class DomctlCmd : uint32_t {
    createdomain = 1,
    destroydomain = 2,
    pausedomain = 3,
    unpausedomain = 4,
    getdomaininfo = 5,
    setvcpuaffinity = 9,
    max_mem = 11,
    setvcpucontext = 12,
    getvcpucontext = 13,
    getvcpuinfo = 14,
    max_vcpus = 15,
    scheduler_op = 16,
    setdomainhandle = 17,
    irq_permission = 19,
    iomem_permission = 20,
    getvcpuaffinity = 25,
    resumedomain = 27,
    set_address_size = 35,
    assign_device = 37,
    bind_pt_irq = 38,
    memory_mapping = 39,
    set_target = 46,
    setnodeaffinity = 68,
    getnodeaffinity = 69,
    cacheflush = 71,
    vuart_op = 81,
    get_paging_mempool_size = 85,
    set_paging_mempool_size = 86,
};

// createdomain flags (XEN_DOMCTL_CDF_*).
inline constexpr uint32_t CDF_hvm = 1u << 0, CDF_hap = 1u << 1, CDF_s3_integrity = 1u << 2, CDF_oos_off = 1u << 3,
                          CDF_xs_domain = 1u << 4, CDF_iommu = 1u << 5, CDF_nested_virt = 1u << 6,
                          CDF_vpmu = 1u << 7;

inline constexpr uint8_t XEN_DOMCTL_CONFIG_GIC_NATIVE = 0, XEN_DOMCTL_CONFIG_GIC_V2 = 1,
                         XEN_DOMCTL_CONFIG_GIC_V3 = 2;
inline constexpr uint16_t XEN_DOMCTL_CONFIG_TEE_NONE = 0, XEN_DOMCTL_CONFIG_TEE_OPTEE = 1;

struct xen_arch_domainconfig {
    uint8_t gic_version;      // IN/OUT: NATIVE is resolved by the hypervisor
    uint8_t pad;
    uint16_t tee_type;        // IN
    uint32_t nr_spis;         // IN
    uint32_t clock_frequency; // OUT: 0 means "leave it out of the DT"
};
static_assert(sizeof(xen_arch_domainconfig) == 12);

struct xen_domctl_createdomain {
    uint32_t ssidref;
    uint8_t handle[16]; // the domain's UUID
    uint32_t flags;
    uint32_t iommu_opts;
    uint32_t max_vcpus;
    uint32_t max_evtchn_port;
    int32_t max_grant_frames;    // -1: the hypervisor's default
    int32_t max_maptrack_frames; // -1: the hypervisor's default
    uint32_t grant_opts;         // low 4 bits: highest grant-table version
    uint32_t vmtrace_size;
    uint32_t cpupool_id;
    xen_arch_domainconfig arch;
};
static_assert(sizeof(xen_domctl_createdomain) == 68);

// getdomaininfo flags (XEN_DOMINF_*) and the shutdown reason field.
inline constexpr uint32_t DOMINF_dying = 1u << 0, DOMINF_hvm_guest = 1u << 1, DOMINF_shutdown = 1u << 2,
                          DOMINF_paused = 1u << 3, DOMINF_blocked = 1u << 4, DOMINF_running = 1u << 5,
                          DOMINF_debugged = 1u << 6, DOMINF_xs_domain = 1u << 7, DOMINF_hap = 1u << 8;
inline constexpr unsigned DOMINF_shutdownshift = 16;
inline constexpr uint32_t DOMINF_shutdownmask = 0xff;

struct xen_domctl_getdomaininfo {
    domid_t domain;
    uint16_t pad1;
    uint32_t flags;
    uint64_t tot_pages;
    uint64_t max_pages;
    uint64_t outstanding_pages;
    uint64_t shr_pages;
    uint64_t paged_pages;
    uint64_t shared_info_frame;
    uint64_t cpu_time; // ns
    uint32_t nr_online_vcpus;
    uint32_t max_vcpu_id;
    uint32_t ssidref;
    uint8_t handle[16];
    uint32_t cpupool;
    uint8_t gpaddr_bits;
    uint8_t pad2[7];
    xen_arch_domainconfig arch_config;
    uint32_t pad3;
};
static_assert(sizeof(xen_domctl_getdomaininfo) == 120);

struct xen_domctl_max_mem {
    uint64_t max_memkb;
};
struct xen_domctl_max_vcpus {
    uint32_t max;
};
struct xen_domctl_address_size {
    uint32_t size;
};
struct xen_domctl_vcpucontext {
    uint32_t vcpu;
    uint32_t pad;
    guest_handle ctxt; // vcpu_guest_context
};
static_assert(sizeof(xen_domctl_vcpucontext) == 16);

struct xen_domctl_getvcpuinfo {
    uint32_t vcpu;
    uint8_t online, blocked, running, pad;
    uint64_t cpu_time;
    uint32_t cpu;
    uint32_t pad2;
};
static_assert(sizeof(xen_domctl_getvcpuinfo) == 24);

struct xenctl_bitmap {
    guest_handle bitmap; // uint8_t[]
    uint32_t nr_bits;
    uint32_t pad;
};
static_assert(sizeof(xenctl_bitmap) == 16);

inline constexpr uint32_t XEN_VCPUAFFINITY_HARD = 1u << 0, XEN_VCPUAFFINITY_SOFT = 1u << 1,
                          XEN_VCPUAFFINITY_FORCE = 1u << 2;
struct xen_domctl_vcpuaffinity {
    uint32_t vcpu;
    uint32_t flags;
    xenctl_bitmap cpumap_hard;
    xenctl_bitmap cpumap_soft;
};
static_assert(sizeof(xen_domctl_vcpuaffinity) == 40);

struct xen_domctl_cacheflush {
    xen_pfn_t start_pfn;
    xen_pfn_t nr_pfns;
};
inline constexpr uint64_t kCacheflushMaxPfns = 1ull << 18; // per call, on ARM

struct xen_domctl_paging_mempool {
    uint64_t size; // bytes
};

struct xen_domctl_iomem_permission {
    uint64_t first_mfn;
    uint64_t nr_mfns;
    uint8_t allow_access;
    uint8_t pad[7];
};
static_assert(sizeof(xen_domctl_iomem_permission) == 24);

struct xen_domctl_memory_mapping {
    uint64_t first_gfn;
    uint64_t first_mfn;
    uint64_t nr_mfns;
    uint32_t add_mapping; // 1 add, 0 remove
    uint32_t pad;
};
static_assert(sizeof(xen_domctl_memory_mapping) == 32);

inline constexpr uint32_t PT_IRQ_TYPE_SPI = 4;
struct xen_domctl_bind_pt_irq {
    uint32_t machine_irq;
    uint32_t irq_type;
    union {
        uint16_t spi;
        uint64_t pad[2];
    } u;
};
static_assert(sizeof(xen_domctl_bind_pt_irq) == 24);

inline constexpr uint32_t XEN_DOMCTL_VUART_OP_INIT = 0, XEN_DOMCTL_VUART_TYPE_VPL011 = 0;
struct xen_domctl_vuart_op {
    uint32_t cmd;
    uint32_t type;
    uint64_t gfn; // the ring page
    domid_t console_domid;
    uint8_t pad[2];
    uint32_t evtchn; // OUT: the remote port of the vuart's channel
};
static_assert(sizeof(xen_domctl_vuart_op) == 24);

struct xen_domctl_set_target {
    domid_t target;
};

inline constexpr uint32_t XEN_DOMCTL_SCHEDOP_putinfo = 0, XEN_DOMCTL_SCHEDOP_getinfo = 1,
                          XEN_DOMCTL_SCHEDOP_putvcpuinfo = 2, XEN_DOMCTL_SCHEDOP_getvcpuinfo = 3;

struct xen_domctl_scheduler_op {
    uint32_t sched_id; // XEN_SCHEDULER_*
    uint32_t cmd;      // XEN_DOMCTL_SCHEDOP_*
    union {
        struct {
            uint16_t weight;
            uint16_t cap;
        } credit, credit2;
        struct {
            uint32_t period;
            uint32_t budget;
            uint32_t flags;
        } rtds;
        struct {
            guest_handle vcpus;
            uint32_t nr_vcpus;
            uint32_t padding;
        } v;
    } u;
};
static_assert(sizeof(xen_domctl_scheduler_op) == 24);

struct xen_domctl_nodeaffinity {
    xenctl_bitmap nodemap;
};
static_assert(sizeof(xen_domctl_nodeaffinity) == 16);

struct xen_domctl_setdomainhandle {
    uint8_t handle[16];
};

struct alignas(8) xen_domctl {
    uint32_t cmd;
    uint32_t interface_version;
    domid_t domain;
    uint16_t pad[3];
    union {
        xen_domctl_createdomain createdomain;
        xen_domctl_getdomaininfo getdomaininfo;
        xen_domctl_max_mem max_mem;
        xen_domctl_max_vcpus max_vcpus;
        xen_domctl_address_size address_size;
        xen_domctl_vcpucontext vcpucontext;
        xen_domctl_getvcpuinfo getvcpuinfo;
        xen_domctl_vcpuaffinity vcpuaffinity;
        xen_domctl_cacheflush cacheflush;
        xen_domctl_paging_mempool paging_mempool;
        xen_domctl_iomem_permission iomem_permission;
        xen_domctl_memory_mapping memory_mapping;
        xen_domctl_bind_pt_irq bind_pt_irq;
        xen_domctl_vuart_op vuart_op;
        xen_domctl_set_target set_target;
        xen_domctl_scheduler_op scheduler_op;
        xen_domctl_setdomainhandle setdomainhandle;
        xen_domctl_nodeaffinity nodeaffinity;
        uint8_t pad[128];
    } u;
};
static_assert(sizeof(xen_domctl) == 144);

} // namespace xen
