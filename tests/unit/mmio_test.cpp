#include "core/mmio.hpp"

#include <gtest/gtest.h>

namespace hv {
namespace {

struct NullDevice final : MmioHandler {
    bool read(Vcpu&, uint64_t, unsigned, uint32_t& v) override
    {
        v = 0;
        return true;
    }
    bool write(Vcpu&, uint64_t, unsigned, uint32_t) override { return true; }
};

TEST(MmioDispatcher, FindsTheRegionAndOffset)
{
    MmioDispatcher d;
    NullDevice a, b;
    ASSERT_EQ(d.add(Ipa(0x03001000), 0x1000, a), Status::Ok);
    ASSERT_EQ(d.add(Ipa(0x22000000), 0x1000, b), Status::Ok);
    auto m = d.find(Ipa(0x03001f00), 4);
    EXPECT_EQ(m.handler, &a);
    EXPECT_EQ(m.offset, 0xf00u);
    EXPECT_EQ(d.find(Ipa(0x22000018), 1).handler, &b);
    EXPECT_EQ(d.find(Ipa(0x03000ffc), 4).handler, nullptr);
    EXPECT_EQ(d.find(Ipa(0x03001ffe), 4).handler, nullptr); // straddles the end
    EXPECT_EQ(d.find(Ipa(0x03001ffc), 4).handler, &a);
}

TEST(MmioDispatcher, OverlapsAndCapacity)
{
    MmioDispatcher d;
    NullDevice dev;
    ASSERT_EQ(d.add(Ipa(0x1000), 0x1000, dev), Status::Ok);
    EXPECT_EQ(d.add(Ipa(0x1800), 0x1000, dev), Status::Busy);
    EXPECT_EQ(d.add(Ipa(0x0), 0, dev), Status::Invalid);
    for (unsigned i = 1; i < MmioDispatcher::kMaxRegions; ++i)
        ASSERT_EQ(d.add(Ipa(0x100000 * i), 0x1000, dev), Status::Ok);
    EXPECT_EQ(d.add(Ipa(0x7000000), 0x1000, dev), Status::NoMemory);
}

} // namespace
} // namespace hv
