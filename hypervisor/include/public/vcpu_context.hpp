#pragma once
// The ARM vCPU context of XEN_DOMCTL_{set,get}vcpucontext (arch-arm.h): 31
// 64-bit register slots shared by AArch64 (x0..x30) and AArch32 guests (the
// banked registers, in the order below), then pc, cpsr and the SPSRs.
#include <cstdint>

namespace xen {

// AArch32 names of the register slots.
enum class Arm32Slot : unsigned {
    r0_usr = 0, r1_usr, r2_usr, r3_usr, r4_usr, r5_usr, r6_usr, r7_usr, r8_usr, r9_usr, r10_usr, r11_usr,
    r12_usr, sp_usr, lr_usr, unused_sp_hyp, lr_irq, sp_irq, lr_svc, sp_svc, lr_abt, sp_abt, lr_und, sp_und,
    r8_fiq, r9_fiq, r10_fiq, r11_fiq, r12_fiq, sp_fiq, lr_fiq,
};

struct vcpu_guest_core_regs {
    uint64_t x[31];
    uint64_t pc;   // pc32 for an AArch32 guest
    uint64_t cpsr; // SPSR_EL2
    union {
        uint64_t spsr_el1;
        uint32_t spsr_svc;
    };
    uint32_t spsr_fiq, spsr_irq, spsr_und, spsr_abt;
    uint64_t sp_el0, sp_el1, elr_el1;

    uint64_t& operator[](Arm32Slot slot) { return x[unsigned(slot)]; }
};
static_assert(sizeof(vcpu_guest_core_regs) == 312);

inline constexpr uint32_t VGCF_online = 1u << 0;

struct vcpu_guest_context {
    uint32_t flags;
    uint32_t pad;
    vcpu_guest_core_regs user_regs;
    uint64_t sctlr;
    uint64_t ttbcr, ttbr0, ttbr1;
};
static_assert(sizeof(vcpu_guest_context) == 352);

} // namespace xen
