// The vGIC distributor register model and the list-register cache.
#include "core/vgic.hpp"

#include <gtest/gtest.h>

#include "core/vcpu.hpp"
#include "test_support.hpp"

namespace hv {
namespace {

class Lrs final : public ListRegisters {
public:
    unsigned count() const override { return 4; }
    uint32_t read(unsigned i) const override { return regs[i]; }
    void write(unsigned i, uint32_t value) override { regs[i] = value; }
    void set_underflow_interrupt(bool on) override { underflow = on; }
    // The guest took and completed the interrupt in slot i.
    void guest_completes(unsigned i) { regs[i] &= ~lr::kStateMask; }
    unsigned virq(unsigned i) const { return regs[i] & lr::kVirtualIdMask; }
    uint32_t regs[4] = {};
    bool underflow = false;
};

struct VgicTest : ::testing::Test {
    test::Machine machine;
    test::TestDomain dom{machine, 7, 1ull << 20, 2};
    Vgic& vgic() { return dom->vgic(); }
    Vcpu& v0() { return *dom->vcpu(0); }
    Vcpu& v1() { return *dom->vcpu(1); }
    uint32_t rd(uint32_t off, unsigned size = 4, Vcpu* v = nullptr)
    {
        uint32_t value = 0xdeadbeef;
        EXPECT_TRUE(vgic().read(v ? *v : v0(), off, size, value));
        return value;
    }
    void wr(uint32_t off, uint32_t value, unsigned size = 4, Vcpu* v = nullptr)
    {
        EXPECT_TRUE(vgic().write(v ? *v : v0(), off, size, value));
    }
    void enable_all()
    {
        wr(0x000, 1);
        wr(0x100, 0xffffffffu); // SGIs and PPIs of vCPU 0
        wr(0x104, 0xffffffffu); // SPIs 32-63
    }
};

TEST_F(VgicTest, IdentificationRegisters)
{
    EXPECT_EQ(rd(0x004), (1u << 5) | 1u); // 2 vCPUs, 64 interrupt lines
    EXPECT_EQ(rd(0x008), 0x43bu);
    EXPECT_EQ(rd(0xfe8), 0x2bu);
    EXPECT_EQ(rd(0x080), 0u); // groups: RAZ
    EXPECT_EQ(rd(0xe00), 0u); // NSACR: RAZ
    EXPECT_EQ(rd(0xc00), 0xaaaaaaaau); // SGIs: edge
    EXPECT_EQ(rd(0xc04), 0u);          // PPIs: level
}

TEST_F(VgicTest, EnableRegistersAreBankedForSgisAndPpis)
{
    wr(0x100, 1u << 27, 4, &v1()); // vCPU 1 enables its virtual timer PPI
    EXPECT_EQ(rd(0x100, 4, &v1()) & (1u << 27), 1u << 27);
    EXPECT_EQ(rd(0x100, 4, &v0()) & (1u << 27), 0u);
    EXPECT_EQ(rd(0x100) & 0xffff, 0xffffu); // SGIs always enabled
    wr(0x180, 0xffffffffu);
    EXPECT_EQ(rd(0x100) & 0xffff, 0xffffu); // ... and cannot be disabled
    wr(0x104, 0x5u);
    EXPECT_EQ(rd(0x104), 0x5u);
    wr(0x184, 0x1u);
    EXPECT_EQ(rd(0x104), 0x4u);
}

TEST_F(VgicTest, PrioritiesTargetsAndConfig)
{
    wr(0x400 + 27, 0xa0, 1);
    EXPECT_EQ(rd(0x400 + 24) >> 24, 0xa0u);
    wr(0x420, 0x10203040u); // SPIs 32-35
    EXPECT_EQ(rd(0x420, 1), 0x40u);
    EXPECT_EQ(rd(0x800, 4, &v1()), 0x02020202u); // ITARGETSR0: the reader's own bit
    wr(0x820, 0x02020102u);
    EXPECT_EQ(rd(0x820), 0x02020102u);
    wr(0x820, 0x000000feu); // several CPUs named: the lowest present one; absent ones ignored
    EXPECT_EQ(rd(0x820) & 0xff, 0x02u);
    wr(0xc08, 0x2u); // SPI 32 edge
    EXPECT_EQ(rd(0xc08), 0x2u);
    wr(0xc04, 0xffffffffu); // PPI config: fixed
    EXPECT_EQ(rd(0xc04), 0u);
}

TEST_F(VgicTest, BadWidthsAndOffsetsBeyondTheLines)
{
    uint32_t v;
    EXPECT_FALSE(vgic().read(v0(), 0x004, 2, v)); // halfword
    EXPECT_FALSE(vgic().read(v0(), 0x100, 1, v)); // bytes only for priorities and targets
    EXPECT_FALSE(vgic().write(v0(), 0x402, 4, 0)); // unaligned word
    EXPECT_EQ(rd(0x108), 0u);                      // lines 64+ do not exist: RAZ
    wr(0x108, 0xffffffffu);                        // ... WI
    EXPECT_EQ(rd(0x108), 0u);
    EXPECT_EQ(rd(0x7f8), 0u);
}

TEST_F(VgicTest, InterruptsGoToListRegistersByPriority)
{
    enable_all();
    wr(0x400 + 27, 0x80, 1);
    wr(0x400 + 5, 0x40, 1);
    vgic().inject(v0(), 27);
    vgic().inject(v0(), 5, 1);
    Lrs lrs;
    vgic().flush(v0(), lrs);
    EXPECT_EQ(lrs.virq(0), 5u); // more urgent first
    EXPECT_EQ((lrs.regs[0] >> lr::kCpuIdShift) & 7, 1u); // SGI source
    EXPECT_EQ(lrs.regs[0] >> lr::kPriorityShift & 0x1f, 0x40u >> 3);
    EXPECT_EQ(lrs.regs[0] & lr::kStateMask, lr::kPending);
    EXPECT_EQ(lrs.virq(1), 27u);
    EXPECT_FALSE(lrs.underflow);
    EXPECT_TRUE(vgic().has_pending(v0(), lrs));
    lrs.guest_completes(0);
    lrs.guest_completes(1);
    EXPECT_FALSE(vgic().has_pending(v0(), lrs));
    vgic().flush(v0(), lrs);
    EXPECT_EQ(lrs.regs[0], 0u); // retired
}

TEST_F(VgicTest, MoreInterruptsThanListRegistersOverflowAndRefill)
{
    enable_all();
    for (unsigned id = 0; id < 16; ++id) vgic().inject(v0(), id, 0);
    Lrs lrs;
    vgic().flush(v0(), lrs);
    EXPECT_TRUE(lrs.underflow); // 12 waiting
    unsigned delivered = 0;
    for (int round = 0; round < 10 && delivered < 16; ++round) {
        for (unsigned i = 0; i < 4; ++i)
            if (lrs.regs[i] & lr::kStateMask) {
                lrs.guest_completes(i);
                ++delivered;
            }
        vgic().flush(v0(), lrs);
    }
    EXPECT_EQ(delivered, 16u);
    EXPECT_FALSE(lrs.underflow);
}

TEST_F(VgicTest, SameSgiFromTwoSourcesIsDeliveredTwice)
{
    enable_all();
    vgic().inject(v0(), 3, 0);
    vgic().inject(v0(), 3, 1);
    Lrs lrs;
    vgic().flush(v0(), lrs);
    EXPECT_EQ(lrs.virq(0), 3u);
    EXPECT_EQ(lrs.regs[1], 0u); // one instance of an INTID in the list at a time
    lrs.guest_completes(0);
    vgic().flush(v0(), lrs);
    EXPECT_EQ(lrs.virq(0), 3u);
    EXPECT_EQ((lrs.regs[0] >> lr::kCpuIdShift) & 7, 1u);
}

TEST_F(VgicTest, DisabledOrDistributorOffHoldsInterrupts)
{
    vgic().inject(v0(), 27);
    Lrs lrs;
    vgic().flush(v0(), lrs);
    EXPECT_EQ(lrs.regs[0], 0u); // distributor disabled
    wr(0x000, 1);
    vgic().flush(v0(), lrs);
    EXPECT_EQ(lrs.regs[0], 0u); // PPI 27 not enabled
    wr(0x100, 1u << 27);
    vgic().flush(v0(), lrs);
    EXPECT_EQ(lrs.virq(0), 27u);
}

TEST_F(VgicTest, SgirTargetFilters)
{
    enable_all();
    wr(0x100, 0xffffffffu, 4, &v1());
    wr(0xf00, (2u << 24) | 4, 4, &v1()); // to itself
    wr(0xf00, (1u << 24) | 6);           // all but vCPU 0
    wr(0xf00, (0u << 24) | (0x3u << 16) | 8); // list: both
    wr(0xf00, (0u << 24) | (0xf0u << 16) | 9); // only absent CPUs: nobody
    Lrs l0, l1;
    vgic().flush(v0(), l0);
    vgic().flush(v1(), l1);
    auto has = [](const Lrs& l, unsigned virq) {
        for (unsigned i = 0; i < 4; ++i)
            if ((l.regs[i] & lr::kStateMask) && l.virq(i) == virq) return true;
        return false;
    };
    EXPECT_TRUE(has(l1, 4));
    EXPECT_FALSE(has(l0, 4));
    EXPECT_TRUE(has(l1, 6));
    EXPECT_FALSE(has(l0, 6));
    EXPECT_TRUE(has(l0, 8));
    EXPECT_TRUE(has(l1, 8));
    EXPECT_FALSE(has(l0, 9) || has(l1, 9));
}

TEST_F(VgicTest, SpisFollowTheirTarget)
{
    enable_all();
    wr(0x820, 0x02); // SPI 32 to vCPU 1
    vgic().inject_spi(32);
    Lrs l0, l1;
    vgic().flush(v0(), l0);
    vgic().flush(v1(), l1);
    EXPECT_EQ(l0.regs[0], 0u);
    EXPECT_EQ(l1.virq(0), 32u);
}

TEST_F(VgicTest, HardwareSpiUsesAHardwareListRegister)
{
    enable_all();
    ASSERT_EQ(vgic().route_physical_spi(33), Status::Ok);
    EXPECT_EQ(vgic().route_physical_spi(16), Status::Invalid); // not an SPI
    EXPECT_EQ(vgic().route_physical_spi(64), Status::Invalid); // beyond the lines
    vgic().inject_spi(33);
    Lrs lrs;
    vgic().flush(v0(), lrs);
    EXPECT_TRUE(lrs.regs[0] & lr::kHardware);
    EXPECT_EQ((lrs.regs[0] >> lr::kPhysicalIdShift) & 0x3ff, 33u);
    EXPECT_EQ(lrs.virq(0), 33u);
}

TEST_F(VgicTest, WfiBlocksOnlyWithNothingPending)
{
    Lrs lrs;
    vgic().block_unless_pending(v0(), lrs);
    EXPECT_EQ(v0().state(), Vcpu::State::Blocked);
    enable_all();
    vgic().inject(v0(), 27); // wakes it
    EXPECT_EQ(v0().state(), Vcpu::State::Runnable);
    vgic().block_unless_pending(v0(), lrs);
    EXPECT_EQ(v0().state(), Vcpu::State::Runnable); // 27 is pending
}

} // namespace
} // namespace hv

namespace hv {
namespace {

// A write by one vCPU that gives another an interrupt wakes that other one
// (it sleeps in WFI): the SPI's target, not the writer.
TEST_F(VgicTest, PendingAnSpiWakesItsTargetNotTheWriter)
{
    enable_all();
    wr(0x800 + 40, 1u << 1, 1); // SPI 40 to vCPU 1
    v1().set_state(Vcpu::State::Blocked);
    wr(0x204, 1u << 8); // ISPENDR1: SPI 40, written by vCPU 0
    EXPECT_EQ(v1().state(), Vcpu::State::Runnable);
}

TEST_F(VgicTest, EnablingOrRetargetingAPendingSpiWakesItsNewTarget)
{
    enable_all();
    wr(0x184, 1u << 8); // SPI 40 disabled
    wr(0x204, 1u << 8); // and pending, for vCPU 0
    v1().set_state(Vcpu::State::Blocked);
    wr(0x800 + 40, 1u << 1, 1); // now vCPU 1's
    EXPECT_EQ(v1().state(), Vcpu::State::Runnable);
    v1().set_state(Vcpu::State::Blocked);
    wr(0x104, 1u << 8); // enabled
    EXPECT_EQ(v1().state(), Vcpu::State::Runnable);
}

TEST_F(VgicTest, BankedWritesWakeOnlyTheWriter)
{
    enable_all();
    v1().set_state(Vcpu::State::Blocked);
    wr(0x200, 1u << 20); // ISPENDR0: vCPU 0's own PPI 20
    EXPECT_EQ(v1().state(), Vcpu::State::Blocked);
}

} // namespace
} // namespace hv

namespace hv {
namespace {

TEST_F(VgicTest, AnSpiWriteWakesOnlyItsTarget)
{
    enable_all();
    wr(0x800 + 41, 1u << 0, 1); // SPI 41 stays vCPU 0's
    v1().set_state(Vcpu::State::Blocked);
    wr(0x204, 1u << 9); // pend SPI 41
    wr(0x104, 1u << 9); // enable it again
    EXPECT_EQ(v1().state(), Vcpu::State::Blocked); // not its interrupt: left asleep
    wr(0x000, 1);       // the distributor switched on: anyone may have work
    EXPECT_EQ(v1().state(), Vcpu::State::Runnable);
}

} // namespace
} // namespace hv

namespace hv {
namespace {

// An SGI sent again while its first instance is still active in a list
// register (the guest answers a ping before its EOI): the EOI must trap so
// that the second instance goes in; without it a vCPU that computes alone
// never took it (smp_test's ping-pong stalled under load).
TEST_F(VgicTest, AnInterruptPendingBehindItsActiveInstanceAsksForTheEoiTrap)
{
    enable_all();
    Lrs lrs;
    vgic().inject(v0(), 2, 1);
    vgic().flush(v0(), lrs);
    EXPECT_EQ(lrs.regs[0] & lr::kEoiMaintenance, 0u); // nothing waits behind it
    lrs.regs[0] = (lrs.regs[0] & ~lr::kStateMask) | lr::kActive; // taken, not yet EOIed
    vgic().inject(v0(), 2, 1);
    vgic().flush(v0(), lrs);
    EXPECT_EQ(lrs.virq(0), 2u);
    EXPECT_EQ(lrs.regs[1], 0u); // the same interrupt twice: it waits
    EXPECT_NE(lrs.regs[0] & lr::kEoiMaintenance, 0u);
    lrs.guest_completes(0); // the EOI, which now traps
    vgic().flush(v0(), lrs);
    EXPECT_EQ(lrs.virq(0), 2u);
    EXPECT_EQ(lrs.regs[0] & lr::kStateMask, lr::kPending);
    EXPECT_EQ(lrs.regs[0] & lr::kEoiMaintenance, 0u);
}

} // namespace
} // namespace hv
