#pragma once
// The part of a vCPU's state that lives in system registers rather than in
// the trap frame: the guest's banked registers, its PL1 system registers, its
// virtual timer, and the Hyp controls that are per vCPU. Switched on every
// change of vCPU on a physical CPU.
#include <cstdint>

#include "arch/guest.hpp"
#include "arch/trap_frame.hpp"

namespace hv::arch {

struct VfpState {
    uint64_t d[32];
    uint32_t fpscr;
    uint32_t fpexc;
};
static_assert(sizeof(VfpState) == 264); // offsets used by vfp.S

struct VcpuContext {
    uint32_t banked[21]; // indexed by guest::Banked
    uint32_t sctlr, actlr, cpacr, ttbcr, dacr;
    uint32_t dfsr, ifsr, adfsr, aifsr, dfar, ifar;
    uint32_t mair0, mair1, amair0, amair1, vbar;
    uint32_t fcseidr, contextidr, tpidrurw, tpidruro, tpidrprw, csselr;
    uint32_t cntkctl, cntv_ctl;
    uint32_t teecr, teehbr; // ThumbEE: PL1 and PL0 reach them untrapped
    uint64_t ttbr0, ttbr1, par, cntv_cval, cntvoff;
    VfpState vfp;
    // Hyp controls
    uint32_t hcr, vmpidr, vpidr;
    uint64_t vttbr;
};

// A vCPU as after reset: MMU and caches off, ACTLR as the host's.
void vcpu_context_init(VcpuContext& ctx, unsigned vcpu_id, uint8_t vmid, uint64_t stage2_root, uint64_t cntvoff);
void vcpu_context_save(VcpuContext& ctx);
void vcpu_context_load(const VcpuContext& ctx);
// A virtual abort pending for the vCPU whose context is loaded here (HCR.VA,
// which the CPU clears when the guest takes it; saved with the context).
void set_virtual_abort(VcpuContext& ctx);

// Leaves the hypervisor for the guest whose context is loaded, with these
// registers. The Hyp stack is reset: whatever C++ frames were live are gone.
[[noreturn]] void enter_guest(const TrapFrame& frame);

} // namespace hv::arch
