#pragma once
// Host build: the per-vCPU register state generic code touches.
#include <cstdint>

#include "arch/trap_frame.hpp"

namespace hv::arch {

struct VcpuContext {
    uint32_t sctlr = 0, actlr = 0, vpidr = 0, vmpidr = 0, hcr = 0;
    uint32_t cntv_ctl = 0;
    uint64_t cntv_cval = 0, cntvoff = 0, vttbr = 0;
    // What the toolstack sets (XEN_DOMCTL_setvcpucontext), as on arm32.
    uint32_t banked[21] = {}; // indexed by guest::Banked
    uint32_t ttbcr = 0;
    uint64_t ttbr0 = 0, ttbr1 = 0;
};

void vcpu_context_init(VcpuContext& ctx, unsigned vcpu_id, uint8_t vmid, uint64_t stage2_root, uint64_t cntvoff);
void vcpu_context_save(VcpuContext& ctx);
void vcpu_context_load(const VcpuContext& ctx);
inline constexpr uint32_t kHcrVirtualAbort = 1u << 8;
inline void set_virtual_abort(VcpuContext& ctx) { ctx.hcr |= kHcrVirtualAbort; }
[[noreturn]] void enter_guest(const TrapFrame& frame);

} // namespace hv::arch
