#pragma once
// Host build: no TLB to invalidate; counted, with the last VTTBR, for tests.
#include <cstdint>

namespace hv::arch {
namespace host {
unsigned& guest_tlb_flushes();
uint64_t& last_flushed_vttbr();
} // namespace host
inline void flush_guest_tlb(uint64_t vttbr)
{
    ++host::guest_tlb_flushes();
    host::last_flushed_vttbr() = vttbr;
}
} // namespace hv::arch
