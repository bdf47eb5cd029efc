// Zeroing memory for a new owner: wide stores (STM of eight registers, the
// cheapest under emulation too), then a clean to the point of coherency
// line by line.
#include "arch/cpu.hpp"

namespace hv::arch {

void zero_and_clean(uint64_t pa, uint64_t size)
{
    auto* p = static_cast<uint32_t*>(phys_to_virt(pa));
    auto* end = p + size / 4;
    register uint32_t z0 asm("r4") = 0, z1 asm("r5") = 0, z2 asm("r6") = 0, z3 asm("r7") = 0;
    register uint32_t z4 asm("r8") = 0, z5 asm("r9") = 0, z6 asm("r10") = 0, z7 asm("r12") = 0;
    while (p < end)
        asm volatile("stmia %0!, {%1, %2, %3, %4, %5, %6, %7, %8}"
                     : "+r"(p)
                     : "r"(z0), "r"(z1), "r"(z2), "r"(z3), "r"(z4), "r"(z5), "r"(z6), "r"(z7)
                     : "memory");
    // In pieces: clean_dcache_range takes a 32-bit size.
    for (uint64_t done = 0; done < size; done += 1u << 30) {
        uint64_t n = size - done < (1u << 30) ? size - done : (1u << 30);
        clean_dcache_range(phys_to_virt(pa + done), static_cast<uint32_t>(n));
    }
}

} // namespace hv::arch
