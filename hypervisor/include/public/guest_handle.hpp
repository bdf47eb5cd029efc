#pragma once
// XEN_GUEST_HANDLE on ARM: 8 bytes, 8-byte aligned, for 32-bit and 64-bit
// guests alike; a 32-bit guest's pointer is in the low half. The high half
// may hold garbage (Linux leaves some fields half-initialised), so only the
// low 32 bits are ever used.
#include <cstdint>

namespace xen {

struct alignas(8) guest_handle {
    uint64_t raw;
    uint32_t address() const { return static_cast<uint32_t>(raw); }
};
static_assert(sizeof(guest_handle) == 8);

using xen_pfn_t = uint64_t;
using xen_ulong_t = uint64_t;

} // namespace xen
