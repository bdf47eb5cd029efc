#include "mm/frame_allocator.hpp"

#include <gtest/gtest.h>

#include "test_support.hpp"

namespace hv {
namespace {

constexpr uint64_t kBase = test::kTestRamBase;

TEST(FrameAllocator, CarvesItsBitmapFromTheRegion)
{
    FrameAllocator a;
    ASSERT_EQ(a.add_region(Pa(kBase), 16ull << 20), Status::Ok);
    EXPECT_EQ(a.total_frames(), 4096u);
    // 4096 frames need 512 bytes of bitmap: one frame.
    EXPECT_EQ(a.free_frames(), 4095u);
    auto first = a.alloc();
    ASSERT_TRUE(first);
    EXPECT_EQ(first->value, kBase + 4096); // the bitmap took frame 0
}

TEST(FrameAllocator, AllocFreeAndExhaustion)
{
    FrameAllocator a;
    ASSERT_EQ(a.add_region(Pa(kBase), 64 * 4096), Status::Ok);
    uint64_t n = a.free_frames();
    std::vector<Pa> got;
    while (auto p = a.alloc()) got.push_back(*p);
    EXPECT_EQ(got.size(), n);
    EXPECT_FALSE(a.alloc());
    a.free(got[10]);
    auto again = a.alloc();
    ASSERT_TRUE(again);
    EXPECT_EQ(*again, got[10]);
}

TEST(FrameAllocator, ContiguousAlignedRuns)
{
    FrameAllocator a;
    ASSERT_EQ(a.add_region(Pa(kBase), 16ull << 20), Status::Ok);
    auto block = a.alloc(512, 512); // 2 MiB, 2 MiB aligned
    ASSERT_TRUE(block);
    EXPECT_EQ(block->value % (2u << 20), 0u);
    EXPECT_EQ(block->value, kBase + (2u << 20)); // the first 2 MiB hold the bitmap frame
    auto second = a.alloc(512, 512);
    ASSERT_TRUE(second);
    EXPECT_EQ(second->value, block->value + (2u << 20));
    EXPECT_FALSE(a.alloc(0));
    EXPECT_FALSE(a.alloc(1, 3)); // alignment must be a power of two
    EXPECT_FALSE(a.alloc(8192)); // more than there is
}

TEST(FrameAllocator, ReserveClaimAndMultipleRegions)
{
    FrameAllocator a;
    ASSERT_EQ(a.add_region(Pa(kBase), 1ull << 20), Status::Ok);
    ASSERT_EQ(a.add_region(Pa(kBase + (8ull << 20)), 1ull << 20), Status::Ok);
    EXPECT_EQ(a.region_count(), 2u);
    uint64_t before = a.free_frames();
    a.reserve(Pa(kBase + 0x10000), 0x3000);
    EXPECT_EQ(a.free_frames(), before - 3);
    EXPECT_FALSE(a.is_free(Pa(kBase + 0x11000)));
    EXPECT_TRUE(a.claim(Pa(kBase + (8ull << 20) + 0x20000), 2));
    EXPECT_FALSE(a.claim(Pa(kBase + (8ull << 20) + 0x21000))); // taken just now
    EXPECT_FALSE(a.claim(Pa(kBase + (4ull << 20))));          // not RAM we manage
    EXPECT_EQ(a.free_frames(), before - 5);
}

TEST(FrameAllocator, RejectsTinyRegions)
{
    FrameAllocator a;
    EXPECT_EQ(a.add_region(Pa(kBase), 4096), Status::Invalid); // no room beside its bitmap
    EXPECT_EQ(a.add_region(Pa(kBase + 1), 100), Status::Invalid);
}

} // namespace
} // namespace hv
