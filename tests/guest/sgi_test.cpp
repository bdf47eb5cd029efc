// Software-generated interrupts on one CPU: to itself with each target
// filter, a burst of 64 (16 ids at a time: more than the list registers
// hold), and delivery in priority order.
#include "guest.hpp"

namespace {

volatile unsigned received[16];
volatile unsigned order[16];
volatile unsigned order_len = 0;
volatile unsigned last_source = 99;

void on_irq(unsigned irq, unsigned source)
{
    if (irq >= 16) return;
    received[irq] = received[irq] + 1;
    last_source = source;
    if (order_len < 16) {
        order[order_len] = irq;
        order_len = order_len + 1;
    }
}

void reset()
{
    for (auto& r : received) r = 0;
    order_len = 0;
    guest::set_irq_handler(on_irq);
    guest::gic::set_priority_mask(0xf0);
    for (unsigned i = 0; i < 16; ++i) guest::gic::enable(i, 0xa0);
}

void settle()
{
    uint64_t until = guest::virtual_count() + guest::ms_to_ticks(20);
    while (guest::virtual_count() < until) {
    }
}

} // namespace

TEST(sgi_to_self_by_list)
{
    reset();
    guest::irq_enable();
    guest::gic::send_sgi(3, guest::gic::Filter::List, 1u << guest::this_cpu());
    settle();
    guest::irq_disable();
    EXPECT_EQ(received[3], 1u);
    EXPECT_EQ(last_source, guest::this_cpu());
}

TEST(sgi_to_self_by_filter)
{
    reset();
    guest::irq_enable();
    guest::gic::send_sgi(5, guest::gic::Filter::Self);
    settle();
    guest::irq_disable();
    EXPECT_EQ(received[5], 1u);
}

TEST(sgi_to_all_but_self_skips_self)
{
    reset();
    guest::irq_enable();
    guest::gic::send_sgi(6, guest::gic::Filter::AllButSelf);
    settle();
    guest::irq_disable();
    EXPECT_EQ(received[6], 0u);
}

TEST(burst_of_64_sgis_all_arrive)
{
    reset();
    unsigned total = 0;
    for (unsigned round = 0; round < 4; ++round) {
        for (unsigned id = 0; id < 16; ++id) guest::gic::send_sgi(id, guest::gic::Filter::Self);
        guest::irq_enable();
        settle();
        guest::irq_disable();
    }
    for (unsigned id = 0; id < 16; ++id) {
        EXPECT_EQ(received[id], 4u);
        total += received[id];
    }
    EXPECT_EQ(total, 64u);
}

TEST(pending_sgis_are_taken_in_priority_order)
{
    reset();
    guest::gic::enable(9, 0x80);
    guest::gic::enable(10, 0x40); // most urgent
    guest::gic::enable(11, 0xc0);
    guest::gic::send_sgi(11, guest::gic::Filter::Self);
    guest::gic::send_sgi(9, guest::gic::Filter::Self);
    guest::gic::send_sgi(10, guest::gic::Filter::Self);
    settle();
    guest::irq_enable();
    settle();
    guest::irq_disable();
    EXPECT_EQ(order_len, 3u);
    EXPECT_EQ(order[0], 10u);
    EXPECT_EQ(order[1], 9u);
    EXPECT_EQ(order[2], 11u);
}

TEST(distributor_identifies_as_gicv2)
{
    uint32_t typer = guest::gic::read_distributor(0x004);
    EXPECT_EQ((typer >> 5) & 7, guest::platform().cpus - 1);
    EXPECT_EQ(guest::gic::read_distributor(0xfe8) & 0xf0, 0x20u); // ICPIDR2: GICv2
}
