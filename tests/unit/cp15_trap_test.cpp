// Every CP15 register a guest access of traps has a defined behaviour, and
// this is the list: a register added to the traps (HCR, HDCR, HSTR,
// CNTHCTL) without an entry here, or an entry changed, fails this test.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/cp15_registers.hpp"
#include "core/hsr.hpp"
#include "core/psr.hpp"
#include "core/traps.hpp"
#include "test_support.hpp"

namespace hv {
namespace {

std::string describe(const Cp15Register& r)
{
    const char* what = r.behaviour == Cp15Behaviour::HostValueWriteIgnored    ? "host value, WI"
                       : r.behaviour == Cp15Behaviour::ReadAsZeroWriteIgnored ? "RAZ/WI"
                                                                              : "emulated physical timer";
    return std::string(r.name) + " p15," + std::to_string(r.opc1) + ",c" + std::to_string(r.crn) + ",c" +
           std::to_string(r.crm) + "," + std::to_string(r.opc2) + ": " + what;
}

TEST(Cp15Traps, TheListOfTrappedRegistersAndTheirBehaviour)
{
    std::vector<std::string> listed;
    for (const Cp15Register& r : trapped_cp15_registers()) listed.push_back(describe(r));
    EXPECT_EQ(listed, (std::vector<std::string>{
                          "ACTLR p15,0,c1,c0,1: host value, WI",       // HCR.TAC
                          "PMCR p15,0,c9,c12,0: RAZ/WI",               // HDCR.TPM, TPMCR
                          "PMCNTENSET p15,0,c9,c12,1: RAZ/WI",
                          "PMCNTENCLR p15,0,c9,c12,2: RAZ/WI",
                          "PMOVSR p15,0,c9,c12,3: RAZ/WI",
                          "PMSWINC p15,0,c9,c12,4: RAZ/WI",
                          "PMSELR p15,0,c9,c12,5: RAZ/WI",
                          "PMCEID0 p15,0,c9,c12,6: RAZ/WI",
                          "PMCEID1 p15,0,c9,c12,7: RAZ/WI",
                          "PMCCNTR p15,0,c9,c13,0: RAZ/WI",
                          "PMXEVTYPER p15,0,c9,c13,1: RAZ/WI",
                          "PMXEVCNTR p15,0,c9,c13,2: RAZ/WI",
                          "PMUSERENR p15,0,c9,c14,0: RAZ/WI",
                          "PMINTENSET p15,0,c9,c14,1: RAZ/WI",
                          "PMINTENCLR p15,0,c9,c14,2: RAZ/WI",
                          "PMOVSSET p15,0,c9,c14,3: RAZ/WI",
                          "CNTP_TVAL p15,0,c14,c2,0: emulated physical timer", // CNTHCTL.PL1PCEN clear
                          "CNTP_CTL p15,0,c14,c2,1: emulated physical timer",
                      }));
}

// MRC/MCR p15 syndrome: EC 0x03, IL, condition "always" valid.
Hsr cp15_syndrome(unsigned opc1, unsigned crn, unsigned crm, unsigned opc2, unsigned rt, bool read)
{
    return Hsr{(0x03u << 26) | (1u << 25) | (1u << 24) | (0xeu << 20) | (opc2 << 17) | (opc1 << 14) | (crn << 10) |
               (rt << 5) | (crm << 1) | uint32_t(read)};
}

struct Cp15TrapTest : ::testing::Test {
    test::Machine machine;
    test::TestDomain dom{machine, 6};
    TrapFrame frame{};
    void SetUp() override
    {
        arch::guest::reset_fake();
        arch::guest::fake().vbar = 0xc0008000;
        frame.pc = 0xc0100000;
        frame.cpsr = psr::kSvc;
        frame.r[3] = 0xdeadbeef;
    }
};

TEST_F(Cp15TrapTest, EveryPmuRegisterReadsZeroAndIgnoresWrites)
{
    for (const Cp15Register& r : trapped_cp15_registers()) {
        if (r.behaviour != Cp15Behaviour::ReadAsZeroWriteIgnored) continue;
        frame.pc = 0xc0100000;
        frame.r[3] = 0xdeadbeef;
        handle_cp15_access(*dom->vcpu(0), frame, cp15_syndrome(r.opc1, r.crn, r.crm, r.opc2, 3, true));
        EXPECT_EQ(frame.r[3], 0u) << r.name;
        EXPECT_EQ(frame.pc, 0xc0100004u) << r.name;
        EXPECT_EQ(psr::mode(frame.cpsr), psr::kSvc) << r.name; // no undefined instruction
        handle_cp15_access(*dom->vcpu(0), frame, cp15_syndrome(r.opc1, r.crn, r.crm, r.opc2, 3, false));
        EXPECT_EQ(frame.pc, 0xc0100008u) << r.name;
        handle_cp15_access(*dom->vcpu(0), frame, cp15_syndrome(r.opc1, r.crn, r.crm, r.opc2, 3, true));
        EXPECT_EQ(frame.r[3], 0u) << r.name << ": a write must not stick";
    }
}

TEST_F(Cp15TrapTest, ActlrReadsTheHostsValue)
{
    dom->vcpu(0)->context.actlr = 0x40;
    handle_cp15_access(*dom->vcpu(0), frame, cp15_syndrome(0, 1, 0, 1, 3, true));
    EXPECT_EQ(frame.r[3], 0x40u);
    frame.r[3] = 0;
    handle_cp15_access(*dom->vcpu(0), frame, cp15_syndrome(0, 1, 0, 1, 3, false));
    EXPECT_EQ(dom->vcpu(0)->context.actlr, 0x40u);
}

TEST_F(Cp15TrapTest, ImplementationDefinedC15IsUndefined)
{
    handle_cp15_access(*dom->vcpu(0), frame, cp15_syndrome(0, 15, 0, 0, 3, true));
    EXPECT_EQ(psr::mode(frame.cpsr), psr::kUnd);
    EXPECT_EQ(frame.pc, 0xc0008004u);
    EXPECT_EQ(find_trapped_cp15_register(0, 15, 0, 0), nullptr);
}

} // namespace
} // namespace hv
