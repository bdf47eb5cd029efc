#pragma once
// Host build of the CPU services. Machine memory is simulated: one host
// buffer stands for the machine addresses from kRamBase, because LPAE
// descriptors keep only 40-bit output addresses (host pointers are wider).
#include <cstddef>
#include <cstdint>

namespace hv::arch {

namespace host {
inline constexpr uint64_t kRamBase = 0x40000000;
inline constexpr size_t kRamSize = 256u << 20;
// The host pointer behind a simulated machine address (aborts outside).
void* ram_pointer(uint64_t pa);
uint64_t ram_address(const void* p);
// A physical interrupt waiting, as tests set it.
bool& interrupt_pending_flag();
// The fake counter: 62.5 MHz, from the host's steady clock, or a value a
// test pins with set_counter (0 unpins).
void set_counter(uint64_t value);
} // namespace host

uint64_t counter();
inline uint32_t counter_frequency() { return 62500000; }
inline unsigned cpu_index() { return 0; }
[[noreturn]] void halt_cpu();
inline void wait_for_interrupt() {}
inline void cpu_relax() {}
inline bool interrupt_pending() { return host::interrupt_pending_flag(); }

inline void* phys_to_virt(uint64_t pa) { return host::ram_pointer(pa); }
inline uint64_t virt_to_phys(const void* va) { return host::ram_address(va); }
namespace host {
// How many bytes were cleaned to the point of coherency, and of those how
// many zeroed for a new owner (for tests).
uint64_t& cleaned_bytes();
uint64_t& zeroed_and_cleaned_bytes();
} // namespace host
inline void clean_dcache_range(const void*, uint32_t size) { host::cleaned_bytes() += size; }
inline void clean_and_invalidate_dcache_range(const void*, uint32_t size) { host::cleaned_bytes() += size; }
void zero_and_clean(uint64_t pa, uint64_t size);

} // namespace hv::arch
