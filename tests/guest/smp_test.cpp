// A guest with four vCPUs (the hypervisor runs them on two physical CPUs):
// PSCI CPU_ON brings each up and all make progress, AFFINITY_INFO follows
// CPU_OFF, SGIs travel between vCPUs (a 100-round ping-pong, all-but-self),
// and the distributor's banked ITARGETSR0 names the reading vCPU.
// Runs the same on the bare machine with four CPUs.
#include "guest.hpp"

namespace {

constexpr uint32_t kAffinityInfo = 0x84000004;
constexpr unsigned kCpus = 4;
constexpr uint32_t kAlreadyOn = 0xfffffffcu;

volatile uint32_t progress[kCpus];
volatile uint32_t itargets[kCpus];
volatile uint32_t sgi_count[kCpus];
volatile uint32_t pongs = 0;
volatile bool release = false;
volatile unsigned running = 0;
volatile bool ping_pong_on = false;
volatile bool workers_sleep = false; // wait in WFI instead of computing
constexpr unsigned kSpi = 40;
volatile uint32_t spi_count[kCpus];

uint64_t deadline_ms(uint64_t ms) { return guest::virtual_count() + guest::ms_to_ticks(ms); }

template <class F>
bool wait_for(F done, uint64_t ms)
{
    uint64_t until = deadline_ms(ms);
    while (!done())
        if (guest::virtual_count() > until) return false;
    return true;
}

void on_irq(unsigned irq, unsigned source)
{
    unsigned me = guest::this_cpu();
    if (irq == 1 && me == 1 && source == 0) {
        guest::gic::send_sgi(2, guest::gic::Filter::List, 1u << 0); // pong
    } else if (irq == 2 && me == 0 && source == 1) {
        pongs = pongs + 1;
        if (ping_pong_on && pongs < 100) guest::gic::send_sgi(1, guest::gic::Filter::List, 1u << 1);
    } else if (irq == 4) {
        sgi_count[me] = sgi_count[me] + 1;
    } else if (irq == kSpi) {
        spi_count[me] = spi_count[me] + 1;
    }
}

void worker(unsigned cpu)
{
    itargets[cpu] = guest::gic::read_distributor(0x800) & 0xff;
    for (unsigned i = 0; i < 16; ++i) guest::gic::enable(i);
    guest::irq_enable();
    __atomic_add_fetch(&running, 1, __ATOMIC_SEQ_CST);
    while (!release) {
        if (workers_sleep) {
            // Interrupts taken between WFIs only: the SGI that ends the
            // test cannot slip in between the check of `release` and WFI.
            guest::irq_disable();
            if (!release) guest::wfi();
            guest::irq_enable();
        } else {
            progress[cpu] = progress[cpu] + 1;
        }
    }
    guest::irq_disable();
    __atomic_sub_fetch(&running, 1, __ATOMIC_SEQ_CST);
}

bool all_off()
{
    for (unsigned c = 1; c < kCpus; ++c)
        if (guest::psci(kAffinityInfo, c, 0) != 1) return false;
    return true;
}

void start_workers()
{
    release = false;
    for (unsigned c = 0; c < kCpus; ++c) progress[c] = 0;
    guest::set_irq_handler(on_irq);
    for (unsigned c = 1; c < kCpus; ++c) EXPECT_EQ(guest::start_cpu(c, worker), 0u);
    EXPECT_TRUE(wait_for([] { return running == kCpus - 1; }, 5000));
}

void stop_workers()
{
    release = true;
    asm volatile("dsb" ::: "memory");
    if (workers_sleep) guest::gic::send_sgi(6, guest::gic::Filter::AllButSelf); // out of WFI
    EXPECT_TRUE(wait_for(all_off, 5000));
}

} // namespace

TEST(cpu_on_starts_every_vcpu_and_all_make_progress)
{
    start_workers();
    EXPECT_TRUE(wait_for([] { return progress[1] > 1000 && progress[2] > 1000 && progress[3] > 1000; }, 5000));
    // Still going: every vCPU keeps getting time (three rounds, each within
    // two seconds, however busy the host is).
    static uint32_t before[kCpus];
    for (unsigned round = 0; round < 3; ++round) {
        for (unsigned c = 1; c < kCpus; ++c) before[c] = progress[c];
        EXPECT_TRUE(wait_for([] { return progress[1] > before[1] && progress[2] > before[2] && progress[3] > before[3]; },
                             2000));
    }
    stop_workers();
}

TEST(affinity_info_and_cpu_off)
{
    EXPECT_EQ(guest::psci(kAffinityInfo, 0, 0), 0u); // this vCPU: on
    start_workers();
    EXPECT_EQ(guest::psci(kAffinityInfo, 2, 0), 0u); // running
    EXPECT_EQ(guest::start_cpu(2, worker), kAlreadyOn);
    stop_workers(); // each worker returns and calls CPU_OFF
    EXPECT_EQ(guest::psci(kAffinityInfo, 2, 0), 1u);
    // And CPU_ON works again after CPU_OFF.
    start_workers();
    stop_workers();
}

TEST(itargetsr0_names_the_reading_vcpu)
{
    start_workers();
    EXPECT_EQ(guest::gic::read_distributor(0x800) & 0xff, 1u);
    for (unsigned c = 1; c < kCpus; ++c) EXPECT_EQ(itargets[c], 1u << c);
    stop_workers();
}

// Between vCPUs that wait in WFI, as an idle Linux's do: each SGI wakes
// its target at once, even with all four vCPUs on one physical CPU (with
// computing siblings a round would wait for their time slices).
TEST(sgi_ping_pong_100_rounds)
{
    workers_sleep = true;
    start_workers();
    pongs = 0;
    ping_pong_on = true;
    for (unsigned i = 0; i < 16; ++i) guest::gic::enable(i);
    guest::irq_enable();
    guest::gic::send_sgi(1, guest::gic::Filter::List, 1u << 1);
    // A lost SGI stops the game for good; a busy host only slows it (each
    // round is two wake-ups of idle CPUs): fail on two seconds without a
    // round, or a minute in all.
    uint64_t give_up = deadline_ms(60000);
    static uint32_t seen;
    do {
        seen = pongs;
        wait_for([] { return pongs != seen || pongs >= 100; }, 2000);
    } while (pongs != seen && pongs < 100 && guest::virtual_count() < give_up);
    guest::irq_disable();
    ping_pong_on = false;
    EXPECT_EQ(pongs, 100u);
    stop_workers();
    workers_sleep = false;
}

TEST(sgi_to_all_but_self_reaches_every_other_vcpu)
{
    start_workers();
    for (unsigned c = 0; c < kCpus; ++c) sgi_count[c] = 0;
    guest::gic::send_sgi(4, guest::gic::Filter::AllButSelf);
    EXPECT_TRUE(wait_for([] { return sgi_count[1] && sgi_count[2] && sgi_count[3]; }, 5000));
    EXPECT_EQ(sgi_count[0], 0u);
    for (unsigned c = 1; c < kCpus; ++c) EXPECT_EQ(sgi_count[c], 1u);
    stop_workers();
}

// A shared peripheral interrupt made pending by one vCPU for another that
// sleeps in WFI wakes that one: the distributor must wake the SPI's target,
// not the vCPU that wrote the register.
TEST(spi_pended_by_one_vcpu_wakes_its_sleeping_target)
{
    workers_sleep = true;
    start_workers();
    for (unsigned c = 0; c < kCpus; ++c) spi_count[c] = 0;
    volatile uint8_t* targets = reinterpret_cast<volatile uint8_t*>(guest::platform().gicd + 0x800 + kSpi);
    *targets = 1u << 2; // vCPU 2, asleep
    guest::gic::enable(kSpi);
    wait_for([] { return false; }, 20); // let it fall asleep
    *reinterpret_cast<volatile uint32_t*>(guest::platform().gicd + 0x200 + (kSpi / 32) * 4) = 1u << (kSpi % 32);
    EXPECT_TRUE(wait_for([] { return spi_count[2] != 0; }, 1000));
    EXPECT_EQ(spi_count[2], 1u);
    EXPECT_EQ(spi_count[0] + spi_count[1] + spi_count[3], 0u);
    // Pending while disabled: its target wakes when another vCPU enables it.
    guest::gic::disable(kSpi);
    *targets = 1u << 3;
    *reinterpret_cast<volatile uint32_t*>(guest::platform().gicd + 0x200 + (kSpi / 32) * 4) = 1u << (kSpi % 32);
    wait_for([] { return false; }, 20);
    EXPECT_EQ(spi_count[3], 0u);
    guest::gic::enable(kSpi);
    EXPECT_TRUE(wait_for([] { return spi_count[3] != 0; }, 1000));
    guest::gic::disable(kSpi);
    stop_workers();
    workers_sleep = false;
}
