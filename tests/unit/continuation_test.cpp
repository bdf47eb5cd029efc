// Preemptible hypercalls: with an interrupt waiting, a long memory_op or
// multicall does one step per trap and rewinds the guest to its HVC with
// the arguments of the rest; the guest, re-entering each time, sees the
// same final result as one uninterrupted call.
#include <gtest/gtest.h>

#include <array>

#include "arch/trap_frame.hpp"
#include "core/guest_memory.hpp"
#include "include/public/memory.hpp"
#include "include/public/vcpu_sched_hvm.hpp"
#include "test_support.hpp"
#include "xen/continuation.hpp"

namespace hv {
namespace {

constexpr uint32_t kBuf = 0x40100000;      // guest address (MMU off: VA = IPA)
constexpr uint32_t kExtents = 0x40101000;  // the gfn list
constexpr uint64_t kFirstGfn = 0x40200;    // 64 pages the tests give back and take again
constexpr uint32_t kMemoryOp = 12, kMulticall = 13, kXenVersion = 17;
constexpr uint32_t kHvcAt = 0x1000;

struct ContinuationTest : ::testing::Test {
    test::Machine machine;
    test::TestDomain domu{machine, 3, 4ull << 20, 1};
    Vcpu& v() { return *domu->vcpu(0); }
    ~ContinuationTest() override { arch::host::interrupt_pending_flag() = false; }

    template <class T>
    void put(uint32_t at, const T& value)
    {
        test::put_guest(*domu, at, value);
    }
    template <class T>
    T get(uint32_t at)
    {
        return test::get_guest<T>(*domu, at);
    }
    // Runs the HVC the way the guest would: again while the hypervisor
    // sends it back to the instruction. Returns r0; `traps` counts entries.
    uint32_t hvc(uint32_t nr, uint32_t a0, uint32_t a1, uint32_t a2, unsigned& traps)
    {
        TrapFrame f{};
        f.r[12] = nr;
        f.r[0] = a0;
        f.r[1] = a1;
        f.r[2] = a2;
        f.r[7] = 0x7777; // not an argument: never touched
        for (traps = 1; traps < 1000; ++traps) {
            f.pc = kHvcAt + 4; // ELR after an HVC: past it
            run_hypercall(v(), f);
            EXPECT_EQ(f.r[7], 0x7777u);
            if (f.pc == kHvcAt + 4) return f.r[0];
            EXPECT_EQ(f.pc, kHvcAt);
            EXPECT_EQ(f.r[12], nr);
        }
        ADD_FAILURE() << "never completed";
        return 0;
    }
    void reservation(uint32_t extents)
    {
        for (uint32_t i = 0; i < extents; ++i) put<uint64_t>(kExtents + 8 * i, kFirstGfn + i);
        put<xen::xen_memory_reservation>(kBuf, {{kExtents}, extents, 0, 0, xen::DOMID_SELF});
    }
};

TEST_F(ContinuationTest, AQuietCpuRunsALongCallInOneGo)
{
    arch::host::set_counter(1000); // time stands still: only an interrupt preempts
    reservation(64);
    unsigned traps = 0;
    EXPECT_EQ(hvc(kMemoryOp, 1, kBuf, 0, traps), 64u);
    EXPECT_EQ(traps, 1u);
    arch::host::set_counter(0);
}

TEST_F(ContinuationTest, MemoryOpYieldsAfterEachExtentWhileAnInterruptWaits)
{
    reservation(64);
    uint64_t owned = domu->owned_pages();
    arch::host::interrupt_pending_flag() = true;
    unsigned traps = 0;
    EXPECT_EQ(hvc(kMemoryOp, 1, kBuf, 0, traps), 64u); // decrease_reservation
    EXPECT_EQ(traps, 64u); // one extent per entry: never more than one step with an interrupt waiting
    EXPECT_EQ(domu->owned_pages(), owned - 64);
    EXPECT_FALSE(domu->p2m().lookup(kFirstGfn << 12));
    EXPECT_EQ(hvc(kMemoryOp, 6, kBuf, 0, traps), 64u); // populate_physmap
    EXPECT_EQ(traps, 64u);
    EXPECT_EQ(domu->owned_pages(), owned);
    for (uint64_t g = kFirstGfn; g < kFirstGfn + 64; ++g) EXPECT_TRUE(domu->p2m().lookup(g << 12)) << g;
}

TEST_F(ContinuationTest, MulticallResumesAtTheEntryThatYielded)
{
    reservation(8);
    xen::multicall_entry list[3] = {{kXenVersion, 99, {0, 0, 0, 0, 0, 0}},
                                    {kMemoryOp, 99, {1, kBuf, 0, 0, 0, 0}},
                                    {kXenVersion, 99, {0, 0, 0, 0, 0, 0}}};
    constexpr uint32_t kList = 0x40102000;
    put(kList, list);
    arch::host::interrupt_pending_flag() = true;
    unsigned traps = 0;
    EXPECT_EQ(hvc(kMulticall, kList, 3, 0, traps), 0u);
    // Entry 0, then one extent of entry 1 per trap (8), then entry 2.
    EXPECT_EQ(traps, 10u);
    auto back = get<std::array<xen::multicall_entry, 3>>(kList);
    EXPECT_EQ(back[0].result, 0x40011u);
    EXPECT_EQ(back[1].result, 8u);
    EXPECT_EQ(back[2].result, 0x40011u);
    // The entry carries its own continuation, as in Xen: the next extent.
    EXPECT_EQ(back[1].args[0], 1u | (7u << xen::MEMOP_EXTENT_SHIFT));
    for (uint64_t g = kFirstGfn; g < kFirstGfn + 8; ++g) EXPECT_FALSE(domu->p2m().lookup(g << 12)) << g;
}

} // namespace
} // namespace hv

namespace hv {
namespace {

// A continuation rewrites only the hypercall's own argument registers: the
// others are the guest's (Linux's hypercall stubs keep r4, callee-saved,
// in it across a 2- or 3-argument call).
TEST_F(ContinuationTest, AContinuationKeepsTheRegistersBeyondItsArguments)
{
    reservation(4);
    arch::host::interrupt_pending_flag() = true;
    TrapFrame f{};
    f.r[12] = kMemoryOp;
    f.r[0] = 1; // decrease_reservation, 2 arguments
    f.r[1] = kBuf;
    f.r[2] = 0x22222222;
    f.r[3] = 0x33333333;
    f.r[4] = 0x44444444;
    f.pc = kHvcAt + 4;
    run_hypercall(v(), f);
    ASSERT_EQ(f.pc, kHvcAt); // continued
    EXPECT_EQ(f.r[0], 1u | (1u << xen::MEMOP_EXTENT_SHIFT));
    EXPECT_EQ(f.r[1], kBuf);
    EXPECT_EQ(f.r[2], 0x22222222u);
    EXPECT_EQ(f.r[3], 0x33333333u);
    EXPECT_EQ(f.r[4], 0x44444444u);
}

} // namespace
} // namespace hv
