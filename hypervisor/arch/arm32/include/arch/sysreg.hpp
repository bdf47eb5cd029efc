#pragma once
// CP15 system registers as named accessors. Each line is the register's
// encoding from the ARMv7-A architecture manual (opc1, CRn, CRm, opc2), so a
// typo shows as a wrong number in one place rather than in scattered asm.
#include <cstdint>

namespace hv::arch::sysreg {

// A 32-bit register of coprocessor `cp` (p15: system control, p14: debug
// and ThumbEE).
#define HV_CPREG32(cp, name, opc1, crn, crm, opc2)                                                       \
    inline uint32_t read_##name()                                                                         \
    {                                                                                                     \
        uint32_t v;                                                                                       \
        asm volatile("mrc " #cp ", " #opc1 ", %0, " #crn ", " #crm ", " #opc2 : "=r"(v));                 \
        return v;                                                                                         \
    }                                                                                                     \
    inline void write_##name(uint32_t v)                                                                  \
    {                                                                                                     \
        asm volatile("mcr " #cp ", " #opc1 ", %0, " #crn ", " #crm ", " #opc2 ::"r"(v) : "memory");       \
    }
#define HV_CP32(name, opc1, crn, crm, opc2) HV_CPREG32(p15, name, opc1, crn, crm, opc2)
#define HV_CP14(name, opc1, crn, crm, opc2) HV_CPREG32(p14, name, opc1, crn, crm, opc2)

#define HV_CP64(name, opc1, crm)                                                                          \
    inline uint64_t read_##name()                                                                         \
    {                                                                                                     \
        uint32_t lo, hi;                                                                                  \
        asm volatile("mrrc p15, " #opc1 ", %0, %1, " #crm : "=r"(lo), "=r"(hi));                          \
        return (uint64_t(hi) << 32) | lo;                                                                 \
    }                                                                                                     \
    inline void write_##name(uint64_t v)                                                                  \
    {                                                                                                     \
        asm volatile("mcrr p15, " #opc1 ", %0, %1, " #crm ::"r"(uint32_t(v)), "r"(uint32_t(v >> 32))      \
                     : "memory");                                                                         \
    }

// Identification
HV_CP32(midr, 0, c0, c0, 0)
HV_CP32(id_pfr0, 0, c0, c1, 0)
HV_CP32(mpidr, 0, c0, c0, 5)
HV_CP32(id_pfr1, 0, c0, c1, 1)

// Hyp configuration
HV_CP32(vpidr, 4, c0, c0, 0)
HV_CP32(vmpidr, 4, c0, c0, 5)
HV_CP32(hsctlr, 4, c1, c0, 0)
HV_CP32(hactlr, 4, c1, c0, 1)
HV_CP32(hcr, 4, c1, c1, 0)
HV_CP32(hdcr, 4, c1, c1, 1)
HV_CP32(hcptr, 4, c1, c1, 2)
HV_CP32(hstr, 4, c1, c1, 3)
HV_CP32(htcr, 4, c2, c0, 2)
HV_CP32(vtcr, 4, c2, c1, 2)
HV_CP64(httbr, 4, c2)
HV_CP64(vttbr, 6, c2)
HV_CP32(hsr, 4, c5, c2, 0)
HV_CP32(hdfar, 4, c6, c0, 0)
HV_CP32(hifar, 4, c6, c0, 2)
HV_CP32(hpfar, 4, c6, c0, 4)
HV_CP32(hmair0, 4, c10, c2, 0)
HV_CP32(hmair1, 4, c10, c2, 1)
HV_CP32(hvbar, 4, c12, c0, 0)
HV_CP32(htpidr, 4, c13, c0, 2)

// Guest (Non-secure PL1) state, reached from Hyp mode
HV_CP32(sctlr, 0, c1, c0, 0)
HV_CP32(actlr, 0, c1, c0, 1)
HV_CP32(cpacr, 0, c1, c0, 2)
HV_CP64(ttbr0, 0, c2)
HV_CP64(ttbr1, 1, c2)
HV_CP32(ttbcr, 0, c2, c0, 2)
HV_CP32(dacr, 0, c3, c0, 0)
HV_CP32(dfsr, 0, c5, c0, 0)
HV_CP32(ifsr, 0, c5, c0, 1)
HV_CP32(adfsr, 0, c5, c1, 0)
HV_CP32(aifsr, 0, c5, c1, 1)
HV_CP32(dfar, 0, c6, c0, 0)
HV_CP32(ifar, 0, c6, c0, 2)
HV_CP64(par, 0, c7)
HV_CP32(ats1cpr, 0, c7, c8, 0)
HV_CP32(ats1cpw, 0, c7, c8, 1)
HV_CP32(mair0, 0, c10, c2, 0)
HV_CP32(mair1, 0, c10, c2, 1)
HV_CP32(amair0, 0, c10, c3, 0)
HV_CP32(amair1, 0, c10, c3, 1)
HV_CP32(vbar, 0, c12, c0, 0)
HV_CP32(fcseidr, 0, c13, c0, 0)
HV_CP32(contextidr, 0, c13, c0, 1)
HV_CP32(tpidrurw, 0, c13, c0, 2)
HV_CP32(tpidruro, 0, c13, c0, 3)
HV_CP32(tpidrprw, 0, c13, c0, 4)
HV_CP32(csselr, 2, c0, c0, 0)

// Generic timer
HV_CP32(cntfrq, 0, c14, c0, 0)
HV_CP64(cntpct, 0, c14)
HV_CP64(cntvct, 1, c14)
HV_CP32(cntkctl, 0, c14, c1, 0)
HV_CP32(cnthctl, 4, c14, c1, 0)
HV_CP64(cntvoff, 4, c14)
HV_CP32(cntv_ctl, 0, c14, c3, 1)
HV_CP64(cntv_cval, 3, c14)
HV_CP32(cnthp_ctl, 4, c14, c2, 1)
HV_CP64(cnthp_cval, 6, c14)

// Cache and TLB maintenance (write-only operations)
HV_CP32(iciallu, 0, c7, c5, 0)
HV_CP32(bpiall, 0, c7, c5, 6)
HV_CP32(dccimvac, 0, c7, c14, 1)
HV_CP32(tlbiallh, 4, c8, c7, 0)
HV_CP32(tlbiallnsnh, 4, c8, c7, 4)

// ThumbEE (where ID_PFR0.State3 says the CPU has it)
HV_CP14(teecr, 6, c0, c0, 0)
HV_CP14(teehbr, 6, c1, c0, 0)

#undef HV_CP14
#undef HV_CP32
#undef HV_CPREG32
#undef HV_CP64

} // namespace hv::arch::sysreg
