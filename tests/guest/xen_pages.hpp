#pragma once
// What a paravirtual test guest shares with the hypervisor: page-aligned
// pages to map shared_info into and to hold vcpu_info areas, our guest-side
// view of their layout (Xen's 2-level event channel ABI on arm32; the
// hypervisor's own definitions are checked against Xen's headers), the
// add_to_physmap call that maps shared_info and the registration of a
// vcpu_info area.
#include "xen_memory.hpp"

namespace guest::xen {

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

// XENMEM_add_to_physmap of the domain's shared_info at `page`: 0 or -errno.
inline long map_shared_info(Page& page) { return add_to_physmap(kMapSpaceSharedInfo, 0, gfn_of(&page)); }

inline constexpr uint32_t kVcpuOp = 24, kRegisterVcpuInfo = 10;

// VCPUOP_register_vcpu_info: `vcpu`'s vcpu_info at `offset` in page `gfn`
// (the field is named mfn; on ARM it is a gfn). 0 or -errno.
inline long register_vcpu_info(uint32_t vcpu, uint64_t gfn, uint32_t offset)
{
    struct {
        uint64_t mfn;
        uint32_t offset, rsvd;
    } r{gfn, offset, 0};
    return guest_hypercall(kVcpuOp, kRegisterVcpuInfo, vcpu, va(&r));
}

} // namespace guest::xen
