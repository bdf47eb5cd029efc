#pragma once
// Device register access. Device memory is mapped Device-nGnRE, so the
// volatile access is issued once, in program order, with the given width.
#include <cstdint>

namespace hv::arch {
inline uint32_t mmio_read32(uintptr_t addr) { return *reinterpret_cast<volatile uint32_t*>(addr); }
inline void mmio_write32(uintptr_t addr, uint32_t v) { *reinterpret_cast<volatile uint32_t*>(addr) = v; }
} // namespace hv::arch
