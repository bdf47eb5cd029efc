#include "mm/frame_allocator.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <set>
#include <thread>
#include <vector>

#include "arch/cpu.hpp"
#include "test_support.hpp"

namespace hv {
namespace {

constexpr uint64_t kBase = test::kTestRamBase;
constexpr uint16_t kDom1 = 1, kDom2 = 2;

TEST(FrameAllocator, CarvesItsFrameTableFromTheRegion)
{
    FrameAllocator a;
    ASSERT_EQ(a.add_region(Pa(kBase), 16ull << 20), Status::Ok);
    EXPECT_EQ(a.total_frames(), 4096u);
    // 4096 frames of 16 bytes of frame table: 16 frames, the hypervisor's.
    EXPECT_EQ(a.free_frames(), 4096u - 16);
    EXPECT_FALSE(a.is_free(Pa(kBase)));
    EXPECT_EQ(a.owner(Pa(kBase + 15 * 4096)), FrameAllocator::kOwnerXen);
    EXPECT_TRUE(a.is_free(Pa(kBase + 16 * 4096)));
    auto first = a.alloc();
    ASSERT_TRUE(first);
    EXPECT_GE(first->value, kBase + 16 * 4096);
}

TEST(FrameAllocator, AllocFreeAndExhaustion)
{
    FrameAllocator a;
    ASSERT_EQ(a.add_region(Pa(kBase), 64 * 4096), Status::Ok);
    uint64_t n = a.free_frames();
    std::vector<Pa> got;
    while (auto p = a.alloc()) got.push_back(*p);
    EXPECT_EQ(got.size(), n);
    EXPECT_EQ(std::set<Pa>(got.begin(), got.end()).size(), n); // no frame handed out twice
    EXPECT_EQ(a.free_frames(), 0u);
    EXPECT_FALSE(a.alloc());
    a.free(got[10]);
    auto again = a.alloc();
    ASSERT_TRUE(again);
    EXPECT_EQ(*again, got[10]);
    for (Pa p : got) a.free(p);
    EXPECT_EQ(a.free_frames(), n);
    a.free(got[3]); // a second free changes nothing
    EXPECT_EQ(a.free_frames(), n);
}

TEST(FrameAllocator, FreedBuddiesMergeBackIntoLargeBlocks)
{
    FrameAllocator a;
    ASSERT_EQ(a.add_region(Pa(kBase), 16ull << 20), Status::Ok);
    std::vector<Pa> pages;
    for (int i = 0; i < 3000; ++i) pages.push_back(*a.alloc());
    // Free in a scattered order: every 2 MiB block must come back whole.
    std::sort(pages.begin(), pages.end(), [](Pa x, Pa y) { return (x.value * 2654435761u) % 4099 < (y.value * 2654435761u) % 4099; });
    for (Pa p : pages) a.free(p);
    std::vector<Pa> blocks;
    while (auto b = a.alloc(512, 512)) blocks.push_back(*b);
    EXPECT_EQ(blocks.size(), 7u); // 8 blocks of 2 MiB, less the one holding the frame table
    for (Pa b : blocks) EXPECT_EQ(b.value % (2u << 20), 0u);
}

TEST(FrameAllocator, ContiguousAlignedRuns)
{
    FrameAllocator a;
    ASSERT_EQ(a.add_region(Pa(kBase), 16ull << 20), Status::Ok);
    auto block = a.alloc(512, 512); // 2 MiB, 2 MiB aligned
    ASSERT_TRUE(block);
    EXPECT_EQ(block->value % (2u << 20), 0u);
    EXPECT_NE(block->value, kBase); // the first 2 MiB hold the frame table
    auto second = a.alloc(512, 512);
    ASSERT_TRUE(second);
    EXPECT_NE(*second, *block);
    EXPECT_FALSE(a.alloc(0));
    EXPECT_FALSE(a.alloc(1, 3)); // alignment must be a power of two
    EXPECT_FALSE(a.alloc(8192)); // more than there is
    // A run that is no power of two, nor a whole block: the rest of its
    // block goes back.
    uint64_t before = a.free_frames();
    auto odd = a.alloc(700, 256);
    ASSERT_TRUE(odd);
    EXPECT_EQ((odd->value >> kPageShift) % 256, 0u);
    EXPECT_EQ(a.free_frames(), before - 700);
    a.free(*odd, 700);
    EXPECT_EQ(a.free_frames(), before);
}

TEST(FrameAllocator, RunsThatStraddleBlocksAreFound)
{
    // A region that starts off any large alignment: the only 3 MiB run
    // crosses buddy boundaries.
    FrameAllocator a;
    ASSERT_EQ(a.add_region(Pa(kBase + 0x3000), (4ull << 20) - 0x3000), Status::Ok);
    auto run = a.alloc(768);
    ASSERT_TRUE(run);
    EXPECT_EQ(a.owner(*run + 767 * 4096), FrameAllocator::kOwnerXen);
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
    a.reserve(Pa(kBase + 0x10000), 0x4000); // only the one frame still free
    EXPECT_EQ(a.free_frames(), before - 4);
    EXPECT_TRUE(a.claim(Pa(kBase + (8ull << 20) + 0x20000), 2, kDom1));
    EXPECT_EQ(a.owner(Pa(kBase + (8ull << 20) + 0x21000)), kDom1);
    EXPECT_FALSE(a.claim(Pa(kBase + (8ull << 20) + 0x21000))); // taken just now
    EXPECT_FALSE(a.claim(Pa(kBase + (4ull << 20))));          // not RAM we manage
    EXPECT_EQ(a.free_frames(), before - 6);
    // Every other frame is still there, one at a time.
    uint64_t n = 0;
    while (a.alloc()) ++n;
    EXPECT_EQ(n, before - 6);
}

TEST(FrameAllocator, RejectsTinyRegions)
{
    FrameAllocator a;
    EXPECT_EQ(a.add_region(Pa(kBase), 4096), Status::Invalid); // no room beside its frame table
    EXPECT_EQ(a.add_region(Pa(kBase + 1), 100), Status::Invalid);
}

TEST(FrameAllocator, ReferencesKeepAFrameFromBeingReused)
{
    FrameAllocator a;
    ASSERT_EQ(a.add_region(Pa(kBase), 1ull << 20), Status::Ok);
    auto page = a.alloc(1, 1, kDom1);
    ASSERT_TRUE(page);
    EXPECT_EQ(a.owner(*page), kDom1);
    EXPECT_EQ(a.references(*page), 1u);
    EXPECT_FALSE(a.get(*page, kDom2)); // another domain's frame: no reference
    EXPECT_EQ(a.references(*page), 1u);
    ASSERT_TRUE(a.get(*page, kDom1)); // e.g. a registered vcpu_info
    uint64_t free_before = a.free_frames();
    a.put(*page); // the domain gives the page back...
    EXPECT_FALSE(a.is_free(*page)); // ...but it stays while referred to
    EXPECT_EQ(a.free_frames(), free_before);
    for (uint64_t n = a.free_frames(); n; --n) ASSERT_NE(a.alloc(1, 1, kDom2), *page);
    a.put(*page); // the last reference frees it
    EXPECT_TRUE(a.is_free(*page));
    EXPECT_EQ(a.owner(*page), FrameAllocator::kOwnerNone);
    EXPECT_FALSE(a.get(*page, kDom1)); // a free frame cannot be taken hold of
    EXPECT_FALSE(a.get(Pa(kBase + (64ull << 20)), kDom1)); // nor memory that is not RAM
}

TEST(FrameAllocator, CostDoesNotGrowWithMemory)
{
    // 64 MiB page by page, then back: a first-fit scan makes this
    // quadratic (seconds); the buddy lists keep it linear.
    FrameAllocator a;
    ASSERT_EQ(a.add_region(Pa(kBase), test::kTestRamSize), Status::Ok);
    std::vector<Pa> pages;
    while (auto p = a.alloc(1, 1, kDom1)) pages.push_back(*p);
    EXPECT_EQ(a.free_frames(), 0u);
    for (Pa p : pages) a.put(p);
    EXPECT_EQ(a.free_frames(), pages.size());
    EXPECT_TRUE(a.alloc(1u << 13, 1u << 13)); // merged back: its upper 32 MiB are one block again
}

TEST(FrameAllocator, ConcurrentUsersNeverShareAFrame)
{
    FrameAllocator a;
    ASSERT_EQ(a.add_region(Pa(kBase), test::kTestRamSize), Status::Ok);
    uint64_t total = a.free_frames();
    constexpr int kThreads = 4;
    std::vector<std::vector<Pa>> held(kThreads);
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t)
        threads.emplace_back([&, t] {
            uint16_t owner = static_cast<uint16_t>(t + 1);
            for (int round = 0; round < 200; ++round) {
                for (int i = 0; i < 16; ++i)
                    if (auto p = a.alloc(1, 1, owner)) held[t].push_back(*p);
                for (int i = 0; i < 8 && !held[t].empty(); ++i) {
                    // Another reference and its drop, as a vCPU's
                    // vcpu_info would, racing the owner's put.
                    Pa p = held[t].back();
                    held[t].pop_back();
                    bool extra = a.get(p, owner);
                    a.put(p);
                    if (extra) a.put(p);
                }
            }
        });
    for (auto& th : threads) th.join();
    std::set<Pa> all;
    for (int t = 0; t < kThreads; ++t)
        for (Pa p : held[t]) {
            EXPECT_TRUE(all.insert(p).second);
            EXPECT_EQ(a.owner(p), t + 1);
            EXPECT_EQ(a.references(p), 1u);
        }
    EXPECT_EQ(a.free_frames(), total - all.size());
}

// Fills a frame with a pattern, as an owner's data; whether it reads zero.
void scribble(Pa frame) { std::memset(arch::phys_to_virt(frame.value), 0xab, kPageSize); }
bool reads_zero(Pa frame)
{
    const auto* p = static_cast<const unsigned char*>(arch::phys_to_virt(frame.value));
    return std::all_of(p, p + kPageSize, [](unsigned char c) { return c == 0; });
}

TEST(FrameAllocator, AFrameHandedOutIsZeroWhateverItHeld)
{
    FrameAllocator a;
    ASSERT_EQ(a.add_region(Pa(kBase), 1ull << 20), Status::Ok);
    std::vector<Pa> pages;
    while (auto p = a.alloc(1, 1, kDom1)) pages.push_back(*p);
    for (Pa p : pages) {
        scribble(p);
        a.put(p); // back with its owner's data in it
    }
    EXPECT_EQ(a.dirty_frames(), pages.size());
    for (size_t i = 0; i < pages.size(); ++i) ASSERT_TRUE(a.alloc(1, 1, kDom2));
    for (Pa p : pages) EXPECT_TRUE(reads_zero(p));
    a.put(pages[5]);
    a.put(pages[6]);
    // claim() too (a 1:1 domain taking a machine frame back).
    ASSERT_TRUE(a.claim(pages[5], 1, kDom1));
    scribble(pages[5]);
    a.put(pages[5]);
    ASSERT_TRUE(a.claim(pages[5], 1, kDom1));
    EXPECT_TRUE(reads_zero(pages[5]));
    // reserve() keeps what is there: boot modules.
    ASSERT_TRUE(a.claim(pages[6], 1, kDom1));
    scribble(pages[6]);
    a.put(pages[6]);
    a.reserve(pages[6], kPageSize);
    EXPECT_FALSE(reads_zero(pages[6]));
}

TEST(FrameAllocator, IdleScrubbingZeroesGivenBackFramesAndCleanOnesGoFirst)
{
    FrameAllocator a;
    ASSERT_EQ(a.add_region(Pa(kBase), 16ull << 20), Status::Ok);
    EXPECT_EQ(a.dirty_frames(), a.free_frames()); // RAM as found at boot
    EXPECT_FALSE(a.scrub_some(64)); // not before the boot-time layout is settled
    EXPECT_EQ(a.dirty_frames(), a.free_frames());
    a.start_scrubbing();
    // A bounded step: at most the pages asked for.
    uint64_t before = a.dirty_frames();
    EXPECT_TRUE(a.scrub_some(FrameAllocator::kScrubPages));
    EXPECT_EQ(a.dirty_frames(), before - FrameAllocator::kScrubPages);
    while (a.scrub_some(64)) {
    }
    EXPECT_EQ(a.dirty_frames(), 0u);

    uint64_t& zeroed = arch::host::zeroed_and_cleaned_bytes();
    uint64_t zeroed_before = zeroed;
    auto page = a.alloc(1, 1, kDom1);
    ASSERT_TRUE(page);
    EXPECT_EQ(zeroed, zeroed_before); // clean already: nothing to zero
    scribble(*page);
    a.put(*page);
    EXPECT_EQ(a.dirty_frames(), 1u);
    // The next owner gets a clean frame rather than this one.
    auto next = a.alloc(1, 1, kDom2);
    ASSERT_TRUE(next);
    EXPECT_NE(*next, *page);
    EXPECT_EQ(zeroed, zeroed_before);
    while (a.scrub_some(64)) {
    }
    EXPECT_TRUE(reads_zero(*page));
    EXPECT_TRUE(a.is_free(*page));
    a.put(*next);
    while (a.scrub_some(64)) {
    }
    // Scrubbed pieces merge back: the upper 8 MiB are one clean block again.
    zeroed_before = zeroed;
    EXPECT_TRUE(a.alloc(1u << 11, 1u << 11));
    EXPECT_EQ(zeroed, zeroed_before);
}

TEST(FrameAllocator, ScrubbingRacesAllocationsSafely)
{
    // Owners scribble over what they get and give it back, while another
    // CPU scrubs: every frame handed out reads zero, none is handed out
    // twice, and nothing is lost.
    FrameAllocator a;
    ASSERT_EQ(a.add_region(Pa(kBase), 8ull << 20), Status::Ok);
    a.start_scrubbing();
    uint64_t total = a.free_frames();
    std::atomic<bool> stop{false};
    std::atomic<int> not_zero{0};
    std::thread scrubber([&] {
        while (!stop) a.scrub_some(64);
    });
    std::vector<std::thread> owners;
    std::vector<std::vector<Pa>> held(3);
    for (int t = 0; t < 3; ++t)
        owners.emplace_back([&, t] {
            for (int round = 0; round < 300; ++round) {
                for (int i = 0; i < 8; ++i)
                    if (auto p = a.alloc(1, 1, uint16_t(t + 1))) {
                        if (!reads_zero(*p)) ++not_zero;
                        scribble(*p);
                        held[t].push_back(*p);
                    }
                for (int i = 0; i < 6 && !held[t].empty(); ++i) {
                    a.put(held[t].back());
                    held[t].pop_back();
                }
            }
        });
    for (auto& th : owners) th.join();
    stop = true;
    scrubber.join();
    EXPECT_EQ(not_zero, 0);
    std::set<Pa> all;
    for (auto& h : held)
        for (Pa p : h) EXPECT_TRUE(all.insert(p).second);
    EXPECT_EQ(a.free_frames(), total - all.size());
    while (a.scrub_some(64)) {
    }
    EXPECT_EQ(a.dirty_frames(), 0u);
}

TEST(FrameAllocator, AnAlignedRunHalfCleanHalfDirtyIsStillFound)
{
    FrameAllocator a;
    ASSERT_EQ(a.add_region(Pa(kBase), 1ull << 20), Status::Ok);
    a.start_scrubbing();
    while (a.scrub_some(64)) {
    }
    std::vector<Pa> pages;
    while (auto p = a.alloc(1, 1, kDom1)) pages.push_back(*p);
    // An aligned pair whose halves are of two kinds, which never merge.
    Pa low = *std::min_element(pages.begin(), pages.end(), [](Pa x, Pa y) { return x.value < y.value; });
    if ((low.value >> kPageShift) & 1) low = low + kPageSize;
    Pa high = low + kPageSize;
    scribble(low);
    a.put(low);
    while (a.scrub_some(64)) {
    }
    scribble(high);
    a.put(high);
    auto pair = a.alloc(2, 2, kDom2);
    ASSERT_TRUE(pair);
    EXPECT_EQ(*pair, low);
    EXPECT_TRUE(reads_zero(low) && reads_zero(high));
}

} // namespace
} // namespace hv
