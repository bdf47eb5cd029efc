// The paravirtual ABI a Linux guest uses at boot, exercised from a domU:
// shared_info mapped with add_to_physmap, vcpu_info registered, event
// channels (IPI and an interdomain loopback) delivered as the upcall PPI
// with the 2-level bitmaps, grant-table sizing, the balloon's
// decrease/populate, HVM params, sched_op block and vm_assist.
#include "xen_pages.hpp"

namespace {

using guest::xen::Page, guest::xen::SharedInfo, guest::xen::VcpuInfo, guest::xen::va, guest::xen::gfn_of;

using guest::xen::kMemoryOp;
constexpr uint32_t kGrantTableOp = 20, kVmAssist = 21, kVcpuOp = 24, kSchedOp = 29,
                   kEventChannelOp = 32, kHvmOp = 34;
constexpr unsigned kUpcallPpi = 31;

Page shared_page;    // becomes shared_info
Page vcpu_info_page; // our vcpu_info lives here
Page balloon_page;

SharedInfo* shared() { return reinterpret_cast<SharedInfo*>(&shared_page); }
VcpuInfo* vcpu_info() { return reinterpret_cast<VcpuInfo*>(vcpu_info_page.bytes + 64); }

volatile unsigned upcalls = 0;
void on_irq(unsigned irq, unsigned)
{
    if (irq == kUpcallPpi) upcalls = upcalls + 1;
}

long evtchn(uint32_t op, void* arg) { return guest_hypercall(kEventChannelOp, op, va(arg)); }

bool port_pending(uint32_t port) { return shared()->pending[port / 64] & (1ull << (port % 64)); }
void clear_pending(uint32_t port) { shared()->pending[port / 64] &= ~(1ull << (port % 64)); }

void wait_ms(uint64_t ms)
{
    uint64_t until = guest::virtual_count() + guest::ms_to_ticks(ms);
    while (guest::virtual_count() < until) {
    }
}

bool mapped = false;
void map_shared_info()
{
    if (mapped) return;
    EXPECT_EQ(guest::xen::map_shared_info(shared_page), 0L);
    struct {
        uint64_t mfn;
        uint32_t offset, rsvd;
    } r{gfn_of(&vcpu_info_page), 64, 0};
    EXPECT_EQ(guest_hypercall(kVcpuOp, 10, 0, va(&r)), 0L);
    mapped = true;
}

} // namespace

TEST(shared_info_maps_and_vcpu_info_registers)
{
    map_shared_info();
    // Registration marks everything pending: the guest must rescan once.
    EXPECT_EQ(vcpu_info()->upcall_pending, 1u);
    EXPECT_EQ(vcpu_info()->pending_sel, ~0ull);
    // A second registration of the same vCPU is refused, as in Xen.
    struct {
        uint64_t mfn;
        uint32_t offset, rsvd;
    } r{gfn_of(&vcpu_info_page), 0, 0};
    EXPECT_EQ(guest_hypercall(kVcpuOp, 10, 0, va(&r)), -22L);
    EXPECT_EQ(guest_hypercall(kVcpuOp, 10, 7, va(&r)), -2L); // no vCPU 7
}

TEST(fifo_abi_is_refused_so_linux_uses_2_level)
{
    uint8_t control[24] = {};
    EXPECT_EQ(evtchn(11, control), -38L);
}

TEST(ipi_is_delivered_as_the_upcall)
{
    map_shared_info();
    guest::set_irq_handler(on_irq);
    guest::gic::enable(kUpcallPpi);
    vcpu_info()->upcall_pending = 0;
    vcpu_info()->pending_sel = 0;
    upcalls = 0;
    guest::irq_enable();
    wait_ms(5); // the registration's pending upcall arrives first
    upcalls = 0;
    struct {
        uint32_t vcpu, port;
    } ipi{0, 0};
    EXPECT_EQ(evtchn(7, &ipi), 0L);
    EXPECT_TRUE(ipi.port != 0);
    shared()->mask[ipi.port / 64] &= ~(1ull << (ipi.port % 64));
    uint32_t port = ipi.port;
    EXPECT_EQ(evtchn(4, &port), 0L); // send
    wait_ms(10);
    guest::irq_disable();
    EXPECT_EQ(upcalls, 1u);
    EXPECT_TRUE(port_pending(ipi.port));
    EXPECT_EQ(vcpu_info()->upcall_pending, 1u);
    EXPECT_TRUE(vcpu_info()->pending_sel & (1ull << (ipi.port / 64)));
    clear_pending(ipi.port);
    EXPECT_EQ(evtchn(3, &port), 0L); // close
    EXPECT_EQ(evtchn(4, &port), -22L); // closed: no more sends
}

TEST(masked_port_stays_quiet_until_unmask)
{
    map_shared_info();
    guest::set_irq_handler(on_irq);
    struct {
        uint32_t vcpu, port;
    } ipi{0, 0};
    EXPECT_EQ(evtchn(7, &ipi), 0L);
    uint32_t port = ipi.port;
    guest::gic::enable(kUpcallPpi);
    shared()->mask[port / 64] |= 1ull << (port % 64);
    vcpu_info()->upcall_pending = 0;
    vcpu_info()->pending_sel = 0;
    upcalls = 0;
    guest::irq_enable();
    EXPECT_EQ(evtchn(4, &port), 0L);
    wait_ms(10);
    EXPECT_EQ(upcalls, 0u);
    EXPECT_TRUE(port_pending(port));
    EXPECT_EQ(vcpu_info()->upcall_pending, 0u);
    EXPECT_EQ(evtchn(9, &port), 0L); // unmask: pending, so now delivered
    wait_ms(10);
    guest::irq_disable();
    EXPECT_EQ(upcalls, 1u);
    EXPECT_EQ(shared()->mask[port / 64] & (1ull << (port % 64)), 0ull);
    clear_pending(port);
    evtchn(3, &port);
}

TEST(interdomain_loopback_and_status)
{
    map_shared_info();
    struct {
        uint16_t dom, remote_dom;
        uint32_t port;
    } unbound{0x7ff0, 0x7ff0, 0};
    EXPECT_EQ(evtchn(6, &unbound), 0L);
    struct {
        uint16_t dom;
        uint32_t port, status, vcpu, u[2];
    } st{0x7ff0, unbound.port, 99, 99, {0, 0}};
    EXPECT_EQ(evtchn(5, &st), 0L);
    EXPECT_EQ(st.status, 1u); // unbound
    struct {
        uint16_t remote_dom;
        uint32_t remote_port, local_port;
    } bind{0x7ff0, unbound.port, 0};
    EXPECT_EQ(evtchn(0, &bind), 0L);
    EXPECT_TRUE(bind.local_port != unbound.port);
    st = {0x7ff0, bind.local_port, 99, 99, {0, 0}};
    EXPECT_EQ(evtchn(5, &st), 0L);
    EXPECT_EQ(st.status, 2u);        // interdomain
    EXPECT_EQ(st.u[1], unbound.port); // peer port
    // A send on one end makes the other end pending.
    clear_pending(unbound.port);
    uint32_t port = bind.local_port;
    EXPECT_EQ(evtchn(4, &port), 0L);
    EXPECT_TRUE(port_pending(unbound.port));
    // Binding to a port that is not waiting for us fails.
    struct {
        uint16_t remote_dom;
        uint32_t remote_port, local_port;
    } bad{0x7ff0, 4000, 0};
    EXPECT_EQ(evtchn(0, &bad), -22L);
    evtchn(3, &port);
    port = unbound.port;
    evtchn(3, &port);
}

TEST(invalid_ports_and_virqs_are_refused)
{
    uint32_t port = 4096;
    EXPECT_EQ(evtchn(4, &port), -22L);
    port = 0xffffffffu;
    EXPECT_EQ(evtchn(3, &port), -22L);
    struct {
        uint32_t virq, vcpu, port;
    } v{24, 0, 0};
    EXPECT_EQ(evtchn(1, &v), -22L);
    v = {2, 3, 0}; // a global VIRQ on vCPU 3
    EXPECT_EQ(evtchn(1, &v), -22L);
    EXPECT_EQ(guest_hypercall(kEventChannelOp, 5, 0x90000000u), -14L);
}

TEST(grant_table_size_and_version)
{
    struct {
        uint16_t dom;
        uint32_t nr_frames, max_nr_frames;
        int16_t status;
    } q{0x7ff0, 0, 0, 99};
    EXPECT_EQ(guest_hypercall(kGrantTableOp, 6, va(&q), 1), 0L);
    EXPECT_EQ(q.status, 0);
    EXPECT_EQ(q.max_nr_frames, 64u);
    uint32_t version = 1;
    EXPECT_EQ(guest_hypercall(kGrantTableOp, 8, va(&version), 1), 0L);
    version = 2;
    EXPECT_EQ(guest_hypercall(kGrantTableOp, 8, va(&version), 1), -95L);
    struct {
        uint16_t domid, size;
        uint32_t space;
        uint64_t idx, gpfn;
    } a{0x7ff0, 0, 1, 0, 0x38000};
    EXPECT_EQ(guest_hypercall(kMemoryOp, 7, va(&a)), 0L);
    q = {0x7ff0, 0, 0, 99};
    guest_hypercall(kGrantTableOp, 6, va(&q), 1);
    EXPECT_EQ(q.nr_frames, 1u);
    // The grant frame is now readable at 0x38000000 (zeroed).
    EXPECT_EQ(*reinterpret_cast<volatile uint32_t*>(0x38000000), 0u);
    a.idx = 64; // beyond the maximum
    EXPECT_EQ(guest_hypercall(kMemoryOp, 7, va(&a)), -22L);
}

TEST(balloon_decrease_then_populate)
{
    uint64_t gfn = gfn_of(&balloon_page);
    balloon_page.bytes[0] = 0x5a;
    struct {
        uint32_t extents, pad;
        uint64_t nr;
        uint32_t order, flags;
        uint16_t domid;
    } r{va(&gfn), 0, 1, 0, 0, 0x7ff0};
    EXPECT_EQ(guest_hypercall(kMemoryOp, 1, va(&r)), 1L); // exactly nr_extents
    guest::expect_exception();
    (void)*reinterpret_cast<volatile uint8_t*>(&balloon_page); // gone: aborts
    EXPECT_EQ(static_cast<unsigned>(guest::last_exception().kind), static_cast<unsigned>(guest::Exception::DataAbort));
    EXPECT_EQ(guest_hypercall(kMemoryOp, 1, va(&r)), 0L); // nothing there to give back
    EXPECT_EQ(guest_hypercall(kMemoryOp, 6, va(&r)), 1L); // populate
    EXPECT_EQ(balloon_page.bytes[0], 0u);                  // a fresh, zeroed page
}

TEST(hvm_params_and_vm_assist)
{
    struct {
        uint16_t domid, pad;
        uint32_t index;
        uint64_t value;
    } p{0x7ff0, 0, 0, 0};
    EXPECT_EQ(guest_hypercall(kHvmOp, 1, va(&p)), 0L);
    EXPECT_EQ(p.value, 0x020000000000021full); // callback IRQ: PPI 31
    EXPECT_EQ(guest_hypercall(kHvmOp, 0, va(&p)), -1L); // a domU may not set
    p.index = 1000;
    EXPECT_EQ(guest_hypercall(kHvmOp, 1, va(&p)), -22L);
    EXPECT_EQ(guest_hypercall(kVmAssist, 0, 5), 0L);
    EXPECT_EQ(guest_hypercall(kVmAssist, 0, 1), -22L);
}

TEST(runstate_area_shows_the_vcpu_running)
{
    static struct {
        int32_t state;
        uint32_t pad;
        uint64_t entry;
        uint64_t time[4];
    } runstate = {-1, 0, 0, {0, 0, 0, 0}};
    uint64_t area[1] = {va(&runstate)};
    EXPECT_EQ(guest_hypercall(kVcpuOp, 5, 0, va(area)), 0L);
    EXPECT_EQ(runstate.state, 0); // running
    EXPECT_TRUE(runstate.entry != 0);
    EXPECT_EQ(runstate.entry >> 63, 0ull); // no update in progress
    // After a yield to nobody (one vCPU) the time keeps counting up.
    uint64_t before = runstate.time[0] + runstate.entry;
    wait_ms(5);
    EXPECT_EQ(guest_hypercall(kSchedOp, 0, 0), 0L);
    EXPECT_TRUE(runstate.time[0] + runstate.entry >= before);
}

TEST(sched_block_returns_when_an_event_is_pending)
{
    map_shared_info();
    struct {
        uint32_t vcpu, port;
    } ipi{0, 0};
    EXPECT_EQ(evtchn(7, &ipi), 0L);
    shared()->mask[ipi.port / 64] &= ~(1ull << (ipi.port % 64));
    vcpu_info()->upcall_pending = 0; // as Linux's upcall handler leaves them
    vcpu_info()->pending_sel = 0;
    uint32_t port = ipi.port;
    EXPECT_EQ(evtchn(4, &port), 0L);
    EXPECT_EQ(vcpu_info()->upcall_pending, 1u);
    EXPECT_EQ(guest_hypercall(kSchedOp, 1, 0), 0L); // returns at once: an upcall is pending
    EXPECT_EQ(guest_hypercall(kSchedOp, 0, 0), 0L); // yield
    EXPECT_EQ(guest_hypercall(kSchedOp, 99, 0), -38L);
    clear_pending(port);
    evtchn(3, &port);
}
