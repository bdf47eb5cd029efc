#include "mm/page_table.hpp"

#include <gtest/gtest.h>

#include <set>

#include "mm/lpae.hpp"
#include "test_support.hpp"

namespace hv {
namespace {

// Table pages from simulated RAM, counted, roots checked for alignment.
class CountingMemory final : public TableMemory {
public:
    explicit CountingMemory(FrameAllocator& frames) : frames_(frames) {}
    std::optional<Pa> alloc_table(unsigned pages) override
    {
        auto pa = frames_.alloc(pages, pages);
        if (!pa || fail_after_ == 0) return std::nullopt;
        if (fail_after_ > 0) --fail_after_;
        EXPECT_EQ(pa->value % (pages * kPageSize), 0u);
        auto* p = static_cast<uint8_t*>(arch::phys_to_virt(pa->value));
        std::fill(p, p + pages * kPageSize, 0);
        live_ += pages;
        return pa;
    }
    void free_table(Pa table, unsigned pages) override
    {
        frames_.free(table, pages);
        live_ -= pages;
    }
    uint64_t* table(Pa table) override { return static_cast<uint64_t*>(arch::phys_to_virt(table.value)); }
    int live() const { return live_; }
    void fail_after(int n) { fail_after_ = n; }

private:
    FrameAllocator& frames_;
    int live_ = 0;
    int fail_after_ = -1;
};

struct PageTableTest : ::testing::Test {
    test::Machine machine;
    CountingMemory memory{machine.frames};
    const Attributes ram{MemType::Normal, true, true, 1};
    const Attributes dev{MemType::Device, true, false, 2};
};

TEST_F(PageTableTest, Stage2RootIsTwoConcatenatedPages)
{
    PageTable t(TableFormat::Stage2, memory, 40);
    ASSERT_EQ(t.init(), Status::Ok);
    EXPECT_EQ(t.root_pages(), 2u);
    EXPECT_EQ(memory.live(), 2);
    t.destroy();
    EXPECT_EQ(memory.live(), 0);
}

TEST_F(PageTableTest, BlockSizesFollowAlignment)
{
    PageTable t(TableFormat::Stage2, memory, 40);
    ASSERT_EQ(t.init(), Status::Ok);
    ASSERT_EQ(t.map(0x80000000, Pa(0x1c0000000), 1ull << 30, ram), Status::Ok); // 1 GiB block
    ASSERT_EQ(t.map(0x40200000, Pa(0x50200000), 2ull << 20, ram), Status::Ok);  // 2 MiB block
    ASSERT_EQ(t.map(0x40001000, Pa(0x50001000), 0x3000, ram), Status::Ok);      // pages
    ASSERT_EQ(t.map(0x40400000 + 0x1000, Pa(0x60000000 + 0x1000), (2ull << 20), dev), Status::Ok); // unaligned: pages
    EXPECT_EQ(t.lookup(0x80000000 + 0x12345)->block_size, 1ull << 30);
    EXPECT_EQ(t.lookup(0x80000000 + 0x12345)->pa.value, 0x1c0012345u);
    EXPECT_EQ(t.lookup(0x40300000)->block_size, 2ull << 20);
    EXPECT_EQ(t.lookup(0x40300000)->pa.value, 0x50300000u);
    EXPECT_EQ(t.lookup(0x40002abc)->block_size, 4096u);
    EXPECT_EQ(t.lookup(0x40002abc)->pa.value, 0x50002abcu);
    EXPECT_EQ(t.lookup(0x40401000)->block_size, 4096u);
    EXPECT_FALSE(t.lookup(0x40000000));
    EXPECT_FALSE(t.lookup(0x40004000));
    t.destroy();
    EXPECT_EQ(memory.live(), 0);
}

TEST_F(PageTableTest, Stage2DescriptorBits)
{
    PageTable t(TableFormat::Stage2, memory, 40);
    uint64_t normal = t.encode_leaf(3, Pa(0x12345000), Attributes{MemType::Normal, true, true, 0});
    EXPECT_EQ(normal & 3, 3u);                        // page
    EXPECT_EQ((normal >> 2) & 0xf, 0xfu);             // MemAttr: normal write-back
    EXPECT_EQ((normal >> 6) & 3, 3u);                 // S2AP read/write
    EXPECT_EQ((normal >> 8) & 3, 3u);                 // inner shareable
    EXPECT_TRUE(normal & (1ull << 10));               // access flag
    EXPECT_FALSE(normal & (1ull << 54));              // executable
    EXPECT_EQ(normal & lpae::kAddressMask, 0x12345000u);
    uint64_t device = t.encode_leaf(2, Pa(0x08000000), Attributes{MemType::Device, false, false, 5});
    EXPECT_EQ(device & 3, 1u);                        // block
    EXPECT_EQ((device >> 2) & 0xf, 0x1u);             // Device
    EXPECT_EQ((device >> 6) & 3, 1u);                 // read only
    EXPECT_TRUE(device & (1ull << 54));               // execute never
    EXPECT_EQ((device >> 55) & 0xf, 5u);              // software bits
    EXPECT_EQ(t.decode_attributes(device), (Attributes{MemType::Device, false, false, 5}));
}

TEST_F(PageTableTest, HypStage1DescriptorBits)
{
    PageTable t(TableFormat::HypStage1, memory, 32);
    ASSERT_EQ(t.init(), Status::Ok);
    EXPECT_EQ(t.root_pages(), 1u);
    uint64_t ro = t.encode_leaf(3, Pa(0x40000000), Attributes{MemType::Normal, false, true, 0});
    EXPECT_EQ((ro >> 2) & 7, unsigned(lpae::kHypAttrNormal));
    EXPECT_TRUE(ro & (1ull << 6)); // AP[1]: should be one in Hyp mode
    EXPECT_TRUE(ro & (1ull << 7)); // AP[2]: read-only
    uint64_t dev = t.encode_leaf(3, Pa(0x09000000), Attributes{MemType::Device, true, false, 0});
    EXPECT_EQ((dev >> 2) & 7, unsigned(lpae::kHypAttrDevice));
    EXPECT_FALSE(dev & (1ull << 7));
    EXPECT_EQ(t.decode_attributes(dev), (Attributes{MemType::Device, true, false, 0}));
    EXPECT_EQ(t.map(0xfffff000, Pa(0x1000), 0x2000, ram), Status::Invalid); // beyond 32 bits
    t.destroy();
}

TEST_F(PageTableTest, OverlappingMapFailsAndLeavesNothingBehind)
{
    PageTable t(TableFormat::Stage2, memory, 40);
    ASSERT_EQ(t.init(), Status::Ok);
    ASSERT_EQ(t.map(0x40005000, Pa(0x70005000), 0x1000, ram), Status::Ok);
    EXPECT_EQ(t.map(0x40000000, Pa(0x70000000), 0x10000, ram), Status::Busy);
    EXPECT_FALSE(t.lookup(0x40000000));
    EXPECT_FALSE(t.lookup(0x40006000));
    EXPECT_EQ(t.map(0x40001000, Pa(0x70001001), 0x1000, ram), Status::Invalid);
    EXPECT_EQ(t.map(0x40001000, Pa(0x70001000), 0, ram), Status::Invalid);
    EXPECT_EQ(t.map(1ull << 40, Pa(0x1000), 0x1000, ram), Status::Invalid);
    t.destroy();
}

TEST_F(PageTableTest, PartialUnmapSplitsABlock)
{
    PageTable t(TableFormat::Stage2, memory, 40);
    ASSERT_EQ(t.init(), Status::Ok);
    ASSERT_EQ(t.map(0x40000000, Pa(0x60000000), 2ull << 20, ram), Status::Ok);
    ASSERT_EQ(t.unmap(0x40003000, 0x1000), Status::Ok);
    EXPECT_FALSE(t.lookup(0x40003000));
    for (uint64_t off : {0x0ull, 0x2000ull, 0x4000ull, 0x1ff000ull}) {
        auto tr = t.lookup(0x40000000 + off);
        ASSERT_TRUE(tr) << off;
        EXPECT_EQ(tr->pa.value, 0x60000000 + off);
        EXPECT_EQ(tr->block_size, 4096u);
        EXPECT_EQ(tr->attrs, ram); // the split keeps the attributes
    }
    // Remap the hole, elsewhere.
    ASSERT_EQ(t.map(0x40003000, Pa(0x61000000), 0x1000, dev), Status::Ok);
    EXPECT_EQ(t.lookup(0x40003000)->pa.value, 0x61000000u);
    EXPECT_EQ(t.lookup(0x40003000)->attrs.type, MemType::Device);
    ASSERT_EQ(t.unmap(0x40000000, 2ull << 20), Status::Ok);
    EXPECT_FALSE(t.lookup(0x40000000));
    EXPECT_FALSE(t.lookup(0x401ff000));
    t.destroy();
    EXPECT_EQ(memory.live(), 0);
}

TEST_F(PageTableTest, SplittingALiveBlockBreaksBeforeMaking)
{
    PageTable t(TableFormat::Stage2, memory, 40);
    ASSERT_EQ(t.init(), Status::Ok);
    ASSERT_EQ(t.map(0x40000000, Pa(0x60000000), 2ull << 20, ram), Status::Ok);
    struct Seen {
        PageTable* table;
        unsigned flushes = 0;
        bool block_was_invalid = true;
    } seen{&t};
    t.set_tlb_flush(
        [](void* context) {
            auto* s = static_cast<Seen*>(context);
            ++s->flushes;
            // At the flush, nothing maps the block: no CPU can hold two
            // translations of it (the old block, the new pages) at once.
            for (uint64_t off : {0x0ull, 0x3000ull, 0x1ff000ull})
                s->block_was_invalid &= !s->table->lookup(0x40000000 + off).has_value();
        },
        &seen);
    ASSERT_EQ(t.unmap(0x40003000, 0x1000), Status::Ok);
    EXPECT_EQ(seen.flushes, 1u);
    EXPECT_TRUE(seen.block_was_invalid);
    EXPECT_EQ(t.lookup(0x40004000)->pa.value, 0x60004000u); // made again, as pages
    t.destroy();
}

TEST_F(PageTableTest, WholeBlockUnmapAndLeafWalk)
{
    PageTable t(TableFormat::Stage2, memory, 40);
    ASSERT_EQ(t.init(), Status::Ok);
    ASSERT_EQ(t.map(0x40000000, Pa(0x60000000), 4ull << 20, ram), Status::Ok);
    ASSERT_EQ(t.map(0x50000000, Pa(0x70000000), 0x2000, dev), Status::Ok);
    std::set<uint64_t> leaves;
    uint64_t bytes = 0;
    t.for_each_leaf([&](uint64_t va, const Translation& tr) {
        leaves.insert(va);
        bytes += tr.block_size;
    });
    EXPECT_EQ(leaves, (std::set<uint64_t>{0x40000000, 0x40200000, 0x50000000, 0x50001000}));
    EXPECT_EQ(bytes, (4ull << 20) + 0x2000);
    ASSERT_EQ(t.unmap(0x40200000, 2ull << 20), Status::Ok);
    EXPECT_TRUE(t.lookup(0x40000000));
    EXPECT_FALSE(t.lookup(0x40200000));
    t.destroy();
}

TEST_F(PageTableTest, RunningOutOfTablePagesIsReported)
{
    PageTable t(TableFormat::Stage2, memory, 40);
    ASSERT_EQ(t.init(), Status::Ok);
    memory.fail_after(1); // one more table page, then nothing
    EXPECT_EQ(t.map(0x40000000, Pa(0x60000000), 0x1000, ram), Status::NoMemory);
    EXPECT_FALSE(t.lookup(0x40000000));
    memory.fail_after(-1);
    t.destroy();
    EXPECT_EQ(memory.live(), 0);
}

TEST_F(PageTableTest, AMapThatFailsHalfWayFlushesWhatItWroteBeforeReturning)
{
    PageTable t(TableFormat::Stage2, memory, 40);
    ASSERT_EQ(t.init(), Status::Ok);
    struct Seen {
        PageTable* table;
        unsigned flushes = 0;
        bool first_page_was_gone = true;
    } seen{&t};
    t.set_tlb_flush(
        [](void* context) {
            auto* s = static_cast<Seen*>(context);
            ++s->flushes;
            s->first_page_was_gone &= !s->table->lookup(0x401ff000).has_value();
        },
        &seen);
    // Two pages across a 2 MiB line: the first gets its level-2 and level-3
    // tables, the second's level-3 table cannot be had.
    memory.fail_after(2);
    EXPECT_EQ(t.map(0x401ff000, Pa(0x601ff000), 0x2000, ram), Status::NoMemory);
    EXPECT_EQ(seen.flushes, 1u); // the caller may free the frames now: no CPU still reaches them
    EXPECT_TRUE(seen.first_page_was_gone);
    memory.fail_after(-1);
    seen.flushes = 0;
    EXPECT_EQ(t.map(0x50000000, Pa(0x70000000), 0x1000, ram), Status::Ok);
    EXPECT_EQ(seen.flushes, 0u); // a map that succeeds needs no flush
    t.destroy();
}

} // namespace
} // namespace hv
