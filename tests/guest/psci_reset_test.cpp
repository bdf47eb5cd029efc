// PSCI SYSTEM_RESET from the only domain: the domain shuts down for a
// reboot and the hypervisor, with no domain left, resets the machine (QEMU,
// run with -no-reboot, then exits 0). The reset ends the run, so the last
// test prints the guest's summary itself before asking for it; the driver
// checks the hypervisor's lines in tests/qemu/expect/psci_reset_test.txt.
#include "guest.hpp"

namespace {
constexpr uint32_t kFeatures = 0x8400000a, kSystemReset = 0x84000009;
bool offered = false;
} // namespace

TEST(system_reset_is_offered)
{
    offered = guest::psci(kFeatures, kSystemReset) == 0;
    EXPECT_TRUE(offered);
}

TEST(system_reset_resets_the_machine)
{
    // This test's own PASS line never comes: the summary counts only the
    // one before it.
    guest::printf("GUEST SUMMARY: %u passed, %u failed\n", offered ? 1u : 0u, offered ? 0u : 1u);
    guest::printf("GUEST EXIT status=%u\n", offered ? 0u : 1u);
    guest::psci(kSystemReset);
    guest::print("SYSTEM_RESET returned\n");
    EXPECT_TRUE(false); // never reached on a working hypervisor
}
