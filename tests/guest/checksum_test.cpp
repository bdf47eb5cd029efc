// A bystander: while another domain misbehaves (the hostile fuzzer beside
// it, `run_guest.sh hostile_fuzz_test --also checksum_test`), this one keeps
// 1 MiB of its memory under a checksum and keeps using the hypervisor for
// `checksum_ms` (bootarg, default 1000). Its memory must never change under
// it, its hypercalls must keep answering as they should, and it must keep
// getting CPU time.
#include "guest.hpp"
#include "xen_memory.hpp"

namespace {

constexpr unsigned kWords = (1u << 20) / 4;
uint32_t area[kWords];

uint32_t pattern(unsigned i) { return i * 2654435761u ^ 0x5a5a5a5au; }

} // namespace

TEST(memory_and_hypercalls_stay_intact_beside_another_domain)
{
    for (unsigned i = 0; i < kWords; ++i) area[i] = pattern(i);
    uint64_t duration = guest::ms_to_ticks(guest::bootarg("checksum_ms", 1000));
    uint64_t start = guest::virtual_count();
    long pages = guest::xen::reservation(guest::xen::kCurrentReservation);
    unsigned passes = 0, bad_words = 0, bad_calls = 0;
    while (guest::virtual_count() - start < duration) {
        for (unsigned i = 0; i < kWords; ++i) bad_words += area[i] != pattern(i);
        bad_calls += guest_hypercall(guest::kHypercallXenVersion, 0) != 0x40011;
        bad_calls += guest::xen::reservation(guest::xen::kCurrentReservation) != pages;
        ++passes;
    }
    guest::printf("checksum: %u passes over 1 MiB, %u words changed, %u wrong answers\n", passes, bad_words, bad_calls);
    EXPECT_EQ(bad_words, 0u);
    EXPECT_EQ(bad_calls, 0u);
    EXPECT_TRUE(passes >= 2); // it ran, not starved
}
