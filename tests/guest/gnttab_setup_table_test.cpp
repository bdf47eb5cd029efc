// GNTTABOP_setup_table on ARM tells a guest where its grant frames are in
// its own address space: the gfn where it mapped each one with
// add_to_physmap(XENMAPSPACE_grant_table), or INVALID_GFN for a frame it
// has not mapped (issue 11, finding 10). It must never hand out a host
// machine frame number: that told the guest where the hypervisor's
// allocator was. Xen 4.17 on arm32 writes INVALID_GFN (~0UL of a 32-bit
// unsigned long) into the 64-bit xen_pfn_t: 0xffffffff.
#include "xen_memory.hpp"

namespace {

using namespace guest::xen;

constexpr uint32_t kGrantTableOp = 20, kSetupTable = 2;
constexpr uint64_t kInvalidGfn = 0xffffffffu;
constexpr uint64_t kUnwritten = 0x5a5a5a5a5a5a5a5aull;
constexpr uint64_t kGrantGfn = 0x38000; // the grant region of the guest's device tree

struct SetupTable {
    uint16_t dom;
    uint32_t nr_frames;
    int16_t status;
    uint64_t frame_list; // a guest handle: 64 bits on ARM
};
static_assert(sizeof(SetupTable) == 24);

uint64_t frames[4];

// setup_table for `n` frames of our own table: frames[0..n) filled in.
void setup_table(uint32_t n)
{
    for (uint64_t& f : frames) f = kUnwritten;
    SetupTable s{kDomidSelf, n, 99, va(frames)};
    EXPECT_EQ(guest_hypercall(kGrantTableOp, kSetupTable, va(&s), 1), 0L);
    EXPECT_EQ(s.status, 0);
    for (uint32_t i = 0; i < n; ++i) guest::printf("  frame %u: %#llx\n", i, static_cast<unsigned long long>(frames[i]));
}

} // namespace

TEST(a_frame_not_mapped_yet_has_no_gfn)
{
    setup_table(1);
    EXPECT_EQ(frames[0], kInvalidGfn);
    EXPECT_EQ(frames[1], kUnwritten); // nothing past nr_frames
}

TEST(each_mapped_frame_is_reported_at_its_gfn)
{
    EXPECT_EQ(add_to_physmap(kMapSpaceGrantTable, 0, kGrantGfn), 0L);
    EXPECT_EQ(add_to_physmap(kMapSpaceGrantTable, 1, kGrantGfn + 7), 0L);
    setup_table(3); // frame 2 exists now too, but is not mapped
    EXPECT_EQ(frames[0], kGrantGfn);
    EXPECT_EQ(frames[1], kGrantGfn + 7);
    EXPECT_EQ(frames[2], kInvalidGfn);
}

TEST(a_frame_removed_from_the_physmap_has_no_gfn_again)
{
    EXPECT_EQ(remove_from_physmap(kGrantGfn + 7), 0L);
    setup_table(2);
    EXPECT_EQ(frames[0], kGrantGfn);
    EXPECT_EQ(frames[1], kInvalidGfn);
}
