// A gfn with bits set above the guest's 40-bit physical address space
// names no page of the guest: every call that takes one must refuse it, not
// drop the high bits and act on the low gfn they alias (issue 11, finding
// 10). VCPUOP_register_vcpu_info is -EINVAL (Xen 4.17's arm32 build passes
// the 64-bit field to an unsigned long and truncates it; later Xen refuses
// it, as here); add_to_physmap fails, decrease_reservation and
// populate_physmap do 0 extents, remove_from_physmap is -ENOENT; and the
// page the low bits name is left as it was.
#include "xen_pages.hpp"

namespace {

using namespace guest::xen;

constexpr unsigned kHighBits[] = {28, 32, 40, 52, 63}; // 28: IPA bit 40, the first one past the space
constexpr uint32_t kPattern = 0x600dcafe;

Page target;    // the page every aliasing gfn names in its low bits
Page hole_page; // given back: populate must not fill it through an alias

uint64_t alias(const void* page, unsigned bit) { return gfn_of(page) | (1ull << bit); }

// The target is still the guest's RAM page with its pattern.
bool target_untouched()
{
    return !guest::read_aborts(&target) && guest::load32(&target) == kPattern;
}

} // namespace

TEST(register_vcpu_info_refuses_aliasing_gfns)
{
    for (unsigned bit : kHighBits) {
        long rc = register_vcpu_info(0, alias(&target, bit), 64);
        if (rc != -22) guest::printf("  gfn %#llx (bit %u): %ld\n", static_cast<unsigned long long>(alias(&target, bit)), bit, rc);
        EXPECT_EQ(rc, -22L);
    }
    // None of them registered the vCPU: the real gfn still can, once.
    EXPECT_EQ(register_vcpu_info(0, gfn_of(&target), 64), 0L);
    EXPECT_EQ(guest::load32(target.bytes + 72), ~0u); // pending_sel, written there
}

TEST(add_to_physmap_refuses_aliasing_gfns)
{
    *reinterpret_cast<volatile uint32_t*>(&target) = kPattern;
    for (unsigned bit : kHighBits) {
        EXPECT_TRUE(add_to_physmap(kMapSpaceSharedInfo, 0, alias(&target, bit)) < 0);
        EXPECT_TRUE(add_to_physmap(kMapSpaceGrantTable, 0, alias(&target, bit)) < 0);
        EXPECT_TRUE(target_untouched());
    }
}

TEST(balloon_and_remove_refuse_aliasing_gfns)
{
    *reinterpret_cast<volatile uint32_t*>(&target) = kPattern;
    uint64_t hole = gfn_of(&hole_page);
    EXPECT_EQ(release_pages(&hole, 1), 1L);
    EXPECT_TRUE(guest::read_aborts(&hole_page));
    long before = reservation(kCurrentReservation);
    for (unsigned bit : kHighBits) {
        uint64_t gfn = alias(&target, bit);
        EXPECT_EQ(release_pages(&gfn, 1), 0L);
        EXPECT_EQ(remove_from_physmap(gfn), -2L);
        EXPECT_TRUE(target_untouched());
        gfn = alias(&hole_page, bit);
        EXPECT_EQ(populate_pages(&gfn, 1), 0L);
        EXPECT_TRUE(guest::read_aborts(&hole_page));
    }
    EXPECT_EQ(reservation(kCurrentReservation), before);
    EXPECT_EQ(populate_pages(&hole, 1), 1L);
    EXPECT_TRUE(!guest::read_aborts(&hole_page));
}
