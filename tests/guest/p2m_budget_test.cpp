// The hypervisor's own memory for a domain's p2m is bounded (issue 11):
// a guest that gives pages back and populates them again one per 2 MiB
// region, far from its RAM, makes the hypervisor allocate a table page for
// each. Before the budget, 300 such pages cost 300 table pages of host
// memory beyond the guest's quota; now population stops with -ENOMEM once
// the table budget (which grows with the guest's RAM) is spent, while
// population next to existing pages still works.
#include "guest.hpp"
#include "xen_memory.hpp"

namespace {

constexpr unsigned kPages = 300;
constexpr uint64_t kSparseBase = 0x50000; // gfn: IPA 0x50000000, unpopulated

using guest::xen::kDecreaseReservation, guest::xen::kPopulatePhysmap;
long balloon(uint32_t cmd, uint64_t gfn) { return guest::xen::balloon(cmd, &gfn, 1); }
long current_reservation() { return guest::xen::reservation(guest::xen::kCurrentReservation); }

// The last kPages pages of its RAM: nothing of the test image lives there.
uint64_t own_gfn(unsigned i)
{
    const auto& p = guest::platform();
    return (p.ram_base + p.ram_size) / 4096 - kPages + i;
}

} // namespace

TEST(sparse_population_stops_at_the_table_budget)
{
    long before = current_reservation();
    for (unsigned i = 0; i < kPages; ++i) EXPECT_EQ(balloon(kDecreaseReservation, own_gfn(i)), 1L);
    unsigned sparse = 0;
    long refused = 0;
    for (unsigned i = 0; i < kPages; ++i) {
        long rc = balloon(kPopulatePhysmap, kSparseBase + uint64_t(i) * 512);
        if (rc != 1) {
            refused = rc;
            break;
        }
        ++sparse;
    }
    guest::printf("p2m_budget: %u sparse pages populated before the refusal\n", sparse);
    EXPECT_EQ(refused, 0L); // populate_physmap reports 0 extents done, not an error
    EXPECT_TRUE(sparse < kPages / 4);
    // Pages beside ones it has need no new table: its own gfns come back.
    unsigned dense = 0;
    for (unsigned i = 0; i < kPages - sparse; ++i) dense += balloon(kPopulatePhysmap, own_gfn(i)) == 1;
    EXPECT_EQ(dense, kPages - sparse);
    EXPECT_EQ(current_reservation(), before);
}
