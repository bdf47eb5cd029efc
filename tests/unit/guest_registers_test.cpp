#include "core/guest_registers.hpp"

#include <gtest/gtest.h>

#include "arch/guest.hpp"
#include "core/psr.hpp"

namespace hv {
namespace {

using arch::guest::Banked;

struct GuestRegistersTest : ::testing::Test {
    TrapFrame f{};
    void SetUp() override
    {
        arch::guest::reset_fake();
        for (unsigned i = 0; i < 13; ++i) f.r[i] = 100 + i;
        f.lr_usr = 114;
        f.pc = 0x1000;
        for (unsigned i = 0; i < 21; ++i) arch::guest::fake().banked[i] = 1000 + i;
    }
};

TEST_F(GuestRegistersTest, UserAndSystemUseTheFrame)
{
    for (uint32_t mode : {psr::kUsr, psr::kSys}) {
        f.cpsr = mode;
        EXPECT_EQ(read_guest_reg(f, 3), 103u);
        EXPECT_EQ(read_guest_reg(f, 12), 112u);
        EXPECT_EQ(read_guest_reg(f, 13), arch::guest::read(Banked::SpUsr));
        EXPECT_EQ(read_guest_reg(f, 14), 114u);
        EXPECT_EQ(read_guest_reg(f, 15), 0x1000u);
    }
    write_guest_reg(f, 14, 7);
    EXPECT_EQ(f.lr_usr, 7u);
}

TEST_F(GuestRegistersTest, ExceptionModesBankSpAndLr)
{
    struct {
        uint32_t mode;
        Banked sp, lr;
    } modes[] = {{psr::kSvc, Banked::SpSvc, Banked::LrSvc}, {psr::kAbt, Banked::SpAbt, Banked::LrAbt},
                 {psr::kUnd, Banked::SpUnd, Banked::LrUnd}, {psr::kIrq, Banked::SpIrq, Banked::LrIrq}};
    for (auto m : modes) {
        f.cpsr = m.mode;
        EXPECT_EQ(read_guest_reg(f, 13), arch::guest::read(m.sp));
        EXPECT_EQ(read_guest_reg(f, 14), arch::guest::read(m.lr));
        EXPECT_EQ(read_guest_reg(f, 8), 108u); // not banked outside FIQ
        write_guest_reg(f, 13, 0xabc0 + m.mode);
        EXPECT_EQ(arch::guest::read(m.sp), 0xabc0 + m.mode);
    }
}

TEST_F(GuestRegistersTest, FiqBanksR8ToR14)
{
    f.cpsr = psr::kFiq;
    EXPECT_EQ(read_guest_reg(f, 7), 107u);
    EXPECT_EQ(read_guest_reg(f, 8), arch::guest::read(Banked::R8Fiq));
    EXPECT_EQ(read_guest_reg(f, 12), arch::guest::read(Banked::R12Fiq));
    EXPECT_EQ(read_guest_reg(f, 13), arch::guest::read(Banked::SpFiq));
    write_guest_reg(f, 10, 42);
    EXPECT_EQ(arch::guest::read(Banked::R10Fiq), 42u);
    EXPECT_EQ(f.r[10], 110u);
}

TEST_F(GuestRegistersTest, AdvancePcInArmAndThumb)
{
    f.cpsr = psr::kSvc;
    advance_guest_pc(f, true);
    EXPECT_EQ(f.pc, 0x1004u);
    f.cpsr = psr::kSvc | psr::kThumb;
    advance_guest_pc(f, false);
    EXPECT_EQ(f.pc, 0x1006u);
    advance_guest_pc(f, true);
    EXPECT_EQ(f.pc, 0x100au);
}

TEST_F(GuestRegistersTest, ItStateAdvancesThroughTheBlock)
{
    // ITSTATE 0x1d: four instructions in the block; after each one IT[4:0]
    // shifts left, and the state clears once IT[2:0] is zero (ITAdvance).
    f.cpsr = psr::with_it_state(psr::kSvc | psr::kThumb, 0x1d);
    advance_guest_pc(f, false);
    EXPECT_EQ(psr::it_state(f.cpsr), 0x1au);
    advance_guest_pc(f, false);
    EXPECT_EQ(psr::it_state(f.cpsr), 0x14u);
    advance_guest_pc(f, false);
    EXPECT_EQ(psr::it_state(f.cpsr), 0x08u);
    advance_guest_pc(f, false);
    EXPECT_EQ(psr::it_state(f.cpsr), 0u); // block over
}

TEST(Conditions, AllFifteen)
{
    constexpr uint32_t N = 1u << 31, Z = 1u << 30, C = 1u << 29, V = 1u << 28;
    EXPECT_TRUE(condition_holds(0x0, Z));
    EXPECT_FALSE(condition_holds(0x0, 0));
    EXPECT_TRUE(condition_holds(0x1, 0));
    EXPECT_TRUE(condition_holds(0x2, C));
    EXPECT_TRUE(condition_holds(0x3, 0));
    EXPECT_TRUE(condition_holds(0x4, N));
    EXPECT_TRUE(condition_holds(0x5, 0));
    EXPECT_TRUE(condition_holds(0x6, V));
    EXPECT_TRUE(condition_holds(0x7, 0));
    EXPECT_TRUE(condition_holds(0x8, C));
    EXPECT_FALSE(condition_holds(0x8, C | Z));
    EXPECT_TRUE(condition_holds(0x9, Z));
    EXPECT_TRUE(condition_holds(0xa, N | V));
    EXPECT_FALSE(condition_holds(0xa, N));
    EXPECT_TRUE(condition_holds(0xb, N));
    EXPECT_TRUE(condition_holds(0xc, 0));
    EXPECT_FALSE(condition_holds(0xc, Z));
    EXPECT_TRUE(condition_holds(0xd, Z));
    EXPECT_TRUE(condition_holds(0xe, 0));
}

TEST(Conditions, TrappedInstructionConditions)
{
    TrapFrame f{};
    f.cpsr = psr::kSvc; // Z clear
    EXPECT_FALSE(guest_condition_passes(f, true, 0x0)); // EQ fails
    EXPECT_TRUE(guest_condition_passes(f, false, 0x0));  // ARM without CV: unconditional
    // Thumb in an IT block with NE as its condition: taken from ITSTATE.
    f.cpsr = psr::with_it_state(psr::kSvc | psr::kThumb | (1u << 30), 0x18);
    EXPECT_FALSE(guest_condition_passes(f, false, 0));
    f.cpsr &= ~(1u << 30);
    EXPECT_TRUE(guest_condition_passes(f, false, 0));
}

} // namespace
} // namespace hv
