// RAM banks, extended regions and memory population as Xen's ARM builder.
#include <gtest/gtest.h>

#include "error.hpp"
#include "guest_layout.hpp"
#include "populate.hpp"
#include "recording_ops.hpp"

namespace xc {
namespace {

constexpr uint64_t MiB = 1ull << 20, GiB = 1ull << 30;

TEST(GuestLayout, RamFillsBankZeroThenBankOne)
{
    EXPECT_EQ(split_ram(128 * MiB / 4096), (std::vector<Range>{{0x40000000, 128 * MiB}}));
    EXPECT_EQ(split_ram(3 * GiB / 4096), (std::vector<Range>{{0x40000000, 3 * GiB}}));
    EXPECT_EQ(split_ram(4 * GiB / 4096), (std::vector<Range>{{0x40000000, 3 * GiB}, {0x200000000, 1 * GiB}}));
    EXPECT_THROW(split_ram((3 * GiB + 0xfe00000000) / 4096 + 1), BuildError);
}

TEST(GuestLayout, ExtendedRegionsAsTheReferenceGuest)
{
    // Xen 4.17's trace for a 128 MiB guest with 40 physical address bits:
    // 0x48000000->0x100000000 and 0x200000000->0x10000000000.
    auto regions = extended_regions(split_ram(128 * MiB / 4096), 40);
    EXPECT_EQ(regions, (std::vector<Range>{{0x48000000, 0xb8000000}, {0x200000000, 0xfe00000000}}));
}

TEST(GuestLayout, ExtendedRegionsRespectTheAddressLimitAndMinimumSize)
{
    // 32 bits: bank 1 is out of reach; bank 0 ends at 4 GiB anyway.
    auto regions = extended_regions(split_ram(128 * MiB / 4096), 32);
    EXPECT_EQ(regions, (std::vector<Range>{{0x48000000, 0xb8000000}}));
    // A full bank 0 leaves nothing there; 1 MiB of RAM rounds up to 2 MiB.
    EXPECT_EQ(extended_regions(split_ram(3 * GiB / 4096), 32).size(), 0u);
    EXPECT_EQ(extended_regions(split_ram(1 * MiB / 4096), 32).front(), (Range{0x40200000, 0xbfe00000}));
    // Less than 64 MiB left is not worth describing.
    EXPECT_EQ(extended_regions(split_ram((3 * GiB - 32 * MiB) / 4096), 32).size(), 0u);
}

TEST(Populate, ReferenceGuestUses64TwoMiBExtentsInOneCall)
{
    test::RecordingOps ops;
    populate_bank(ops, 1, 0x40000, 128 * MiB / 4096);
    // "populated 0x40/0x40 entries with shift 9": no 1 GiB extent fits.
    EXPECT_EQ(ops.calls, (std::vector<std::string>{"populate_physmap order=9 extents=64 first=0x40000"}));
    EXPECT_EQ(ops.memory.size(), 128 * MiB / 4096);
}

TEST(Populate, GigabyteExtentsWhenAlignedAndLargeEnough)
{
    test::RecordingOps ops;
    ops.store_pages = false;
    populate_bank(ops, 1, 0x40000, (1 * GiB + 6 * MiB + 8192) / 4096);
    EXPECT_EQ(ops.calls, (std::vector<std::string>{"populate_physmap order=18 extents=1 first=0x40000",
                                                   "populate_physmap order=9 extents=3 first=0x80000",
                                                   "populate_physmap order=0 extents=2 first=0x80600"}));
}

TEST(Populate, MisalignedStartIsCutAtTheNextBoundary)
{
    test::RecordingOps ops;
    // 4 KiB pages up to the next 2 MiB boundary, then 2 MiB extents.
    populate_bank(ops, 1, 0x40001, 0x3ff + 0x400);
    EXPECT_EQ(ops.calls, (std::vector<std::string>{"populate_physmap order=0 extents=511 first=0x40001",
                                                   "populate_physmap order=9 extents=3 first=0x40200"}));
    EXPECT_EQ(ops.memory.size(), 0x7ffu);
}

TEST(Populate, FallsBackToSmallerExtentsWhenTheHypervisorHasNone)
{
    test::RecordingOps ops;
    ops.largest_order = 0; // fragmented: only single pages
    populate_bank(ops, 1, 0x40000, 1024);
    EXPECT_EQ(ops.calls, (std::vector<std::string>{"populate_physmap order=9 extents=2 first=0x40000",
                                                   "populate_physmap order=0 extents=1024 first=0x40000"}));
}

TEST(Populate, PartialSuccessAdvancesAndRetriesTheLargestExtent)
{
    test::RecordingOps ops;
    ops.page_budget = 512; // one 2 MiB extent, then nothing
    try {
        populate_bank(ops, 1, 0x40000, 1024);
        FAIL() << "expected not enough RAM";
    } catch (const BuildError& e) {
        EXPECT_NE(std::string(e.what()).find("not enough RAM"), std::string::npos);
        EXPECT_NE(std::string(e.what()).find("0x40200"), std::string::npos) << e.what();
    }
    EXPECT_EQ(ops.calls.front(), "populate_physmap order=9 extents=2 first=0x40000");
    EXPECT_EQ(ops.calls[1], "populate_physmap order=9 extents=1 first=0x40200");
}

TEST(Populate, ChunksOfAtMostTwoToTheTwentyPages)
{
    test::RecordingOps ops;
    ops.largest_order = 0;
    ops.store_pages = false;
    populate_bank(ops, 1, 0x200000, (1ull << 20) + 1);
    size_t order0 = 0;
    for (const auto& c : ops.calls)
        if (c.starts_with("populate_physmap order=0")) ++order0;
    EXPECT_EQ(order0, 2u);
    EXPECT_EQ(ops.populated_pages, (1ull << 20) + 1);
}

} // namespace
} // namespace xc
