// Cortex-A15 erratum 766422: the register of a Thumb store decoded from the
// instruction. Encodings assembled by hand from the ARMv7-A manual (A8.8).
#include "core/thumb_store.hpp"

#include <gtest/gtest.h>

namespace hv {
namespace {

TEST(ThumbStore, SixteenBitForms)
{
    EXPECT_EQ(thumb_store_source_register(0x6001, 0), 1u);  // STR r1, [r0]         (T1: 01100 imm5 Rn Rt)
    EXPECT_EQ(thumb_store_source_register(0x7005, 0), 5u);  // STRB r5, [r0]        (T1: 01110)
    EXPECT_EQ(thumb_store_source_register(0x8043, 0), 3u);  // STRH r3, [r0, #2]    (T1: 10000)
    EXPECT_EQ(thumb_store_source_register(0x9602, 0), 6u);  // STR r6, [sp, #8]     (T2: 10010 Rt imm8)
    EXPECT_EQ(thumb_store_source_register(0x5088, 0), 0u);  // STR r0, [r1, r2]     (T1: 0101000 Rm Rn Rt)
    EXPECT_EQ(thumb_store_source_register(0x5297, 0), 7u);  // STRH r7, [r2, r2]    (0101001)
    EXPECT_EQ(thumb_store_source_register(0x5412, 0), 2u);  // STRB r2, [r2, r0]    (0101010)
}

TEST(ThumbStore, ThirtyTwoBitForms)
{
    EXPECT_EQ(thumb_store_source_register(0xf8c0, 0x9000), 9u);   // STR.W r9, [r0, #0]  (T3)
    EXPECT_EQ(thumb_store_source_register(0xf840, 0xcd04), 12u);  // STR r12, [r0, #-4]! (T4)
    EXPECT_EQ(thumb_store_source_register(0xf880, 0xa001), 10u);  // STRB.W r10, [r0, #1]
    EXPECT_EQ(thumb_store_source_register(0xf8a1, 0xb002), 11u);  // STRH.W r11, [r1, #2]
    EXPECT_EQ(thumb_store_source_register(0xf841, 0x8002), 8u);   // STR.W r8, [r1, r2]  (register T2)
}

TEST(ThumbStore, NotSingleStores)
{
    EXPECT_FALSE(thumb_store_source_register(0x6801, 0));      // LDR r1, [r0]
    EXPECT_FALSE(thumb_store_source_register(0x5888, 0));      // LDR r0, [r1, r2]
    EXPECT_FALSE(thumb_store_source_register(0xc003, 0));      // STMIA r0!, {r0, r1}
    EXPECT_FALSE(thumb_store_source_register(0xf8d0, 0x9000)); // LDR.W r9, [r0]
    EXPECT_FALSE(thumb_store_source_register(0xe9c0, 0x2300)); // STRD r2, r3, [r0]
    EXPECT_FALSE(thumb_store_source_register(0xf990, 0x1000)); // LDRSB.W (S bit set)
    EXPECT_FALSE(thumb_store_source_register(0x4770, 0));      // BX lr
}

TEST(ThumbStore, InstructionWidth)
{
    EXPECT_FALSE(thumb_is_32bit(0x6001));
    EXPECT_TRUE(thumb_is_32bit(0xf8c0));
    EXPECT_TRUE(thumb_is_32bit(0xe9c0));
    EXPECT_FALSE(thumb_is_32bit(0xe7fe)); // B . (16-bit)
}

} // namespace
} // namespace hv
