#pragma once
// Invalidation of stage-2 (guest) TLB entries after a p2m change.
#include <cstdint>

#include "arch/barrier.hpp"

namespace hv::arch {

// Removes every Non-secure PL1&0 TLB entry (all VMIDs) on every CPU of the
// inner-shareable domain: simple, and p2m changes are rare.
inline void flush_guest_tlb(uint8_t /*vmid*/)
{
    dsb_ish();
    asm volatile("mcr p15, 4, %0, c8, c3, 4" ::"r"(0) : "memory"); // TLBIALLNSNHIS
    dsb_ish();
    isb();
}

} // namespace hv::arch
