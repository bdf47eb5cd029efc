// A stage-2 translation fault on an address that is mapped once no p2m
// change is under way raced a block split (break-before-make): whatever
// the access (a guest's own stage-1 table walk, cache maintenance), it is
// retried, neither turned into an abort nor skipped (issue 11, from a review).
#include <gtest/gtest.h>

#include "core/domain.hpp"
#include "core/traps.hpp"
#include "core/vcpu.hpp"
#include "test_support.hpp"

namespace hv {
namespace {

// A guest's stage-1 table walk that hits a 2 MiB block while it is being split
// (break-before-make) faults with S1PTW set: it should be retried like any
// access that raced a split, not turned into an external abort.
TEST(SplitRetry, AStageOneWalkThatMetASplitIsRetried)
{
    test::Machine machine;
    test::TestDomain domu{machine, 3, 4ull << 20, 1};
    TrapFrame f{};
    f.cpsr = 0x13;
    f.pc = 0x40008000;
    uint32_t ipa = 0x40200008; // RAM: mapped again once the split is done
    // Data abort from the guest, translation fault level 3, S1PTW.
    uint32_t hsr = (0x24u << 26) | (1u << 25) | (1u << 7) | 0x07;
    handle_data_abort(*domu->vcpu(0), f, TrapInfo{Hsr{hsr}, 0x1234, 0, ipa});
    EXPECT_EQ(f.pc, 0x40008000u) << "an abort was injected for a mapped IPA";
    EXPECT_EQ(f.cpsr, 0x13u);
}

// The same for DC by VA (cache maintenance) racing a split: it is skipped,
// so the guest's clean/invalidate silently does nothing.
TEST(SplitRetry, CacheMaintenanceThatMetASplitIsRetriedNotSkipped)
{
    test::Machine machine;
    test::TestDomain domu{machine, 3, 4ull << 20, 1};
    TrapFrame f{};
    f.cpsr = 0x13;
    f.pc = 0x40008000;
    uint32_t hsr = (0x24u << 26) | (1u << 25) | (1u << 8) | (1u << 6) | 0x07;
    handle_data_abort(*domu->vcpu(0), f, TrapInfo{Hsr{hsr}, 0x1234, 0, 0x40200040});
    EXPECT_EQ(f.pc, 0x40008000u) << "the guest's cache maintenance on mapped RAM was skipped";
}

} // namespace
} // namespace hv
