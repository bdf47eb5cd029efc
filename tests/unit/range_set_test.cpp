#include "mm/range_set.hpp"

#include <gtest/gtest.h>

namespace hv {
namespace {

TEST(RangeSet, AddMergesNeighboursAndOverlaps)
{
    RangeSet s;
    ASSERT_EQ(s.add(0x1000, 0x1000), Status::Ok);
    ASSERT_EQ(s.add(0x3000, 0x1000), Status::Ok);
    EXPECT_EQ(s.count(), 2u);
    ASSERT_EQ(s.add(0x2000, 0x1000), Status::Ok); // touches both
    ASSERT_EQ(s.count(), 1u);
    EXPECT_EQ(s[0].base, 0x1000u);
    EXPECT_EQ(s[0].size, 0x3000u);
    ASSERT_EQ(s.add(0x1800, 0x10000), Status::Ok);
    EXPECT_EQ(s.count(), 1u);
    EXPECT_EQ(s[0].end(), 0x11800u);
}

TEST(RangeSet, SubtractSplitsAndTrims)
{
    RangeSet s;
    s.add(0x10000, 0x10000);
    ASSERT_EQ(s.subtract(0x14000, 0x1000), Status::Ok);
    ASSERT_EQ(s.count(), 2u);
    EXPECT_EQ(s[0].base, 0x10000u);
    EXPECT_EQ(s[0].size, 0x4000u);
    EXPECT_EQ(s[1].base, 0x15000u);
    EXPECT_EQ(s[1].size, 0xb000u);
    s.subtract(0x0, 0x12000); // trims the front
    EXPECT_EQ(s[0].base, 0x12000u);
    s.subtract(0x1f000, 0x100000); // trims the end
    EXPECT_EQ(s[1].end(), 0x1f000u);
    EXPECT_EQ(s.total(), 0x2000u + 0xa000u);
    s.subtract(0, ~0ull); // everything, up to the top of the address space
    EXPECT_EQ(s.count(), 0u);
}

TEST(RangeSet, CapacityIsReported)
{
    RangeSet s;
    for (unsigned i = 0; i < RangeSet::kCapacity; ++i) ASSERT_EQ(s.add(i * 0x2000, 0x1000), Status::Ok);
    EXPECT_EQ(s.add(0x100000, 0x1000), Status::NoMemory);
    EXPECT_EQ(s.add(0x10, ~0ull), Status::Invalid); // wraps around
}

} // namespace
} // namespace hv
