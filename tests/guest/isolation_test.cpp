// Run as two domains at once (tests/run_all.sh boots two copies): each
// floods SGIs at every CPU its distributor can name and must receive exactly
// its own; the other domain's interrupts never reach it, and both finish.
// Each also fills all of its RAM with a pattern of its own, again and
// again while the other does the same, and must read back exactly its own:
// a page shared with the other domain or with the hypervisor would show
// their writes (and RAM it was given must come scrubbed: all zero).
#include "guest_ram.hpp"

namespace {

constexpr unsigned kRounds = 50;
volatile unsigned received = 0;
volatile unsigned strays = 0;

void on_irq(unsigned irq, unsigned source)
{
    if (irq == 7 && source == guest::this_cpu()) received = received + 1;
    else strays = strays + 1;
}

void wait_ms(uint64_t ms)
{
    uint64_t until = guest::virtual_count() + guest::ms_to_ticks(ms);
    while (guest::virtual_count() < until) {
    }
}

} // namespace

TEST(own_sgis_arrive_and_no_others)
{
    guest::set_irq_handler(on_irq);
    for (unsigned i = 0; i < 16; ++i) guest::gic::enable(i);
    guest::irq_enable();
    for (unsigned r = 0; r < kRounds; ++r) {
        guest::gic::send_sgi(7, guest::gic::Filter::List, 0xff); // every CPU bit
        wait_ms(1);
    }
    wait_ms(200); // the other domain may still be sending: nothing of it may arrive
    guest::irq_disable();
    EXPECT_EQ(received, kRounds);
    EXPECT_EQ(strays, 0u);
}

TEST(pending_state_is_private)
{
    // Make SGI 9 pending while it is disabled... SGIs cannot be disabled, so
    // use PPI 20 instead: set pending with ISPENDR0, never enabled.
    guest::gic::disable(20);
    *reinterpret_cast<volatile uint32_t*>(guest::platform().gicd + 0x200) = 1u << 20;
    wait_ms(50);
    EXPECT_EQ(guest::gic::read_distributor(0x200) & (1u << 20), 1u << 20);
    // Nothing pending that this domain did not raise.
    EXPECT_EQ(guest::gic::read_distributor(0x200) & ~(1u << 20) & 0xffff0000u, 0u);
    *reinterpret_cast<volatile uint32_t*>(guest::platform().gicd + 0x280) = 1u << 20;
    EXPECT_EQ(guest::gic::read_distributor(0x200) & (1u << 20), 0u);
}

namespace {

uint32_t pattern(uint32_t addr, uint32_t seed) { return (addr * 2654435761u) ^ seed; }

// Words that are not what this domain wrote; the first one noted.
uint32_t check(const guest::FreeRam& ram, uint32_t seed, bool zero, uint32_t& first_bad)
{
    uint32_t bad = 0;
    for (unsigned i = 0; i < ram.spans(); ++i)
        for (uint32_t a = ram.span(i).begin; a < ram.span(i).end; a += 4) {
            uint32_t want = zero ? 0 : pattern(a, seed);
            if (*reinterpret_cast<volatile uint32_t*>(a) != want) {
                if (!bad++) first_bad = a;
            }
        }
    return bad;
}

} // namespace

TEST(all_ram_is_private_while_the_other_domain_writes_all_of_its_own)
{
    guest::FreeRam ram;
    EXPECT_TRUE(ram.bytes() >= uint32_t(guest::platform().ram_size / 2));
    uint32_t first_bad = 0;
    // Handed over scrubbed: nothing of the hypervisor, its boot modules or
    // another domain.
    uint32_t dirty = check(ram, 0, true, first_bad);
    if (dirty) guest::printf("%u words not zero at start, the first at %#x\n", dirty, first_bad);
    EXPECT_EQ(dirty, 0u);
    // A seed of this domain's own: the counter differs between the two.
    uint32_t seed = uint32_t(guest::virtual_count()) | 1;
    uint32_t total_bad = 0;
    for (unsigned round = 0; round < 4; ++round) {
        uint32_t s = seed * (round + 1);
        for (unsigned i = 0; i < ram.spans(); ++i)
            for (uint32_t a = ram.span(i).begin; a < ram.span(i).end; a += 4) *reinterpret_cast<volatile uint32_t*>(a) = pattern(a, s);
        wait_ms(20); // the other domain is writing meanwhile
        uint32_t bad = check(ram, s, false, first_bad);
        if (bad) guest::printf("round %u: %u words changed behind this domain's back, the first at %#x\n", round, bad, first_bad);
        total_bad += bad;
    }
    EXPECT_EQ(total_bad, 0u);
}

// ThumbEE's two registers (TEECR, TEEHBR) are reachable from PL1 without a
// trap: each domain must keep its own values while the other writes its
// own (on one physical CPU they share it, so they are context-switched).
TEST(thumbee_registers_are_private)
{
    uint32_t pfr0;
    asm volatile("mrc p15, 0, %0, c0, c1, 0" : "=r"(pfr0));
    EXPECT_TRUE((pfr0 >> 12) & 0xf); // the Cortex-A15 has ThumbEE: this test needs it
    if (!((pfr0 >> 12) & 0xf)) return;
    uint32_t seed = uint32_t(guest::virtual_count()) * 2654435761u;
    uint32_t hbr = seed & ~3u, cr = (seed >> 7) & 1u;
    asm volatile("mcr p14, 6, %0, c1, c0, 0" ::"r"(hbr) : "memory");
    asm volatile("mcr p14, 6, %0, c0, c0, 0" ::"r"(cr) : "memory");
    unsigned changed = 0;
    uint64_t until = guest::virtual_count() + guest::ms_to_ticks(300);
    while (guest::virtual_count() < until) {
        uint32_t h, c;
        asm volatile("mrc p14, 6, %0, c1, c0, 0" : "=r"(h));
        asm volatile("mrc p14, 6, %0, c0, c0, 0" : "=r"(c));
        if ((h & ~3u) != hbr || (c & 1u) != cr) ++changed;
    }
    EXPECT_EQ(changed, 0u);
    asm volatile("mcr p14, 6, %0, c0, c0, 0" ::"r"(0u) : "memory");
}
