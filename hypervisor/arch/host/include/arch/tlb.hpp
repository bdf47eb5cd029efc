#pragma once
// Host build: no TLB to invalidate; counted, with the last VTTBR, for tests.
#include <cstdint>

namespace hv::arch {
namespace host {
unsigned& guest_tlb_flushes();
uint64_t& last_flushed_vttbr();
// Called at each flush, if set: a test looks at the world at that moment.
using FlushObserver = void (*)(void* context);
void set_flush_observer(FlushObserver observer, void* context);
void notify_flush_observer();
} // namespace host
inline void flush_guest_tlb(uint64_t vttbr)
{
    ++host::guest_tlb_flushes();
    host::last_flushed_vttbr() = vttbr;
    host::notify_flush_observer();
}
} // namespace hv::arch
