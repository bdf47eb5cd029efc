#pragma once
// Memory barriers. dsb waits for completion (needed before a page-table
// change is used, and before TLB maintenance); isb refetches after a system
// register write; dmb orders plain memory accesses between observers.
namespace hv::arch {
inline void dsb() { asm volatile("dsb sy" ::: "memory"); }
inline void dsb_ish() { asm volatile("dsb ish" ::: "memory"); }
inline void dmb() { asm volatile("dmb sy" ::: "memory"); }
inline void isb() { asm volatile("isb" ::: "memory"); }
} // namespace hv::arch
