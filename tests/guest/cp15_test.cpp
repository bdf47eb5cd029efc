// System-register traps: what the hypervisor emulates (ACTLR, the
// virtualised MPIDR/MIDR) and what it refuses (implementation-defined
// registers: an undefined-instruction exception in the guest); WFE traps and
// returns.
#include "guest.hpp"

namespace {
uint32_t read_actlr()
{
    uint32_t v;
    asm volatile("mrc p15, 0, %0, c1, c0, 1" : "=r"(v));
    return v;
}
} // namespace

TEST(actlr_reads_smp_set)
{
    EXPECT_EQ(read_actlr() & (1u << 6), 1u << 6);
}

TEST(actlr_writes_are_ignored)
{
    uint32_t before = read_actlr();
    asm volatile("mcr p15, 0, %0, c1, c0, 1" ::"r"(before ^ (1u << 6)) : "memory");
    EXPECT_EQ(read_actlr(), before);
}

TEST(mpidr_is_the_virtual_one)
{
    uint32_t mpidr;
    asm volatile("mrc p15, 0, %0, c0, c0, 5" : "=r"(mpidr));
    EXPECT_EQ(mpidr, 0x80000000u); // vCPU 0, uniprocessor bit clear
}

TEST(implementation_defined_c15_is_undefined)
{
    guest::expect_exception();
    uint32_t v = 0;
    asm volatile("mrc p15, 0, %0, c15, c0, 0" : "+r"(v)::"memory");
    const auto& e = guest::last_exception();
    EXPECT_EQ(static_cast<unsigned>(e.kind), static_cast<unsigned>(guest::Exception::Undefined));
    EXPECT_EQ(e.spsr & 0x1f, 0x13u); // taken from SVC mode
}

TEST(pmu_reads_as_zero_and_ignores_writes)
{
    // Trapped by HDCR.TPM/TPMCR: no counters (PMCR.N = 0), as Xen presents it,
    // and no undefined instruction for a guest that probes it.
    uint32_t pmcr = 0xffffffff, ccnt = 0xffffffff;
    asm volatile("mrc p15, 0, %0, c9, c12, 0" : "=r"(pmcr)::"memory");
    EXPECT_EQ(pmcr, 0u);
    asm volatile("mcr p15, 0, %0, c9, c12, 0" ::"r"(1u) : "memory"); // enable: ignored
    asm volatile("mcr p15, 0, %0, c9, c12, 1" ::"r"(1u << 31) : "memory"); // PMCNTENSET
    asm volatile("mrc p15, 0, %0, c9, c12, 0" : "=r"(pmcr)::"memory");
    asm volatile("mrc p15, 0, %0, c9, c13, 0" : "=r"(ccnt)::"memory");
    EXPECT_EQ(pmcr, 0u);
    EXPECT_EQ(ccnt, 0u);
}

TEST(undefined_exception_returns_to_the_next_instruction)
{
    guest::expect_exception();
    uint32_t marker = 1;
    asm volatile("mrc p15, 0, r0, c15, c1, 0\n\tmov %0, #42" : "+r"(marker)::"r0", "memory");
    EXPECT_EQ(marker, 42u);
    EXPECT_EQ(guest::last_exception().count, 1u);
}

TEST(wfe_returns)
{
    // WFE traps and yields; with nothing else to run the vCPU goes on.
    // (WFI blocks until an interrupt: see timer_test.)
    asm volatile("wfe" ::: "memory");
    EXPECT_EQ(guest_hypercall(guest::kHypercallXenVersion, 0, 0), 0x00040011L);
}
