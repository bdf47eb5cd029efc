// The console ring copy on a plain page: both directions, wrap-around, and
// a guest that breaks its indexes.
#include <gtest/gtest.h>

#include <cstring>
#include <vector>

#include "include/public/io_rings.hpp"
#include "console/ring.hpp"

namespace console {
namespace {

struct Page {
    std::vector<uint8_t> bytes = std::vector<uint8_t>(4096);
    xen::xencons_interface& intf() { return *reinterpret_cast<xen::xencons_interface*>(bytes.data()); }
    std::span<uint8_t> span() { return bytes; }
    // The guest's side: writes `text` into `out` at its producer index.
    void guest_write(std::string_view text)
    {
        for (char c : text) intf().out[intf().out_prod++ & (xen::XENCONS_OUT_SIZE - 1)] = c;
    }
    std::string guest_read()
    {
        std::string s;
        while (intf().in_cons != intf().in_prod) s += intf().in[intf().in_cons++ & (xen::XENCONS_IN_SIZE - 1)];
        return s;
    }
};

std::span<const uint8_t> bytes_of(std::string_view s) { return {reinterpret_cast<const uint8_t*>(s.data()), s.size()}; }

TEST(ConsoleRing, ReadsGuestOutputAndAdvancesOutCons)
{
    Page p;
    p.guest_write("hello\n");
    std::string got;
    RingCopy c = ring_read_out(p.span(), got, 4096);
    EXPECT_EQ(c.status, RingStatus::Ok);
    EXPECT_EQ(c.bytes, 6u);
    EXPECT_EQ(got, "hello\n");
    EXPECT_EQ(p.intf().out_cons, 6u);
    EXPECT_EQ(ring_out_pending(p.span()), 0u);
}

TEST(ConsoleRing, ReadRespectsMax)
{
    Page p;
    p.guest_write("abcdef");
    std::string got;
    EXPECT_EQ(ring_read_out(p.span(), got, 4).bytes, 4u);
    EXPECT_EQ(got, "abcd");
    EXPECT_EQ(ring_out_pending(p.span()), 2u);
}

TEST(ConsoleRing, OutWrapsAroundTheRingAndTheIndexes)
{
    Page p;
    // Indexes near 2^32: both the array position and the counters wrap.
    p.intf().out_cons = p.intf().out_prod = 0xffffffffu - 3;
    std::string text(2048, 'x');
    for (size_t i = 0; i < text.size(); ++i) text[i] = char('a' + i % 26);
    p.guest_write(text);
    EXPECT_EQ(ring_out_pending(p.span()), 2048u);
    std::string got;
    RingCopy c = ring_read_out(p.span(), got, 4096);
    EXPECT_EQ(c.status, RingStatus::Ok);
    EXPECT_EQ(got, text);
    EXPECT_EQ(p.intf().out_cons, p.intf().out_prod);
}

TEST(ConsoleRing, WritesInputAndAdvancesInProd)
{
    Page p;
    RingCopy c = ring_write_in(p.span(), bytes_of("ls\n"));
    EXPECT_EQ(c.status, RingStatus::Ok);
    EXPECT_EQ(c.bytes, 3u);
    EXPECT_EQ(p.intf().in_prod, 3u);
    EXPECT_EQ(p.guest_read(), "ls\n");
}

TEST(ConsoleRing, InputStopsWhenFullAndWraps)
{
    Page p;
    p.intf().in_cons = p.intf().in_prod = 1000; // wraps at 1024
    std::string big(1500, 'k');
    RingCopy c = ring_write_in(p.span(), bytes_of(big));
    EXPECT_EQ(c.bytes, 1024u);
    EXPECT_EQ(ring_in_space(p.span()), 0u);
    EXPECT_EQ(ring_write_in(p.span(), bytes_of("more")).bytes, 0u);
    EXPECT_EQ(p.guest_read(), std::string(1024, 'k'));
    EXPECT_EQ(ring_in_space(p.span()), 1024u);
}

TEST(ConsoleRing, HostileOutIndexesAreRejectedWithoutTouchingTheRing)
{
    Page p;
    p.intf().out_cons = 0;
    p.intf().out_prod = 2049; // prod - cons > size
    std::string got;
    RingCopy c = ring_read_out(p.span(), got, 1 << 20);
    EXPECT_EQ(c.status, RingStatus::Corrupt);
    EXPECT_EQ(c.bytes, 0u);
    EXPECT_TRUE(got.empty());
    EXPECT_EQ(p.intf().out_cons, 0u);

    p.intf().out_cons = 0x80000000u; // far apart, cons "ahead" of prod
    p.intf().out_prod = 5;
    EXPECT_EQ(ring_read_out(p.span(), got, 1 << 20).status, RingStatus::Corrupt);
    EXPECT_EQ(ring_out_pending(p.span()), 0u);
}

TEST(ConsoleRing, HostileInIndexesAreRejected)
{
    Page p;
    p.intf().in_cons = 7;
    p.intf().in_prod = 7 + 4096;
    EXPECT_EQ(ring_write_in(p.span(), bytes_of("x")).status, RingStatus::Corrupt);
    EXPECT_EQ(ring_in_space(p.span()), 0u);
    EXPECT_EQ(p.intf().in_prod, 7u + 4096);
}

TEST(ConsoleRing, ShortPageIsRejected)
{
    std::vector<uint8_t> small(100);
    std::string got;
    EXPECT_EQ(ring_read_out(small, got, 10).status, RingStatus::Corrupt);
    EXPECT_EQ(ring_write_in(small, bytes_of("x")).status, RingStatus::Corrupt);
}

} // namespace
} // namespace console
