#include "core/guest_exception.hpp"

#include <gtest/gtest.h>

#include "arch/guest.hpp"
#include "core/psr.hpp"

namespace hv {
namespace {

using arch::guest::Banked;

struct GuestExceptionTest : ::testing::Test {
    TrapFrame f{};
    void SetUp() override
    {
        arch::guest::reset_fake();
        arch::guest::fake().vbar = 0xc0008000;
        f.pc = 0xc0101234;
        f.cpsr = psr::kSvc | (1u << 30); // Z set, interrupts enabled
    }
};

TEST_F(GuestExceptionTest, UndefinedFromArm)
{
    uint32_t old = f.cpsr;
    inject_undefined(f);
    EXPECT_EQ(f.pc, 0xc0008004u);
    EXPECT_EQ(psr::mode(f.cpsr), psr::kUnd);
    EXPECT_TRUE(f.cpsr & psr::kIrqMask);
    EXPECT_FALSE(f.cpsr & psr::kAsyncAbortMask); // undef leaves A alone
    EXPECT_TRUE(f.cpsr & (1u << 30));            // flags kept
    EXPECT_EQ(arch::guest::read(Banked::LrUnd), 0xc0101238u);
    EXPECT_EQ(arch::guest::read(Banked::SpsrUnd), old);
}

TEST_F(GuestExceptionTest, UndefinedFromThumbInAnItBlock)
{
    f.cpsr = psr::with_it_state(psr::kSvc | psr::kThumb, 0x1d);
    inject_undefined(f);
    EXPECT_EQ(arch::guest::read(Banked::LrUnd), 0xc0101236u); // +2 in Thumb
    EXPECT_EQ(psr::it_state(f.cpsr), 0u);
    EXPECT_FALSE(f.cpsr & psr::kThumb); // SCTLR.TE clear: handlers in ARM
}

TEST_F(GuestExceptionTest, HighVectorsAndThumbExceptions)
{
    arch::guest::fake().sctlr |= (1u << 13) | (1u << 30); // V, TE
    inject_undefined(f);
    EXPECT_EQ(f.pc, 0xffff0004u);
    EXPECT_TRUE(f.cpsr & psr::kThumb);
}

TEST_F(GuestExceptionTest, DataAbortShortAndLongFormats)
{
    inject_data_abort(f, 0x80001234, true);
    EXPECT_EQ(f.pc, 0xc0008010u);
    EXPECT_EQ(psr::mode(f.cpsr), psr::kAbt);
    EXPECT_TRUE(f.cpsr & psr::kAsyncAbortMask);
    EXPECT_EQ(arch::guest::read(Banked::LrAbt), 0xc010123cu); // faulting + 8
    EXPECT_EQ(arch::guest::fake().dfar, 0x80001234u);
    EXPECT_EQ(arch::guest::fake().dfsr, 0x808u); // WnR, short-format external abort

    SetUp();
    arch::guest::fake().ttbcr = 1u << 31; // EAE: long descriptors
    inject_data_abort(f, 0x1000, false);
    EXPECT_EQ(arch::guest::fake().dfsr, (1u << 9) | 0x10u);
}

TEST_F(GuestExceptionTest, PrefetchAbort)
{
    inject_prefetch_abort(f, 0xdead0000);
    EXPECT_EQ(f.pc, 0xc000800cu);
    EXPECT_EQ(arch::guest::read(Banked::LrAbt), 0xc0101238u); // faulting + 4
    EXPECT_EQ(arch::guest::fake().ifar, 0xdead0000u);
    EXPECT_EQ(arch::guest::fake().ifsr, 0x8u);
}

} // namespace
} // namespace hv
