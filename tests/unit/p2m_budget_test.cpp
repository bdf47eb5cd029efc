// A domain's p2m table pages are counted against a budget that grows with
// its RAM (issue 11): populating sparse gfns, each in a 2 MiB region of its
// own, cannot turn a guest's quota of RAM pages into as many table pages.
#include <gtest/gtest.h>

#include "test_support.hpp"

namespace hv {
namespace {

TEST(P2mBudget, SparsePopulationStopsAtTheTableBudget)
{
    test::Machine machine;
    uint64_t free_at_start = machine.frames.free_frames();
    {
        test::TestDomain domu(machine, 3, 4ull << 20, 1); // 1024 pages: 36 table pages at most
        EXPECT_EQ(domu->p2m_table_budget(), P2mTableMemory::kBaseBudget + 4);
        for (uint64_t g = 0; g < 300; ++g) ASSERT_EQ(domu->release_ram_page(0x40100 + g), 0);
        unsigned populated = 0;
        long last = 0;
        for (uint64_t i = 0; i < 300; ++i) {
            last = domu->populate_ram_page(0x80000 + i * 512); // a new 2 MiB region each time
            if (last != 0) break;
            ++populated;
        }
        EXPECT_EQ(last, -12); // ENOMEM: no table page left
        EXPECT_LT(populated, 40u);
        EXPECT_LE(domu->p2m_table_pages(), domu->p2m_table_budget());
        // Dense population still works: the pages go into tables it has.
        EXPECT_EQ(domu->populate_ram_page(0x40100), 0);
        EXPECT_EQ(domu->populate_ram_page(0x40101), 0);
    }
    EXPECT_EQ(machine.frames.free_frames(), free_at_start); // tables and RAM all back
}

TEST(P2mBudget, TheHardwareDomainMapsEveryDeviceOfTheBoard)
{
    test::Machine machine;
    test::TestDomain dom0(machine, 0, 4ull << 20, 1);
    // 100 scattered device pages, a table page each: more than a domU's budget.
    Attributes mmio{MemType::Device, true, false, static_cast<uint8_t>(P2mType::Mmio)};
    for (uint64_t i = 0; i < 100; ++i) EXPECT_EQ(dom0->p2m().map(0x10000000 + i * (2u << 20), Pa(0x09000000), 4096, mmio), Status::Ok) << i;
    EXPECT_GT(dom0->p2m_table_pages(), P2mTableMemory::kBaseBudget + 4);
}

TEST(PopulateExtent, A2MiBExtentIsOneBlockTakenWholeOrNotAtAll)
{
    test::Machine machine;
    uint64_t free_at_start = machine.frames.free_frames();
    {
        test::TestDomain domu(machine, 3, 4ull << 20, 1);
        domu->set_max_pages(domu->owned_pages() + 512 + 100);
        uint64_t owned = domu->owned_pages(), free_before = machine.frames.free_frames();
        ASSERT_EQ(domu->populate_ram_extent(0x80000, 9), 0);
        auto t = domu->p2m().lookup(0x80000ull << 12);
        ASSERT_TRUE(t);
        EXPECT_EQ(t->block_size, 2ull << 20); // one stage-2 block
        EXPECT_EQ(domu->owned_pages(), owned + 512);
        // The next one would pass the maximum: none of it is taken.
        free_before = machine.frames.free_frames();
        EXPECT_EQ(domu->populate_ram_extent(0x80200, 9), -12);
        EXPECT_FALSE(domu->p2m().lookup(0x80200ull << 12));
        EXPECT_EQ(machine.frames.free_frames(), free_before);
        // One page given back out of the block: only that frame goes (the
        // block is split into a table of pages).
        Pa second = domu->p2m().lookup(0x80001ull << 12)->pa;
        ASSERT_EQ(domu->release_ram_page(0x80001), 0);
        EXPECT_FALSE(domu->p2m().lookup(0x80001ull << 12));
        EXPECT_TRUE(domu->p2m().lookup(0x80002ull << 12));
        EXPECT_TRUE(machine.frames.is_free(second));
        EXPECT_FALSE(machine.frames.is_free(domu->p2m().lookup(0x80002ull << 12)->pa));
        EXPECT_EQ(domu->owned_pages(), owned + 511);
        // Populated again over what is there: refused, page by page as before.
        domu->set_max_pages(domu->owned_pages() + 1024);
        EXPECT_EQ(domu->populate_ram_extent(0x80000, 9), -16); // EBUSY
        // Smaller orders go page by page.
        EXPECT_EQ(domu->populate_ram_extent(0x90000, 2), 0);
        EXPECT_EQ(domu->p2m().lookup(0x90003ull << 12)->block_size, 4096u);
    }
    EXPECT_EQ(machine.frames.free_frames(), free_at_start);
}

} // namespace
} // namespace hv
