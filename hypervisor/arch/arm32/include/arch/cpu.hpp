#pragma once
// The few CPU services generic code needs: time, halting, physical memory
// access. The hypervisor maps RAM 1:1, so a machine address is its own pointer.
#include <cstdint>

#include "arch/sysreg.hpp"

namespace hv::arch {

inline uint64_t counter() { return sysreg::read_cntpct(); }
// The logical number of this physical CPU (0 = the boot CPU), kept in HTPIDR.
inline unsigned cpu_index() { return sysreg::read_htpidr(); }
inline uint32_t counter_frequency() { return sysreg::read_cntfrq(); }

[[noreturn]] inline void halt_cpu()
{
    asm volatile("cpsid aif" ::: "memory");
    for (;;) asm volatile("wfi" ::: "memory");
}

// A spin-wait step: tells the CPU (and an SMT sibling, or QEMU) we wait.
inline void cpu_relax() { asm volatile("yield" ::: "memory"); }

// Sleeps until an interrupt is pending (taken or not: Hyp keeps them masked).
inline void wait_for_interrupt() { asm volatile("dsb sy\n\twfi" ::: "memory"); }

// Whether a physical interrupt (or FIQ) waits to be taken: Hyp keeps them
// masked while it works, and a long hypercall gives way to them (ISR).
inline bool interrupt_pending()
{
    uint32_t isr;
    asm volatile("mrc p15, 0, %0, c12, c1, 0" : "=r"(isr));
    return isr & ((1u << 7) | (1u << 6));
}

inline void* phys_to_virt(uint64_t pa) { return reinterpret_cast<void*>(static_cast<uintptr_t>(pa)); }
inline uint64_t virt_to_phys(const void* va) { return reinterpret_cast<uintptr_t>(va); }

// Makes a page-table update visible to the table walker: the walker does not
// snoop the data cache on every implementation, so clean the lines by VA.
void clean_dcache_range(const void* start, uint32_t size);
// Cleans and invalidates (XEN_DOMCTL_cacheflush: what the toolstack wrote
// reaches RAM, and no line of it shadows what a guest with caches off
// writes later).
void clean_and_invalidate_dcache_range(const void* start, uint32_t size);

// Zeroes [pa, pa+size) (whole cache lines) and cleans it to the point of
// coherency: memory handed to a guest, which may read it with its caches
// off, holds nothing of its previous owner (Xen's scrub and
// flush_page_to_ram).
void zero_and_clean(uint64_t pa, uint64_t size);

} // namespace hv::arch
