#pragma once
// What a paravirtual test guest shares with the hypervisor: page-aligned
// pages to map shared_info into and to hold vcpu_info areas, our guest-side
// view of their layout (Xen's 2-level event channel ABI on arm32; the
// hypervisor's own definitions are checked against Xen's headers), and the
// add_to_physmap call that maps shared_info.
#include "guest.hpp"

namespace guest::xen {

inline constexpr uint32_t kMemoryOp = 12, kAddToPhysmap = 7;
inline constexpr uint16_t kDomidSelf = 0x7ff0;

struct alignas(4096) Page {
    uint8_t bytes[4096];
};

struct VcpuInfo {
    uint8_t upcall_pending, upcall_mask, pad[6];
    uint64_t pending_sel;
    uint8_t time[32];
};
static_assert(sizeof(VcpuInfo) == 48);

struct SharedInfo {
    VcpuInfo vcpu0;
    uint64_t pending[64];
    uint64_t mask[64];
};

inline uint32_t va(const void* p) { return uint32_t(reinterpret_cast<uintptr_t>(p)); }

// XENMEM_add_to_physmap of the domain's shared_info at `page`: 0 or -errno.
inline long map_shared_info(Page& page)
{
    struct {
        uint16_t domid, size;
        uint32_t space;
        uint64_t idx, gpfn;
    } a{kDomidSelf, 0, 0, 0, va(&page) >> 12};
    return guest_hypercall(kMemoryOp, kAddToPhysmap, va(&a));
}

} // namespace guest::xen
