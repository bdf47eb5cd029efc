#include "mm/heap.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

namespace hv {
namespace {

struct HeapTest : ::testing::Test {
    alignas(8) unsigned char storage[64 * 1024];
    Heap heap;
    void SetUp() override { heap.init(storage, sizeof storage); }
};

TEST_F(HeapTest, AllocationsAreAlignedAndDisjoint)
{
    std::vector<std::pair<uintptr_t, size_t>> blocks;
    for (size_t size : {1u, 7u, 8u, 13u, 100u, 1000u}) {
        void* p = heap.alloc(size);
        ASSERT_NE(p, nullptr);
        EXPECT_EQ(reinterpret_cast<uintptr_t>(p) % 8, 0u);
        blocks.push_back({reinterpret_cast<uintptr_t>(p), size});
    }
    for (size_t i = 0; i < blocks.size(); ++i)
        for (size_t j = i + 1; j < blocks.size(); ++j)
            EXPECT_TRUE(blocks[i].first + blocks[i].second <= blocks[j].first ||
                        blocks[j].first + blocks[j].second <= blocks[i].first);
}

TEST_F(HeapTest, FreeingEverythingCoalescesIntoOneBlock)
{
    size_t initial = heap.free_bytes();
    std::vector<void*> ps;
    for (int i = 0; i < 50; ++i) ps.push_back(heap.alloc(100 + size_t(i)));
    for (size_t i = 0; i < ps.size(); i += 2) heap.free(ps[i]); // holes first
    for (size_t i = 1; i < ps.size(); i += 2) heap.free(ps[i]);
    EXPECT_EQ(heap.free_bytes(), initial);
    EXPECT_EQ(heap.largest_free_block(), initial);
}

TEST_F(HeapTest, ExhaustionReturnsNull)
{
    EXPECT_EQ(heap.alloc(sizeof storage), nullptr);
    EXPECT_EQ(heap.alloc(0), nullptr);
    void* all = heap.alloc(sizeof storage - 64);
    EXPECT_NE(all, nullptr);
    EXPECT_EQ(heap.alloc(128), nullptr);
    heap.free(all);
    EXPECT_NE(heap.alloc(128), nullptr);
}

TEST_F(HeapTest, FirstFitReusesTheEarliestHole)
{
    void* a = heap.alloc(256);
    void* b = heap.alloc(256);
    heap.alloc(256);
    heap.free(a);
    heap.free(b); // a and b merge into one hole at the start
    void* c = heap.alloc(400);
    EXPECT_EQ(c, a);
}

TEST_F(HeapTest, DoubleFreeIsAnInternalError)
{
    void* a = heap.alloc(64);
    heap.alloc(64);
    heap.free(a);
    EXPECT_DEATH(heap.free(a), "");
}

} // namespace
} // namespace hv
