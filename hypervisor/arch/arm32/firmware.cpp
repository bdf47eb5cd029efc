#include "arch/firmware.hpp"

#include "arch/cpu.hpp"

namespace hv::arch::firmware {

uint32_t smc(uint32_t function, uint32_t a1, uint32_t a2, uint32_t a3)
{
    register uint32_t r0 asm("r0") = function;
    register uint32_t r1 asm("r1") = a1;
    register uint32_t r2 asm("r2") = a2;
    register uint32_t r3 asm("r3") = a3;
    asm volatile(".arch_extension sec\n\tsmc #0" : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3) : : "memory");
    return r0;
}

void system_off()
{
    smc(0x84000008); // PSCI SYSTEM_OFF
    halt_cpu();
}

void system_reset()
{
    smc(0x84000009); // PSCI SYSTEM_RESET
    halt_cpu();
}

} // namespace hv::arch::firmware
