// The hypervisor's own memory for a domain's p2m is bounded (issue 11):
// a guest that gives pages back and populates them again one per 2 MiB
// region, far from its RAM, makes the hypervisor allocate a table page for
// each. Before the budget, 300 such pages cost 300 table pages of host
// memory beyond the guest's quota; now population stops with -ENOMEM once
// the table budget (which grows with the guest's RAM) is spent, while
// population next to existing pages still works.
#include "guest.hpp"

namespace {

constexpr uint32_t kMemoryOp = 12, kDecrease = 1, kCurrent = 3, kPopulate = 6;
constexpr uint16_t kDomidSelf = 0x7ff0;
constexpr unsigned kPages = 300;
constexpr uint64_t kSparseBase = 0x50000; // gfn: IPA 0x50000000, unpopulated

uint32_t va(const void* p) { return uint32_t(reinterpret_cast<uintptr_t>(p)); }

long balloon(uint32_t cmd, uint64_t gfn)
{
    static uint64_t extent;
    extent = gfn;
    struct {
        uint32_t extents, pad;
        uint64_t nr;
        uint32_t order, flags;
        uint16_t domid;
    } r{va(&extent), 0, 1, 0, 0, kDomidSelf};
    return guest_hypercall(kMemoryOp, cmd, va(&r));
}

long current_reservation()
{
    static uint16_t domid = kDomidSelf;
    return guest_hypercall(kMemoryOp, kCurrent, va(&domid));
}

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
    for (unsigned i = 0; i < kPages; ++i) EXPECT_EQ(balloon(kDecrease, own_gfn(i)), 1L);
    unsigned sparse = 0;
    long refused = 0;
    for (unsigned i = 0; i < kPages; ++i) {
        long rc = balloon(kPopulate, kSparseBase + uint64_t(i) * 512);
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
    for (unsigned i = 0; i < kPages - sparse; ++i) dense += balloon(kPopulate, own_gfn(i)) == 1;
    EXPECT_EQ(dense, kPages - sparse);
    EXPECT_EQ(current_reservation(), before);
}
