// sched_op (29): SCHEDOP_poll (sleep until one of the named ports is
// pending, masked or not, an interrupt arrives, or the absolute timeout
// passes; bad ports and too many ports refused), SCHEDOP_shutdown_code
// (records the reason, the domain goes on: its final SYSTEM_OFF is then
// reported with it, see tests/qemu/expect/sched_op_test.txt) and
// SCHEDOP_remote_shutdown from a domU (never allowed). Needs 2 vCPUs: the
// second sends the event the first polls for.
#include "xen_pages.hpp"

namespace {

using guest::xen::Page, guest::xen::SharedInfo, guest::xen::va, guest::xen::kDomidSelf;

constexpr uint32_t kVcpuOp = 24, kSchedOp = 29, kEventChannelOp = 32;
constexpr uint32_t kSchedBlock = 1, kSchedPoll = 3, kSchedRemoteShutdown = 4, kSchedShutdownCode = 5;
constexpr uint32_t kEvtchnSend = 4, kEvtchnBindIpi = 7;

Page shared_page;
SharedInfo* shared() { return reinterpret_cast<SharedInfo*>(&shared_page); }

struct RunstateInfo {
    int32_t state;
    uint32_t pad;
    uint64_t state_entry_time;
    uint64_t time[4];
} runstate;

struct SchedPoll {
    uint64_t ports; // handle: the low 32 bits
    uint32_t nr_ports, pad;
    uint64_t timeout;
};
static_assert(sizeof(SchedPoll) == 24);

long sched_op(uint32_t cmd, const void* arg) { return guest_hypercall(kSchedOp, cmd, va(arg)); }

uint64_t ticks_to_ns(uint64_t t)
{
    uint64_t f = guest::counter_frequency();
    return t / f * 1000000000ull + (t % f) * 1000000000ull / f;
}
uint64_t elapsed_ms(uint64_t since) { return (guest::virtual_count() - since) * 1000 / guest::counter_frequency(); }
void wait_ms(uint64_t ms)
{
    uint64_t until = guest::virtual_count() + guest::ms_to_ticks(ms);
    while (guest::virtual_count() < until) {
    }
}

volatile unsigned timer_irqs = 0;
void on_irq(unsigned irq, unsigned)
{
    if (irq == guest::kVirtualTimerIrq) {
        guest::vtimer_stop();
        timer_irqs = timer_irqs + 1;
    }
}
// Takes the virtual timer's interrupt the last wait left pending.
void drain_timer_irq()
{
    guest::irq_enable();
    wait_ms(2);
    guest::irq_disable();
}

uint32_t ipi_port = 0;
int64_t system_time_offset = 0; // hypervisor system time - our virtual count, in ns

// The shared_info page (for the pending bitmaps), a masked IPI port, and
// where the hypervisor's system time (the poll timeout's clock) stands
// against our virtual counter: the runstate area's entry time of the
// moment we were scheduled back in after a short block.
void setup()
{
    if (ipi_port) return;
    EXPECT_EQ(guest::xen::map_shared_info(shared_page), 0L);
    struct {
        uint32_t vcpu, port;
    } ipi{0, 0};
    EXPECT_EQ(guest_hypercall(kEventChannelOp, kEvtchnBindIpi, va(&ipi)), 0L);
    ipi_port = ipi.port;
    shared()->mask[ipi_port / 64] |= 1ull << (ipi_port % 64);

    uint64_t area = va(&runstate);
    EXPECT_EQ(guest_hypercall(kVcpuOp, 5, 0, va(&area)), 0L);
    guest::set_irq_handler(on_irq);
    guest::gic::enable(guest::kVirtualTimerIrq);
    guest::vtimer_arm(guest::virtual_count() + guest::ms_to_ticks(2));
    EXPECT_EQ(sched_op(kSchedBlock, nullptr), 0L);
    uint64_t now = guest::virtual_count();
    system_time_offset = int64_t(runstate.state_entry_time & ~(1ull << 63)) - int64_t(ticks_to_ns(now));
    drain_timer_irq();
}

uint64_t system_time_in_ms(uint64_t ms)
{
    return uint64_t(int64_t(ticks_to_ns(guest::virtual_count())) + system_time_offset) + ms * 1000000ull;
}

bool pending(uint32_t port) { return shared()->pending[port / 64] & (1ull << (port % 64)); }
void clear_pending(uint32_t port) { shared()->pending[port / 64] &= ~(1ull << (port % 64)); }

long poll(const uint32_t* ports, uint32_t n, uint64_t timeout)
{
    SchedPoll p{va(ports), n, 0, timeout};
    shared()->vcpu0.upcall_pending = 0;
    return sched_op(kSchedPoll, &p);
}

volatile bool polling_soon = false;
// On vCPU 1: 30 ms after vCPU 0 said it is about to poll (on one physical
// CPU, vCPU 1 may run first and for a whole slice).
void send_later(unsigned)
{
    while (!polling_soon) {
    }
    wait_ms(30);
    uint32_t port = ipi_port;
    guest_hypercall(kEventChannelOp, kEvtchnSend, va(&port));
}

} // namespace

TEST(poll_returns_at_once_for_a_pending_port)
{
    setup();
    uint32_t port = ipi_port;
    EXPECT_EQ(guest_hypercall(kEventChannelOp, kEvtchnSend, va(&port)), 0L);
    EXPECT_TRUE(pending(port));
    uint32_t ports[2] = {ipi_port + 1, ipi_port};
    uint64_t start = guest::virtual_count();
    EXPECT_EQ(poll(ports, 2, 0), 0L); // no timeout: it must not sleep at all
    EXPECT_TRUE(elapsed_ms(start) < 100);
    clear_pending(port);
}

TEST(poll_wakes_when_a_masked_port_becomes_pending)
{
    setup();
    clear_pending(ipi_port);
    EXPECT_EQ(guest::start_cpu(1, send_later), 0u);
    uint64_t start = guest::virtual_count();
    polling_soon = true;
    EXPECT_EQ(poll(&ipi_port, 1, system_time_in_ms(5000)), 0L);
    uint64_t ms = elapsed_ms(start);
    EXPECT_TRUE(pending(ipi_port));
    EXPECT_TRUE(ms >= 20);  // it slept until the send
    EXPECT_TRUE(ms < 2000); // and not until the timeout
    EXPECT_EQ(shared()->vcpu0.upcall_pending, 0u); // masked: no upcall
    clear_pending(ipi_port);
    wait_ms(5); // vCPU 1 turns itself off
}

TEST(poll_times_out)
{
    setup();
    clear_pending(ipi_port);
    uint64_t start = guest::virtual_count();
    EXPECT_EQ(poll(&ipi_port, 1, system_time_in_ms(50)), 0L);
    uint64_t ms = elapsed_ms(start);
    EXPECT_TRUE(ms >= 40);
    EXPECT_TRUE(ms < 2000);
    EXPECT_TRUE(!pending(ipi_port));
}

TEST(poll_with_a_past_timeout_returns_at_once)
{
    setup();
    uint64_t start = guest::virtual_count();
    EXPECT_EQ(poll(&ipi_port, 1, 1), 0L);
    EXPECT_TRUE(elapsed_ms(start) < 100);
}

TEST(poll_wakes_on_an_interrupt)
{
    setup();
    uint64_t start = guest::virtual_count();
    guest::vtimer_arm(guest::virtual_count() + guest::ms_to_ticks(30));
    EXPECT_EQ(poll(&ipi_port, 1, 0), 0L); // no timeout: only the interrupt ends it
    uint64_t ms = elapsed_ms(start);
    EXPECT_TRUE(ms >= 20);
    EXPECT_TRUE(ms < 2000);
    timer_irqs = 0;
    drain_timer_irq();
    EXPECT_EQ(timer_irqs, 1u);
}

TEST(poll_refuses_bad_ports_and_arguments)
{
    setup();
    static uint32_t many[129];
    for (auto& p : many) p = ipi_port;
    EXPECT_EQ(poll(many, 129, 1), -22L); // more than Xen's 128
    uint32_t bad[2] = {ipi_port, 4096};  // beyond the 2-level ABI's ports
    EXPECT_EQ(poll(bad, 2, 1), -22L);
    bad[1] = 0xffffffffu;
    EXPECT_EQ(poll(bad, 2, 1), -22L);
    SchedPoll p{0x90000000u, 1, 0, 1}; // ports outside RAM
    EXPECT_EQ(sched_op(kSchedPoll, &p), -14L);
    EXPECT_EQ(guest_hypercall(kSchedOp, kSchedPoll, 0x90000000u), -14L);
    // Still running normally afterwards: a poll that ends at once.
    EXPECT_EQ(poll(&ipi_port, 1, 1), 0L);
}

TEST(shutdown_code_records_and_the_domain_goes_on)
{
    uint32_t reason = 3; // SHUTDOWN_crash: our final SYSTEM_OFF is reported so
    EXPECT_EQ(sched_op(kSchedShutdownCode, &reason), 0L);
    reason = 200; // Xen takes any value
    EXPECT_EQ(sched_op(kSchedShutdownCode, &reason), 0L);
    reason = 0; // only the first code counts: a last-wins would report a poweroff
    EXPECT_EQ(sched_op(kSchedShutdownCode, &reason), 0L);
    EXPECT_EQ(guest_hypercall(kSchedOp, kSchedShutdownCode, 0x90000000u), -14L);
    EXPECT_EQ(guest_hypercall(guest::kHypercallXenVersion, 0), 0x40011L); // still here
}

TEST(remote_shutdown_is_refused_to_a_domu)
{
    // Run as the only domain, d1: no dom0 here.
    struct {
        uint16_t domain_id, pad;
        uint32_t reason;
    } r{1, 0, 0};
    EXPECT_EQ(sched_op(kSchedRemoteShutdown, &r), -1L); // itself, by its id: not privileged
    r.domain_id = kDomidSelf;
    EXPECT_EQ(sched_op(kSchedRemoteShutdown, &r), -3L); // DOMID_SELF is no domain id here
    r.domain_id = 0;
    EXPECT_EQ(sched_op(kSchedRemoteShutdown, &r), -3L); // no such domain
    r.domain_id = 7;
    EXPECT_EQ(sched_op(kSchedRemoteShutdown, &r), -3L);
    EXPECT_EQ(guest_hypercall(kSchedOp, kSchedRemoteShutdown, 0x90000000u), -14L);
    EXPECT_EQ(guest_hypercall(guest::kHypercallXenVersion, 0), 0x40011L); // still here
}
