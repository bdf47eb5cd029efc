// PSCI CPU_ON racing CPU_OFF, and two CPU_ONs racing each other, for the
// same vCPU (issue 11, finding 12). vCPU 1 turns itself off as soon as it
// starts; vCPUs 0 and 2 (on the other physical CPU and on its own) turn it
// on again and again. Every successful CPU_ON must start it exactly once at
// the entry it gave, and the code after its CPU_OFF must never run: before
// the fix, a CPU_ON that came while vCPU 1's CPU was still saving its
// registers had its entry overwritten, and vCPU 1 came back after CPU_OFF.
#include "guest.hpp"

namespace {

constexpr uint32_t kCpuOff = 0x84000002, kAffinityInfo = 0x84000004;
constexpr unsigned kStarts = 300;        // successful CPU_ONs wanted in all
constexpr unsigned kMaxAttempts = 200000; // per caller, most of them finding vCPU 1 still on

volatile unsigned entries = 0;          // starts of vCPU 1 at its entry
volatile unsigned came_back = 0;        // returns from its CPU_OFF: never
volatile unsigned successes[3] = {};    // CPU_ONs that returned SUCCESS, per caller
volatile unsigned racer_done = 0;

void off_at_once(unsigned)
{
    __atomic_add_fetch(&entries, 1, __ATOMIC_SEQ_CST);
    guest_smccc_hvc(kCpuOff);
    __atomic_add_fetch(&came_back, 1, __ATOMIC_SEQ_CST);
    for (;;) guest::wfi();
}

void turn_on_repeatedly(unsigned me)
{
    for (unsigned i = 0; i < kMaxAttempts && successes[0] + successes[2] < kStarts; ++i)
        if (guest::start_cpu(1, off_at_once) == 0) __atomic_add_fetch(&successes[me], 1, __ATOMIC_SEQ_CST);
}

void racer(unsigned me)
{
    turn_on_repeatedly(me);
    __atomic_store_n(&racer_done, 1u, __ATOMIC_SEQ_CST);
}

bool vcpu1_off() { return guest_smccc_hvc(kAffinityInfo, 1, 0) == 1; }

} // namespace

TEST(every_cpu_on_starts_the_vcpu_once_at_its_entry)
{
    EXPECT_EQ(guest::start_cpu(2, racer), 0u);
    turn_on_repeatedly(0);
    uint64_t deadline = guest::virtual_count() + guest::ms_to_ticks(5000);
    while (!(racer_done && vcpu1_off() && entries == successes[0] + successes[2]) &&
           guest::virtual_count() < deadline) {
    }
    unsigned total = successes[0] + successes[2];
    guest::printf("psci_race: %u CPU_ONs succeeded (%u + %u), %u starts, %u returns from CPU_OFF\n", total,
                  successes[0], successes[2], entries, came_back);
    EXPECT_EQ(came_back, 0u);
    EXPECT_EQ(entries, total);
    EXPECT_TRUE(racer_done);
    EXPECT_TRUE(total >= kStarts); // the race ran: the vCPU came and went many times
}
