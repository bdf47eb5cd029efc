#pragma once
// Invalidation of stage-2 (guest) TLB entries after a p2m change.
#include <cstdint>

#include "arch/barrier.hpp"
#include "arch/sysreg.hpp"

namespace hv::arch {

// Removes one guest's TLB entries (its VMID's) on every CPU of the
// inner-shareable domain, and no other guest's. TLBIALLIS in Hyp mode acts
// on the VMID in VTTBR, so the guest's VTTBR is loaded for the time of the
// operation (Hyp keeps interrupts masked, and its own accesses do not go
// through stage 2).
inline void flush_guest_tlb(uint64_t vttbr)
{
    dsb_ish(); // the table update is visible before the invalidation
    uint64_t saved = sysreg::read_vttbr();
    if (saved != vttbr) {
        sysreg::write_vttbr(vttbr);
        isb();
    }
    asm volatile("mcr p15, 0, %0, c8, c3, 0" ::"r"(0) : "memory"); // TLBIALLIS
    dsb_ish();
    if (saved != vttbr) sysreg::write_vttbr(saved);
    isb();
}

} // namespace hv::arch
