// memory_op (12): XENMEM_current_reservation / maximum_reservation (pages,
// for DOMID_SELF; the current count follows decrease/populate, populate
// stops at the maximum) and XENMEM_remove_from_physmap (a shared_info or
// grant frame the guest mapped with add_to_physmap, or a RAM page, is
// unmapped: the gfn then aborts; -ENOENT where nothing removable is).
#include "guest.hpp"
#include "xen_memory.hpp"

namespace {

using namespace guest::xen;
constexpr uint32_t kDecrease = kDecreaseReservation, kCurrent = kCurrentReservation, kMaximum = kMaximumReservation,
                   kPopulate = kPopulatePhysmap, kRemove = kRemoveFromPhysmap;

struct alignas(4096) Page {
    uint8_t bytes[4096];
};
Page pages[5]; // 3 and 4: given back to make room for a populate

using guest::xen::add_to_physmap;
using guest::xen::remove_from_physmap;
using guest::xen::reservation;

// One page, given back or taken again: the number of extents done.
long balloon(uint32_t cmd, uint64_t gfn) { return guest::xen::balloon(cmd, &gfn, 1); }

using guest::read_aborts;

long ram_pages() { return long(guest::platform().ram_size / 4096); }

} // namespace

TEST(reservations_are_the_ram_in_pages)
{
    EXPECT_EQ(reservation(kCurrent, kDomidSelf), ram_pages());
    EXPECT_EQ(reservation(kMaximum, kDomidSelf), ram_pages());
    EXPECT_EQ(reservation(kCurrent, 1), ram_pages()); // our own id, d1 (the only domain)
}

TEST(reservations_of_other_domains_and_bad_pointers_are_refused)
{
    EXPECT_EQ(reservation(kCurrent, 0), -3L); // no dom0 here: no such domain
    EXPECT_EQ(reservation(kMaximum, 9), -3L);
    EXPECT_EQ(guest_hypercall(kMemoryOp, kCurrent, 0x90000000u), -14L);
    EXPECT_EQ(guest_hypercall(kMemoryOp, kMaximum, 0x90000000u), -14L);
}

TEST(current_reservation_follows_the_balloon)
{
    long before = reservation(kCurrent, kDomidSelf);
    EXPECT_EQ(balloon(kDecrease, gfn_of(&pages[0])), 1L);
    EXPECT_EQ(reservation(kCurrent, kDomidSelf), before - 1);
    EXPECT_EQ(reservation(kMaximum, kDomidSelf), ram_pages()); // the maximum stays
    EXPECT_EQ(balloon(kPopulate, gfn_of(&pages[0])), 1L);
    EXPECT_EQ(reservation(kCurrent, kDomidSelf), before);
    pages[0].bytes[0] = 1; // RAM again
}

TEST(populate_stops_at_the_maximum)
{
    EXPECT_EQ(reservation(kCurrent, kDomidSelf), reservation(kMaximum, kDomidSelf));
    // A gfn just above RAM: nothing is there, but no page is left to give.
    const auto& p = guest::platform();
    uint64_t above = (p.ram_base + p.ram_size) >> 12;
    EXPECT_EQ(balloon(kPopulate, above), 0L);
    EXPECT_EQ(reservation(kCurrent, kDomidSelf), ram_pages());
}

TEST(removed_shared_info_gfn_aborts)
{
    void* page = &pages[1];
    EXPECT_EQ(add_to_physmap(0, 0, gfn_of(page)), 0L); // XENMAPSPACE_shared_info
    EXPECT_TRUE(!read_aborts(page));
    EXPECT_EQ(remove_from_physmap(gfn_of(page)), 0L);
    EXPECT_TRUE(read_aborts(page));
    EXPECT_EQ(remove_from_physmap(gfn_of(page)), -2L); // nothing there any more
    // The gfn can be mapped again, here with RAM. (Xen keeps the RAM page
    // shared_info replaced counted, we free it: give one back first, so
    // that the populate stays within the maximum either way.)
    EXPECT_EQ(balloon(kDecrease, gfn_of(&pages[3])), 1L);
    EXPECT_EQ(balloon(kPopulate, gfn_of(page)), 1L);
    EXPECT_EQ(*static_cast<volatile uint32_t*>(page), 0u);
}

TEST(removed_grant_frame_and_ram_page_abort)
{
    void* grant = reinterpret_cast<void*>(0x38000000);
    EXPECT_EQ(add_to_physmap(1, 0, gfn_of(grant)), 0L); // grant frame 0, in the grant region
    EXPECT_TRUE(!read_aborts(grant));
    EXPECT_EQ(remove_from_physmap(gfn_of(grant)), 0L);
    EXPECT_TRUE(read_aborts(grant));

    void* ram = &pages[2];
    EXPECT_EQ(remove_from_physmap(gfn_of(ram)), 0L);
    EXPECT_TRUE(read_aborts(ram));
    EXPECT_EQ(balloon(kDecrease, gfn_of(&pages[4])), 1L); // room, as above
    EXPECT_EQ(balloon(kPopulate, gfn_of(ram)), 1L);
    EXPECT_TRUE(!read_aborts(ram));
}

TEST(remove_from_physmap_refuses_bad_gfns)
{
    EXPECT_EQ(remove_from_physmap(0), -2L);                     // nothing mapped there
    EXPECT_EQ(remove_from_physmap(0x03001), -2L);               // the emulated GIC distributor
    EXPECT_EQ(remove_from_physmap(1ull << 40), -2L);            // beyond the IPA space
    EXPECT_EQ(remove_from_physmap((1ull << 52) | gfn_of(&pages[0])), -2L); // would alias RAM once shifted
    EXPECT_TRUE(!read_aborts(&pages[0]));
    EXPECT_EQ(remove_from_physmap(gfn_of(&pages[0]), 9), -3L); // no such domain
    EXPECT_EQ(guest_hypercall(kMemoryOp, kRemove, 0x90000000u), -14L);
    EXPECT_EQ(guest_hypercall(kMemoryOp, kRemove | (1u << 6), va(&pages[0])), -22L); // continuation index
}
