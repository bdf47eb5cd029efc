// EVTCHNOP_bind_vcpu: an event channel's notification moves to another
// vCPU (its upcall then arrives there, not on vCPU 0), and back; a vCPU
// that does not exist is -ENOENT (checked first, as in Xen), a free or
// out-of-range port -EINVAL, as are IPI channels. Needs --vcpus 2.
#include "xen_pages.hpp"

namespace {

using guest::xen::Page, guest::xen::SharedInfo, guest::xen::VcpuInfo, guest::xen::va, guest::xen::kDomidSelf;

constexpr uint32_t kVcpuOp = 24, kEventChannelOp = 32;
constexpr uint32_t kBindInterdomain = 0, kSend = 4, kAllocUnbound = 6, kBindIpi = 7, kBindVcpu = 8;
constexpr unsigned kUpcallPpi = 31;

Page shared_page, vcpu_info_page;
SharedInfo* shared() { return reinterpret_cast<SharedInfo*>(&shared_page); }
VcpuInfo* vcpu_info(unsigned cpu) { return reinterpret_cast<VcpuInfo*>(vcpu_info_page.bytes + 64 + 64 * cpu); }
long evtchn(uint32_t op, void* arg) { return guest_hypercall(kEventChannelOp, op, va(arg)); }

void wait_ms(uint64_t ms)
{
    uint64_t until = guest::virtual_count() + guest::ms_to_ticks(ms);
    while (guest::virtual_count() < until) {
    }
}

volatile unsigned upcalls[2] = {0, 0};
volatile bool cpu1_ready = false;
void on_irq(unsigned irq, unsigned)
{
    if (irq != kUpcallPpi) return;
    unsigned cpu = guest::this_cpu() & 1;
    upcalls[cpu] = upcalls[cpu] + 1;
    vcpu_info(cpu)->upcall_pending = 0; // as Linux does before scanning
}

void cpu1_main(unsigned)
{
    guest::gic::enable(kUpcallPpi);
    guest::irq_enable();
    cpu1_ready = true;
    for (;;) guest::wfi(); // upcalls are taken here
}

long bind_vcpu(uint32_t port, uint32_t vcpu)
{
    struct {
        uint32_t port, vcpu;
    } b{port, vcpu};
    return evtchn(kBindVcpu, &b);
}

uint32_t listen_port = 0, send_port = 0;

// shared_info, a vcpu_info for each vCPU (vCPU 1's registered while it is
// still off), an interdomain loopback (sending on `send_port` makes
// `listen_port` pending), and vCPU 1 running with upcalls enabled.
void setup()
{
    if (listen_port) return;
    EXPECT_EQ(guest::xen::map_shared_info(shared_page), 0L);
    for (uint32_t cpu = 0; cpu < 2; ++cpu) {
        struct {
            uint64_t mfn;
            uint32_t offset, rsvd;
        } r{va(&vcpu_info_page) >> 12, 64 + 64 * cpu, 0};
        EXPECT_EQ(guest_hypercall(kVcpuOp, 10, cpu, va(&r)), 0L);
    }
    struct {
        uint16_t dom, remote_dom;
        uint32_t port;
    } unbound{kDomidSelf, kDomidSelf, 0};
    EXPECT_EQ(evtchn(kAllocUnbound, &unbound), 0L);
    struct {
        uint16_t remote_dom;
        uint32_t remote_port, local_port;
    } bind{kDomidSelf, unbound.port, 0};
    EXPECT_EQ(evtchn(kBindInterdomain, &bind), 0L);
    listen_port = unbound.port;
    send_port = bind.local_port;
    shared()->mask[send_port / 64] |= 1ull << (send_port % 64); // its own pending bit stays quiet

    guest::set_irq_handler(on_irq);
    guest::gic::enable(kUpcallPpi);
    EXPECT_EQ(guest::start_cpu(1, cpu1_main), 0u);
    uint64_t until = guest::virtual_count() + guest::ms_to_ticks(1000);
    while (!cpu1_ready && guest::virtual_count() < until) {
    }
    EXPECT_TRUE(cpu1_ready);
    guest::irq_enable();
    wait_ms(10); // the registrations' spurious upcalls arrive first
}

// Sends on the loopback and reports which vCPUs got an upcall.
void send_and_count(unsigned& on0, unsigned& on1)
{
    shared()->pending[listen_port / 64] &= ~(1ull << (listen_port % 64));
    for (unsigned cpu = 0; cpu < 2; ++cpu) {
        vcpu_info(cpu)->upcall_pending = 0;
        vcpu_info(cpu)->pending_sel = 0;
    }
    upcalls[0] = 0;
    upcalls[1] = 0;
    uint32_t port = send_port;
    EXPECT_EQ(evtchn(kSend, &port), 0L);
    // Until one upcall has arrived (a busy host may be slow to run the
    // other vCPU's CPU), then a while longer for any second one.
    const uint64_t limit = guest::virtual_count() + guest::ms_to_ticks(2000);
    while (upcalls[0] + upcalls[1] == 0 && guest::virtual_count() < limit) {
    }
    wait_ms(20);
    on0 = upcalls[0];
    on1 = upcalls[1];
}

} // namespace

TEST(upcall_goes_to_the_bound_vcpu)
{
    setup();
    shared()->mask[listen_port / 64] &= ~(1ull << (listen_port % 64));
    unsigned on0 = 0, on1 = 0;
    send_and_count(on0, on1);
    EXPECT_EQ(on0, 1u); // bound to vCPU 0 as allocated
    EXPECT_EQ(on1, 0u);

    EXPECT_EQ(bind_vcpu(listen_port, 1), 0L);
    send_and_count(on0, on1);
    EXPECT_EQ(on0, 0u);
    EXPECT_EQ(on1, 1u);
    EXPECT_TRUE(vcpu_info(1)->pending_sel & (1ull << (listen_port / 64)));
    EXPECT_EQ(vcpu_info(0)->pending_sel, 0ull);

    EXPECT_EQ(bind_vcpu(listen_port, 0), 0L);
    send_and_count(on0, on1);
    EXPECT_EQ(on0, 1u);
    EXPECT_EQ(on1, 0u);
}

TEST(bad_vcpus_and_ports_are_refused)
{
    setup();
    EXPECT_EQ(bind_vcpu(listen_port, 2), -2L); // only 2 vCPUs
    EXPECT_EQ(bind_vcpu(listen_port, 0xffffffffu), -2L);
    EXPECT_EQ(bind_vcpu(4096, 5), -2L);        // both bad: the vCPU is checked first
    EXPECT_EQ(bind_vcpu(4096, 1), -22L);       // beyond the 2-level ports
    EXPECT_EQ(bind_vcpu(0xffffffffu, 1), -22L);
    EXPECT_EQ(bind_vcpu(1000, 1), -22L);       // not allocated
    struct {
        uint32_t vcpu, port;
    } ipi{0, 0};
    EXPECT_EQ(evtchn(kBindIpi, &ipi), 0L);
    EXPECT_EQ(bind_vcpu(ipi.port, 1), -22L);   // IPIs stay on their vCPU
    EXPECT_EQ(guest_hypercall(kEventChannelOp, kBindVcpu, 0x90000000u), -14L);
    guest::irq_disable();
}
