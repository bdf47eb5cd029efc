#include "core/hsr.hpp"

#include <gtest/gtest.h>

namespace hv {
namespace {

TEST(Hsr, HvcAndSmc)
{
    Hsr hvc{0x4a000ea1}; // EC 0x12, IL, imm16 0xea1
    EXPECT_EQ(hvc.ec(), ExceptionClass::Hvc);
    EXPECT_TRUE(hvc.il());
    EXPECT_EQ(hvc.imm16(), 0xea1u);
    Hsr smc{0x4e000000};
    EXPECT_EQ(smc.ec(), ExceptionClass::Smc);
}

TEST(Hsr, DataAbortSyndrome)
{
    // EC 0x24, IL, ISV, SAS halfword, SSE, SRT r5, WnR, DFSC translation level 3.
    uint32_t raw = (0x24u << 26) | (1u << 25) | (1u << 24) | (1u << 22) | (1u << 21) | (5u << 16) | (1u << 6) | 0x07;
    Hsr h{raw};
    EXPECT_EQ(h.ec(), ExceptionClass::DataAbortGuest);
    EXPECT_TRUE(h.isv());
    EXPECT_EQ(h.access_size(), 2u);
    EXPECT_TRUE(h.sign_extend());
    EXPECT_EQ(h.srt(), 5u);
    EXPECT_TRUE(h.write());
    EXPECT_TRUE(h.is_translation_fault());
    EXPECT_FALSE(h.is_permission_fault());
    EXPECT_FALSE(h.s1ptw());
    EXPECT_TRUE(Hsr{(0x24u << 26) | 0x0f}.is_permission_fault());
}

TEST(Hsr, CoprocessorAccess)
{
    // MRC p15, 0, r3, c1, c0, 1 (ACTLR read): Opc2 1, Opc1 0, CRn 1, Rt 3, CRm 0, read.
    uint32_t raw = (0x03u << 26) | (1u << 25) | (1u << 24) | (0xeu << 20) | (1u << 17) | (1u << 10) | (3u << 5) | 1;
    Hsr h{raw};
    EXPECT_EQ(h.ec(), ExceptionClass::Cp15Mcr);
    EXPECT_TRUE(h.cv());
    EXPECT_EQ(h.cond(), 0xeu);
    auto op = h.cp32();
    EXPECT_EQ(op.opc2, 1u);
    EXPECT_EQ(op.opc1, 0u);
    EXPECT_EQ(op.crn, 1u);
    EXPECT_EQ(op.rt, 3u);
    EXPECT_EQ(op.crm, 0u);
    EXPECT_TRUE(op.read);
    // MRRC p15, 2, r0, r1, c14 (CNTP_CVAL read).
    Hsr r64{(0x04u << 26) | (1u << 25) | (2u << 16) | (1u << 10) | (0u << 5) | (14u << 1) | 1};
    auto op64 = r64.cp64();
    EXPECT_EQ(op64.opc1, 2u);
    EXPECT_EQ(op64.rt2, 1u);
    EXPECT_EQ(op64.rt, 0u);
    EXPECT_EQ(op64.crm, 14u);
    EXPECT_TRUE(op64.read);
    EXPECT_STREQ(exception_class_name(ExceptionClass::WfiWfe), "WFI/WFE");
}

} // namespace
} // namespace hv
