// A 1:1 domain (dom0) that balloons a page out keeps it, as Xen keeps a
// direct-mapped domain's pages: unmapped but still allocated to it and
// counted, so that populate_physmap maps the same frame back and no other
// domain can take it meanwhile (dom0's DMA has no IOMMU to hide behind).
#include <gtest/gtest.h>

#include "test_support.hpp"

namespace hv {
namespace {

TEST(DirectMapBalloon, AGivenUpPageStaysTheDomainsAndComesBack)
{
    test::Machine machine;
    Domain* dom0 = heap_new<Domain>(0, 0, machine.tables, machine.frames);
    ASSERT_EQ(dom0->init("dom0"), Status::Ok);
    dom0->set_direct_mapped(true);
    auto bank = machine.frames.alloc(256, 256, 0);
    ASSERT_TRUE(bank);
    ASSERT_EQ(dom0->map_direct_ram(*bank, 256 * kPageSize), Status::Ok);
    uint64_t gfn = (bank->value >> kPageShift) + 7;
    uint64_t free_before = machine.frames.free_frames();

    EXPECT_EQ(dom0->release_ram_page(gfn), 0);
    EXPECT_FALSE(dom0->p2m().lookup(gfn << kPageShift));
    EXPECT_EQ(dom0->owned_pages(), 256u);               // still counted
    EXPECT_EQ(machine.frames.free_frames(), free_before); // not free
    EXPECT_EQ(machine.frames.owner(Pa(gfn << kPageShift)), 0);
    auto other = machine.frames.alloc(1, 1, 5);
    ASSERT_TRUE(other);
    EXPECT_NE(*other, Pa(gfn << kPageShift));
    machine.frames.free(*other);

    EXPECT_EQ(dom0->populate_ram_page(gfn), 0);
    EXPECT_EQ(dom0->p2m().lookup(gfn << kPageShift)->pa, Pa(gfn << kPageShift));
    EXPECT_EQ(dom0->owned_pages(), 256u);
    EXPECT_EQ(dom0->populate_ram_page(gfn), -16); // mapped already

    // A hypervisor page mapped over it (shared_info) does not take it away either.
    EXPECT_EQ(dom0->map_xen_page_once(gfn, dom0->shared_info_frame(), dom0->shared_info_gfn()), 0);
    EXPECT_EQ(dom0->owned_pages(), 256u);
    EXPECT_EQ(machine.frames.free_frames(), free_before);
    heap_delete(dom0);
}

} // namespace
} // namespace hv
