#pragma once
// Host build: no TLB to invalidate; counted for tests.
#include <cstdint>

namespace hv::arch {
namespace host {
unsigned& guest_tlb_flushes();
}
inline void flush_guest_tlb(uint8_t) { ++host::guest_tlb_flushes(); }
} // namespace hv::arch
