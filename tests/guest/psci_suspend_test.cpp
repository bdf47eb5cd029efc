// PSCI CPU_SUSPEND as Xen implements it: every power state is standby, the
// vCPU sleeps like WFI until an interrupt is pending for it (whatever the
// CPSR's I bit) and the call returns SUCCESS; with one already pending it
// returns at once.
#include "guest.hpp"

namespace {

constexpr uint32_t kCpuSuspend = 0x84000001, kFeatures = 0x8400000a;
constexpr uint32_t kPowerdownState = 1u << 16; // StateType: powerdown

uint64_t elapsed_ms(uint64_t since) { return (guest::virtual_count() - since) * 1000 / guest::counter_frequency(); }

volatile unsigned timer_irqs = 0;
void on_irq(unsigned irq, unsigned)
{
    if (irq == guest::kVirtualTimerIrq) {
        guest::vtimer_stop();
        timer_irqs = timer_irqs + 1;
    }
}

void arm_timer_in_ms(uint64_t ms)
{
    guest::set_irq_handler(on_irq);
    guest::gic::enable(guest::kVirtualTimerIrq);
    guest::vtimer_arm(guest::virtual_count() + guest::ms_to_ticks(ms));
}

// The interrupt that woke us is still pending: take it now.
unsigned take_timer_irq()
{
    timer_irqs = 0;
    guest::irq_enable();
    uint64_t start = guest::virtual_count();
    while (!timer_irqs && elapsed_ms(start) < 100) {
    }
    guest::irq_disable();
    return timer_irqs;
}

bool timer_fired()
{
    uint32_t ctl;
    asm volatile("mrc p15, 0, %0, c14, c3, 1" : "=r"(ctl));
    return ctl & 4; // ISTATUS
}

} // namespace

TEST(cpu_suspend_is_offered) { EXPECT_EQ(guest::psci(kFeatures, kCpuSuspend), 0u); }

TEST(standby_sleeps_until_an_interrupt)
{
    guest::irq_disable();
    arm_timer_in_ms(200);
    uint64_t start = guest::virtual_count();
    EXPECT_EQ(guest::psci(kCpuSuspend, 0, 0, 0), 0u);
    uint64_t ms = elapsed_ms(start);
    EXPECT_TRUE(ms >= 190);
    EXPECT_TRUE(ms < 5000);
    EXPECT_TRUE(timer_fired());
    EXPECT_EQ(take_timer_irq(), 1u);
}

TEST(standby_returns_at_once_with_an_interrupt_pending)
{
    guest::irq_disable();
    arm_timer_in_ms(0);
    uint64_t wait = guest::virtual_count();
    while (!timer_fired() && elapsed_ms(wait) < 100) {
    }
    uint64_t start = guest::virtual_count();
    EXPECT_EQ(guest::psci(kCpuSuspend, 0, 0, 0), 0u);
    EXPECT_TRUE(elapsed_ms(start) < 100);
    EXPECT_EQ(take_timer_irq(), 1u);
}

TEST(powerdown_is_taken_as_standby)
{
    // Xen returns from a powerdown request like standby, in place (the entry
    // point is not used).
    guest::irq_disable();
    arm_timer_in_ms(50);
    uint64_t start = guest::virtual_count();
    EXPECT_EQ(guest::psci(kCpuSuspend, kPowerdownState, 0x40000000, 0x1234), 0u);
    EXPECT_TRUE(elapsed_ms(start) >= 40);
    EXPECT_EQ(take_timer_irq(), 1u);
}
