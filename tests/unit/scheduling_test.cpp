// The run queue's round robin and the software timer queue.
#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "core/run_queue.hpp"
#include "core/timer.hpp"
#include "core/wake_policy.hpp"
#include "core/vcpu.hpp"
#include "test_support.hpp"

namespace hv {
namespace {

struct RunQueueTest : ::testing::Test {
    test::Machine machine;
    test::TestDomain a{machine, 11, 1ull << 20, 2};
    test::TestDomain b{machine, 12, 1ull << 20, 1};
    RunQueue q;
    void SetUp() override
    {
        ASSERT_EQ(q.add(*a->vcpu(0)), Status::Ok);
        ASSERT_EQ(q.add(*a->vcpu(1)), Status::Ok);
        ASSERT_EQ(q.add(*b->vcpu(0)), Status::Ok);
    }
};

TEST_F(RunQueueTest, RoundRobinWithCurrentLast)
{
    EXPECT_EQ(q.next_after(nullptr), a->vcpu(0));
    EXPECT_EQ(q.next_after(a->vcpu(0)), a->vcpu(1));
    EXPECT_EQ(q.next_after(a->vcpu(1)), b->vcpu(0));
    EXPECT_EQ(q.next_after(b->vcpu(0)), a->vcpu(0));
}

TEST_F(RunQueueTest, SkipsBlockedAndOffline)
{
    a->vcpu(1)->set_state(Vcpu::State::Blocked);
    b->vcpu(0)->set_state(Vcpu::State::Offline);
    EXPECT_EQ(q.next_after(a->vcpu(0)), a->vcpu(0)); // only itself is left
    a->vcpu(0)->set_state(Vcpu::State::Blocked);
    EXPECT_EQ(q.next_after(a->vcpu(0)), nullptr);
    a->vcpu(1)->set_state(Vcpu::State::Runnable);
    EXPECT_EQ(q.next_after(a->vcpu(0)), a->vcpu(1));
}

TEST_F(RunQueueTest, AddRemoveAndDuplicates)
{
    EXPECT_EQ(q.add(*a->vcpu(0)), Status::Busy);
    EXPECT_EQ(q.size(), 3u);
    q.remove(*a->vcpu(1));
    EXPECT_EQ(q.size(), 2u);
    EXPECT_EQ(q.next_after(a->vcpu(0)), b->vcpu(0));
}

struct Fired {
    std::vector<int> order;
};
Fired* fired_log = nullptr;
void record(void* data) { fired_log->order.push_back(*static_cast<int*>(data)); }

TEST(TimerQueue, FiresInDeadlineOrderAndProgramsTheEarliest)
{
    Fired fired;
    fired_log = &fired;
    bool enabled = false;
    uint64_t programmed = 0;
    static bool* en = &enabled;
    static uint64_t* pr = &programmed;
    TimerQueue q;
    q.program = [](bool e, uint64_t d) {
        *en = e;
        *pr = d;
    };
    int one = 1, two = 2, three = 3;
    Timer t1(record, &one), t2(record, &two), t3(record, &three);
    q.set(t2, 200);
    q.set(t1, 100);
    q.set(t3, 300);
    EXPECT_TRUE(enabled);
    EXPECT_EQ(programmed, 100u);
    q.stop(t1);
    EXPECT_FALSE(t1.armed());
    EXPECT_EQ(programmed, 200u);
    q.set(t3, 150); // re-arming moves it
    q.expire(250);
    EXPECT_EQ(fired.order, (std::vector<int>{3, 2}));
    EXPECT_FALSE(enabled);
    q.expire(1000);
    EXPECT_EQ(fired.order.size(), 2u);
}

} // namespace
} // namespace hv

namespace hv {
namespace {

constexpr uint64_t kSlice = 10000, kGranularity = 1000;

TEST(WakePolicy, AVcpuThatMostlyWaitsPreemptsAtOnce)
{
    const uint64_t placed = place_woken(2000, 50000, kSlice);
    EXPECT_EQ(placed, 40000u); // a long sleeper: one slice behind, no more
    EXPECT_TRUE(preempts(50000, placed, kGranularity));
}

TEST(WakePolicy, OneThatComputedAsMuchWaitsForTheSlice)
{
    // The reviewer's case: B computes 9 of every 10 units, A the rest; B's
    // wake must not take A's CPU away again and again.
    EXPECT_FALSE(preempts(50000, place_woken(49500, 50000, kSlice), kGranularity));
    EXPECT_EQ(place_woken(60000, 50000, kSlice), 60000u); // never lowered
    EXPECT_FALSE(preempts(50000, 60000, kGranularity));
    EXPECT_TRUE(preempts(50000, 49000, kGranularity)); // exactly the granularity behind
}

TEST(WakePolicy, AWokenVcpuIsPlacedAtMostASliceBehindItsCpusClock)
{
    // A new vCPU (0) on a CPU where dom0's vCPU has used 60000: a slice
    // behind, so that dom0's next wake can preempt it once it computes.
    EXPECT_EQ(place_woken(0, 60000, kSlice), 50000u);
    EXPECT_EQ(place_woken(55000, 60000, kSlice), 55000u); // close enough: kept
    EXPECT_EQ(place_woken(70000, 60000, kSlice), 70000u); // never lowered
    EXPECT_EQ(place_woken(0, 5000, kSlice), 0u);          // early: nothing underflows
    // The dom0 vCPU (60500) wakes while the new one has computed 12000
    // since its placement: it preempts.
    EXPECT_TRUE(preempts(place_woken(0, 60000, kSlice) + 12000, 60500, kGranularity));
    // Left at 0, it would have waited for the slice.
    EXPECT_FALSE(preempts(0 + 12000, 60500, kGranularity));
}

TEST(WakePolicy, EarlyInTheRunNothingUnderflows)
{
    EXPECT_EQ(place_woken(0, 500, kSlice), 0u);
    EXPECT_FALSE(preempts(500, 0, kGranularity)); // neither has used a granularity yet
    EXPECT_TRUE(preempts(1000, 0, kGranularity));
}

} // namespace
} // namespace hv

namespace hv {
namespace {

// Boosted (just woken) vCPUs go first, unless they have used more CPU time
// than round robin's next: two vCPUs that wake each other and block in turn
// cannot shut a third out of the CPU.
TEST_F(RunQueueTest, AWokenVcpuGoesFirstUnlessItUsedMore)
{
    b->vcpu(0)->boosted = true;
    EXPECT_EQ(q.next_after(a->vcpu(0), 1000), b->vcpu(0)); // round robin says a1
    b->vcpu(0)->vruntime = a->vcpu(1)->vruntime + 1000;
    EXPECT_EQ(q.next_after(a->vcpu(0), 1000), b->vcpu(0)); // within the granularity
    b->vcpu(0)->vruntime = a->vcpu(1)->vruntime + 1001;
    EXPECT_EQ(q.next_after(a->vcpu(0), 1000), a->vcpu(1)); // ahead: round robin
    EXPECT_EQ(q.next_after(a->vcpu(0), RunQueue::kAnyRuntime), b->vcpu(0));
}

// Placement when a CPU takes its wakes: every runnable vCPU, not only the
// one that may preempt (a reviewer's case: a new vCPU at 0 left unplaced
// when a reschedule was already due, or when woken together with another).
TEST_F(RunQueueTest, EveryRunnableVcpuIsBroughtToASliceBehindTheCurrentOne)
{
    Vcpu *cur = a->vcpu(0), *waiting = a->vcpu(1), *woken = b->vcpu(0);
    waiting->vruntime = 70000; // runnable, its turn next
    woken->boosted = true;     // new: vruntime 0
    q.place_runnable_vcpus(cur, 90000, kSlice);
    EXPECT_EQ(woken->vruntime, 90000u - kSlice);
    EXPECT_EQ(waiting->vruntime, 90000u - kSlice);
    EXPECT_EQ(cur->vruntime, 0u); // the current one is not placed
    EXPECT_TRUE(preempts(90000, woken->vruntime, kGranularity));
    EXPECT_EQ(q.next_after(cur, kGranularity), woken); // it goes first
    // One within a slice is left as it is; a blocked one too.
    waiting->vruntime = 85000;
    woken->vruntime = 0;
    woken->set_state(Vcpu::State::Blocked);
    q.place_runnable_vcpus(cur, 90000, kSlice);
    EXPECT_EQ(waiting->vruntime, 85000u);
    EXPECT_EQ(woken->vruntime, 0u);
}

// A reviewer's attack on placing against the least used vCPU: a vCPU that
// stays runnable while yielding keeps its CPU time low, and its sibling,
// placed against it at each wake, would keep preempting a busy vCPU of
// another domain. Placed against the current vCPU, neither gains more than
// a slice on it.
TEST_F(RunQueueTest, AYieldingVcpuDoesNotLowerWhereOthersArePlaced)
{
    Vcpu *busy = a->vcpu(0), *yielder = b->vcpu(0), *sleeper = a->vcpu(1);
    busy->vruntime = 10 * kSlice;
    yielder->vruntime = 0;
    for (unsigned wake = 0; wake < 100; ++wake) {
        sleeper->boosted = true;
        q.place_runnable_vcpus(busy, busy->vruntime, kSlice);
        EXPECT_GE(sleeper->vruntime + kSlice, busy->vruntime);
        EXPECT_GE(yielder->vruntime + kSlice, busy->vruntime);
        if (preempts(busy->vruntime, sleeper->vruntime, kGranularity)) sleeper->vruntime += 3 * kGranularity; // computes
        sleeper->boosted = false;
        busy->vruntime += kGranularity; // what busy ran meanwhile
    }
}

TEST_F(RunQueueTest, TwoVcpusWakingEachOtherLeaveTheThirdItsTurn)
{
    // a0 and a1 ping-pong: each wakes the other, then blocks; b0 computes.
    Vcpu *x = a->vcpu(0), *y = a->vcpu(1), *z = b->vcpu(0);
    unsigned z_turns = 0;
    Vcpu* cur = x;
    for (unsigned round = 0; round < 100; ++round) {
        Vcpu* other = cur == x ? y : x;
        cur->vruntime += 300; // runs a while, wakes the other, blocks
        other->set_state(Vcpu::State::Runnable);
        other->boosted = true;
        cur->set_state(Vcpu::State::Blocked);
        Vcpu* next = q.next_after(cur, 1000);
        ASSERT_NE(next, nullptr);
        next->boosted = false;
        if (next == z) {
            ++z_turns;
            z->vruntime += 10000; // a whole slice
            next = q.next_after(z, 1000);
            next->boosted = false;
        }
        cur = next;
        cur->set_state(Vcpu::State::Runnable);
    }
    EXPECT_GE(z_turns, 2u);
}

} // namespace
} // namespace hv
