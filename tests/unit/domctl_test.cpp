// domctl (36) and sysctl (35) on simulated memory: each handler's answers
// and its refusals (interface version, privilege, unknown or dying domain,
// bad vCPU, overflowing counts), and a domain's whole life as the toolstack
// drives it: create, max_mem, populate, vCPU context, pause, destroy, with
// the machine's free memory back where it was.
#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

#include "core/console.hpp"
#include "core/domain_list.hpp"
#include "core/vcpu.hpp"
#include "include/public/domctl.hpp"
#include "include/public/event_channel.hpp"
#include "include/public/shared_info.hpp"
#include "include/public/memory.hpp"
#include "include/public/sysctl.hpp"
#include "include/public/vcpu_context.hpp"
#include "include/public/vcpu_sched_hvm.hpp"
#include "test_support.hpp"

namespace hv {
namespace {

constexpr uint32_t kOp = 0x40100000;   // the envelope (guest address; MMU off)
constexpr uint32_t kData = 0x40200000; // what its handles point at

struct DomctlTest : ::testing::Test {
    test::Machine machine;
    test::TestDomain dom0{machine, 0, 4ull << 20, 1};
    test::TestDomain domu{machine, 5, 4ull << 20, 1};

    long domctl(Domain& caller, xen::xen_domctl& op)
    {
        test::put_guest(caller, kOp, op);
        long rc = test::hypercall(*caller.vcpu(0), 36, kOp);
        op = test::get_guest<xen::xen_domctl>(caller, kOp);
        return rc;
    }
    long domctl(xen::xen_domctl& op) { return domctl(*dom0, op); }
    static xen::xen_domctl make(xen::DomctlCmd cmd, uint16_t domain)
    {
        xen::xen_domctl op{};
        op.cmd = uint32_t(cmd);
        op.interface_version = xen::XEN_DOMCTL_INTERFACE_VERSION;
        op.domain = domain;
        return op;
    }
    long sysctl(Domain& caller, xen::xen_sysctl& op)
    {
        test::put_guest(caller, kOp, op);
        long rc = test::hypercall(*caller.vcpu(0), 35, kOp);
        op = test::get_guest<xen::xen_sysctl>(caller, kOp);
        return rc;
    }
    static xen::xen_sysctl make(xen::SysctlCmd cmd)
    {
        xen::xen_sysctl op{};
        op.cmd = uint32_t(cmd);
        op.interface_version = xen::XEN_SYSCTL_INTERFACE_VERSION;
        return op;
    }
    static xen::xen_domctl_createdomain guest_config(unsigned vcpus = 2) { return test::guest_domain_config(vcpus); }
    long create(const xen::xen_domctl_createdomain& c, uint16_t& id, uint16_t wanted = 0)
    {
        auto op = make(xen::DomctlCmd::createdomain, wanted);
        op.u.createdomain = c;
        long rc = domctl(op);
        id = op.domain;
        return rc;
    }
    xen::xen_domctl_getdomaininfo info(uint16_t id, long* rc = nullptr)
    {
        auto op = make(xen::DomctlCmd::getdomaininfo, id);
        long r = domctl(op);
        if (rc) *rc = r;
        return op.u.getdomaininfo;
    }
    long destroy(uint16_t id)
    {
        auto op = make(xen::DomctlCmd::destroydomain, id);
        return domctl(op);
    }
    long populate(uint16_t id, uint64_t first_gfn, unsigned count)
    {
        std::vector<uint64_t> gfns(count);
        for (unsigned i = 0; i < count; ++i) gfns[i] = first_gfn + i;
        EXPECT_EQ(copy_to_guest(*dom0, kData, gfns.data(), count * 8), Status::Ok);
        xen::xen_memory_reservation r{};
        r.extent_start.raw = kData;
        r.nr_extents = count;
        r.domid = id;
        test::put_guest(*dom0, kOp + 0x800, r);
        return test::hypercall(*dom0->vcpu(0), 12, uint32_t(xen::MemoryOp::populate_physmap), kOp + 0x800);
    }
};

TEST_F(DomctlTest, PhysinfoDescribesTheMachineAndItsFreeMemory)
{
    auto op = make(xen::SysctlCmd::physinfo);
    ASSERT_EQ(sysctl(*dom0, op), 0);
    const auto& p = op.u.physinfo;
    EXPECT_EQ(p.nr_cpus, 1u);
    EXPECT_EQ(p.max_cpu_id, 0u);
    EXPECT_EQ(p.threads_per_core, 1u);
    EXPECT_EQ(p.nr_nodes, 1u);
    EXPECT_EQ(p.cpu_khz, arch::counter_frequency() / 1000);
    EXPECT_EQ(p.total_pages, machine.frames.total_frames());
    EXPECT_EQ(p.free_pages, machine.frames.free_frames());
    EXPECT_EQ(p.capabilities, xen::PHYSCAP_hvm | xen::PHYSCAP_hap | xen::PHYSCAP_gnttab_v1);
    // Free memory moves with what domains hold.
    uint64_t before = p.free_pages;
    test::TestDomain more(machine, 9, 8ull << 20);
    ASSERT_EQ(sysctl(*dom0, op), 0);
    EXPECT_LE(op.u.physinfo.free_pages + 2048, before);
}

TEST_F(DomctlTest, SysctlRefusesWrongVersionThenDomUs)
{
    auto op = make(xen::SysctlCmd::physinfo);
    EXPECT_EQ(sysctl(*domu, op), -1);
    op.interface_version = 0x14;
    EXPECT_EQ(sysctl(*dom0, op), -13);
    EXPECT_EQ(sysctl(*domu, op), -13);
    auto unknown = make(xen::SysctlCmd(99));
    EXPECT_EQ(sysctl(*dom0, unknown), -95);
    EXPECT_EQ(test::hypercall(*dom0->vcpu(0), 35, 0x90000000u), -14);
}

TEST_F(DomctlTest, DomctlChecksVersionThenDomainThenPrivilege)
{
    auto op = make(xen::DomctlCmd::getdomaininfo, 5);
    op.interface_version = 0x16;
    EXPECT_EQ(domctl(op), -13);
    auto mine = make(xen::DomctlCmd::pausedomain, 5);
    EXPECT_EQ(domctl(*domu, mine), -1); // a domU, even on itself
    auto none = make(xen::DomctlCmd::pausedomain, 77);
    EXPECT_EQ(domctl(*domu, none), -3);
    auto create = make(xen::DomctlCmd::createdomain, 0);
    create.u.createdomain = guest_config();
    EXPECT_EQ(domctl(*domu, create), -1);
    EXPECT_EQ(domains::count(), 2u);
    auto unknown = make(xen::DomctlCmd(200), 5);
    EXPECT_EQ(domctl(unknown), -95);
}

TEST_F(DomctlTest, GetdomaininfoDescribesADomainOrTheNextOne)
{
    long rc;
    auto i = info(5, &rc);
    ASSERT_EQ(rc, 0);
    EXPECT_EQ(i.domain, 5);
    EXPECT_EQ(i.tot_pages, 1024u);
    EXPECT_EQ(i.max_pages, 1024u);
    EXPECT_EQ(i.nr_online_vcpus, 1u);
    EXPECT_EQ(i.max_vcpu_id, 0u);
    EXPECT_TRUE(i.flags & xen::DOMINF_hvm_guest);
    EXPECT_TRUE(i.flags & xen::DOMINF_hap);
    EXPECT_FALSE(i.flags & (xen::DOMINF_dying | xen::DOMINF_shutdown | xen::DOMINF_paused));
    EXPECT_EQ(i.gpaddr_bits, 40);
    EXPECT_EQ(info(1).domain, 5); // the next one up (Xen 4.17)
    info(6, &rc);
    EXPECT_EQ(rc, -3);

    auto list = make(xen::SysctlCmd::getdomaininfolist);
    list.u.getdomaininfolist.first_domain = 0;
    list.u.getdomaininfolist.max_domains = 100;
    list.u.getdomaininfolist.buffer.raw = kData;
    ASSERT_EQ(sysctl(*dom0, list), 0);
    ASSERT_EQ(list.u.getdomaininfolist.num_domains, 2u);
    auto second = test::get_guest<xen::xen_domctl_getdomaininfo>(*dom0, kData + 120);
    EXPECT_EQ(test::get_guest<xen::xen_domctl_getdomaininfo>(*dom0, kData).domain, 0);
    EXPECT_EQ(second.domain, 5);
    list.u.getdomaininfolist.max_domains = 1;
    list.u.getdomaininfolist.first_domain = 1;
    ASSERT_EQ(sysctl(*dom0, list), 0);
    EXPECT_EQ(list.u.getdomaininfolist.num_domains, 1u);
}

TEST_F(DomctlTest, ShutdownReasonIsReported)
{
    domu->shutdown(ShutdownReason::Crash);
    auto i = info(5);
    EXPECT_TRUE(i.flags & xen::DOMINF_shutdown);
    EXPECT_EQ((i.flags >> xen::DOMINF_shutdownshift) & xen::DOMINF_shutdownmask, 3u);
    test::TestDomain watched(machine, 7);
    watched->shutdown(ShutdownReason::Watchdog);
    EXPECT_EQ((info(7).flags >> xen::DOMINF_shutdownshift) & xen::DOMINF_shutdownmask, 4u);
}

TEST_F(DomctlTest, CreateRefusesWhatAnArm32HostCannotGive)
{
    uint16_t id;
    auto bad = [&](auto change) {
        auto c = guest_config();
        change(c);
        return create(c, id);
    };
    EXPECT_EQ(bad([](auto& c) { c.flags |= xen::CDF_vpmu; }), -22);
    EXPECT_EQ(bad([](auto& c) { c.flags = xen::CDF_hvm; }), -22);
    EXPECT_EQ(bad([](auto& c) { c.max_vcpus = 0; }), -22);
    EXPECT_EQ(bad([](auto& c) { c.max_vcpus = 9; }), -22);
    EXPECT_EQ(bad([](auto& c) { c.arch.gic_version = xen::XEN_DOMCTL_CONFIG_GIC_V3; }), -22);
    EXPECT_EQ(bad([](auto& c) { c.arch.tee_type = xen::XEN_DOMCTL_CONFIG_TEE_OPTEE; }), -22);
    EXPECT_EQ(bad([](auto& c) { c.arch.nr_spis = 5000; }), -22);
    EXPECT_EQ(bad([](auto& c) { c.grant_opts = 2; }), -22);
    EXPECT_EQ(bad([](auto& c) { c.max_grant_frames = 1000; }), -22);
    EXPECT_EQ(bad([](auto& c) { c.cpupool_id = 3; }), -2);
    EXPECT_EQ(create(guest_config(), id, 5), -17); // that id is taken
    EXPECT_EQ(domains::count(), 2u);
}

TEST_F(DomctlTest, ADomainsLifeFromCreateToDestroyGivesEverythingBack)
{
    uint64_t free_before = machine.frames.free_frames();
    uint16_t id = 0;
    ASSERT_EQ(create(guest_config(2), id), 0);
    EXPECT_NE(id, 0);
    EXPECT_NE(id, 5);
    auto i = info(id);
    EXPECT_EQ(i.domain, id);
    EXPECT_TRUE(i.flags & xen::DOMINF_paused); // created paused
    EXPECT_EQ(i.tot_pages, 0u);
    EXPECT_EQ(i.max_vcpu_id, 1u);
    EXPECT_EQ(i.nr_online_vcpus, 0u);
    EXPECT_EQ(i.handle[3], 0xa3);
    EXPECT_EQ(i.arch_config.gic_version, xen::XEN_DOMCTL_CONFIG_GIC_V2);

    auto maxv = make(xen::DomctlCmd::max_vcpus, id);
    maxv.u.max_vcpus.max = 2;
    EXPECT_EQ(domctl(maxv), 0);
    maxv.u.max_vcpus.max = 3;
    EXPECT_EQ(domctl(maxv), -22);

    // Nothing may be populated beyond max_mem.
    EXPECT_EQ(populate(id, 0x40000, 1), 0);
    auto mm = make(xen::DomctlCmd::max_mem, id);
    mm.u.max_mem.max_memkb = 64 * 4;
    ASSERT_EQ(domctl(mm), 0);
    EXPECT_EQ(populate(id, 0x40000, 100), 64);
    EXPECT_EQ(info(id).tot_pages, 64u);
    EXPECT_EQ(info(id).max_pages, 64u);

    auto pool = make(xen::DomctlCmd::set_paging_mempool_size, id);
    pool.u.paging_mempool.size = 4097;
    EXPECT_EQ(domctl(pool), -22);
    pool.u.paging_mempool.size = 1 << 20;
    EXPECT_EQ(domctl(pool), 0);
    auto get_pool = make(xen::DomctlCmd::get_paging_mempool_size, id);
    ASSERT_EQ(domctl(get_pool), 0);
    EXPECT_EQ(get_pool.u.paging_mempool.size, 1u << 20);

    auto flush = make(xen::DomctlCmd::cacheflush, id);
    flush.u.cacheflush.start_pfn = 0x40000;
    flush.u.cacheflush.nr_pfns = (1ull << 18) + 1;
    EXPECT_EQ(domctl(flush), -22);
    flush.u.cacheflush.nr_pfns = 64;
    uint64_t cleaned = arch::host::cleaned_bytes();
    EXPECT_EQ(domctl(flush), 0);
    EXPECT_EQ(arch::host::cleaned_bytes() - cleaned, 64u * 4096);

    auto addr = make(xen::DomctlCmd::set_address_size, id);
    addr.u.address_size.size = 64;
    EXPECT_EQ(domctl(addr), -22);
    addr.u.address_size.size = 32;
    EXPECT_EQ(domctl(addr), 0);

    // vCPU 0 as libxc sets it, read back.
    xen::vcpu_guest_context ctx{};
    ctx.flags = xen::VGCF_online;
    ctx.user_regs.pc = 0x40008000;
    ctx.user_regs.cpsr = 0x400001d3;
    ctx.user_regs.x[1] = 0xffffffff;
    ctx.user_regs.x[2] = 0x48000000;
    ctx.user_regs[xen::Arm32Slot::sp_svc] = 0x1234;
    ctx.sctlr = 0x00c50078;
    test::put_guest(*dom0, kData, ctx);
    auto set = make(xen::DomctlCmd::setvcpucontext, id);
    set.u.vcpucontext.vcpu = 0;
    set.u.vcpucontext.ctxt.raw = kData;
    EXPECT_EQ(domctl(set), 0);
    set.u.vcpucontext.vcpu = 2;
    EXPECT_EQ(domctl(set), -3); // no such vCPU
    set.u.vcpucontext.vcpu = 8;
    EXPECT_EQ(domctl(set), -22);
    ctx.user_regs.cpsr = 0x1a; // Hyp mode
    test::put_guest(*dom0, kData, ctx);
    set.u.vcpucontext.vcpu = 0;
    EXPECT_EQ(domctl(set), -22);
    auto get = make(xen::DomctlCmd::getvcpucontext, id);
    get.u.vcpucontext.ctxt.raw = kData + 0x1000;
    ASSERT_EQ(domctl(get), 0);
    auto back = test::get_guest<xen::vcpu_guest_context>(*dom0, kData + 0x1000);
    EXPECT_EQ(back.flags, xen::VGCF_online);
    EXPECT_EQ(back.user_regs.pc, 0x40008000u);
    EXPECT_EQ(back.user_regs.cpsr, 0x400001d3u);
    EXPECT_EQ(back.user_regs.x[2], 0x48000000u);
    EXPECT_EQ(back.user_regs[xen::Arm32Slot::sp_svc], 0x1234u);
    EXPECT_EQ(info(id).nr_online_vcpus, 1u);

    // Pause counts nest; unpausing an unpaused domain is refused.
    auto unpause = make(xen::DomctlCmd::unpausedomain, id);
    EXPECT_EQ(domctl(unpause), 0);
    EXPECT_FALSE(info(id).flags & xen::DOMINF_paused);
    EXPECT_EQ(domctl(unpause), -22);
    auto pause = make(xen::DomctlCmd::pausedomain, id);
    EXPECT_EQ(domctl(pause), 0);
    EXPECT_TRUE(info(id).flags & xen::DOMINF_paused);
    auto self = make(xen::DomctlCmd::pausedomain, 0);
    EXPECT_EQ(domctl(self), -22); // dom0 cannot pause itself

    auto sched = make(xen::DomctlCmd::scheduler_op, id);
    sched.u.scheduler_op.sched_id = xen::XEN_SCHEDULER_CREDIT2;
    sched.u.scheduler_op.cmd = xen::XEN_DOMCTL_SCHEDOP_getinfo;
    ASSERT_EQ(domctl(sched), 0);
    EXPECT_EQ(sched.u.scheduler_op.u.credit2.weight, 256);
    sched.u.scheduler_op.sched_id = xen::XEN_SCHEDULER_CREDIT;
    EXPECT_EQ(domctl(sched), -22);

    EXPECT_EQ(destroy(0), -22); // not dom0
    ASSERT_EQ(destroy(id), 0);
    long rc;
    EXPECT_NE(info(id, &rc).domain, id); // gone (the next one up, or none)
    EXPECT_EQ(destroy(id), -3);
    EXPECT_EQ(machine.frames.free_frames(), free_before);
    EXPECT_EQ(domains::count(), 2u);

    // Its id may be asked for again.
    uint16_t again;
    ASSERT_EQ(create(guest_config(1), again, id), 0);
    EXPECT_EQ(again, id);
    EXPECT_EQ(destroy(again), 0);
    EXPECT_EQ(machine.frames.free_frames(), free_before);
}

TEST_F(DomctlTest, ADyingDomainIsReportedAndRefusesChanges)
{
    uint16_t id;
    ASSERT_EQ(create(guest_config(1), id), 0);
    DomainRef d = domains::get(id);
    ASSERT_TRUE(d);
    d->begin_dying();
    EXPECT_TRUE(info(id).flags & xen::DOMINF_dying);
    xen::evtchn_port_t port = 0;
    EXPECT_EQ(d->event_channels().alloc_unbound(0, port), -22); // no port opens on a dying domain
    EXPECT_EQ(dom0->event_channels().alloc_unbound(id, port), 0);
    xen::evtchn_port_t local = 0;
    EXPECT_EQ(d->event_channels().bind_interdomain(0, port, local), -22);
    auto unpause = make(xen::DomctlCmd::unpausedomain, id);
    EXPECT_EQ(domctl(unpause), -22);
    EXPECT_EQ(populate(id, 0x40000, 1), 0);
    d.reset();
    EXPECT_EQ(destroy(id), 0);
}

TEST_F(DomctlTest, ManyCreateDestroyCyclesLeaveNothingBehind)
{
    uint64_t free_before = machine.frames.free_frames();
    size_t heap_before = hypervisor_heap().free_bytes();
    for (int cycle = 0; cycle < 20; ++cycle) {
        uint16_t id;
        ASSERT_EQ(create(guest_config(2), id), 0);
        auto mm = make(xen::DomctlCmd::max_mem, id);
        mm.u.max_mem.max_memkb = 1024;
        ASSERT_EQ(domctl(mm), 0);
        ASSERT_EQ(populate(id, 0x40000, 256), 256);
        ASSERT_EQ(destroy(id), 0);
    }
    EXPECT_EQ(machine.frames.free_frames(), free_before);
    EXPECT_EQ(hypervisor_heap().free_bytes(), heap_before);
    EXPECT_EQ(domains::count(), 2u);
}

TEST_F(DomctlTest, VcpuInfoAndAffinity)
{
    auto vi = make(xen::DomctlCmd::getvcpuinfo, 5);
    vi.u.getvcpuinfo.vcpu = 0;
    ASSERT_EQ(domctl(vi), 0);
    EXPECT_EQ(vi.u.getvcpuinfo.online, 1);
    vi.u.getvcpuinfo.vcpu = 1;
    EXPECT_EQ(domctl(vi), -3);
    vi.u.getvcpuinfo.vcpu = 100;
    EXPECT_EQ(domctl(vi), -22);

    auto aff = make(xen::DomctlCmd::getvcpuaffinity, 5);
    aff.u.vcpuaffinity.flags = xen::XEN_VCPUAFFINITY_HARD;
    aff.u.vcpuaffinity.cpumap_hard.bitmap.raw = kData;
    aff.u.vcpuaffinity.cpumap_hard.nr_bits = 16;
    uint16_t junk = 0xffff;
    test::put_guest(*dom0, kData, junk);
    ASSERT_EQ(domctl(aff), 0);
    EXPECT_EQ(test::get_guest<uint16_t>(*dom0, kData), 1u); // the one online CPU; the rest cleared
    aff.u.vcpuaffinity.cpumap_hard.nr_bits = 1u << 20;  // far beyond any machine
    EXPECT_EQ(domctl(aff), -22);
}

TEST_F(DomctlTest, ReadconsoleReturnsTheLogIncrementally)
{
    console::log("readconsole-marker-%d", 42);
    auto op = make(xen::SysctlCmd::readconsole);
    op.u.readconsole.buffer.raw = kData;
    op.u.readconsole.count = 16384;
    ASSERT_EQ(sysctl(*dom0, op), 0);
    std::string text(op.u.readconsole.count, '\0');
    ASSERT_EQ(copy_from_guest(*dom0, text.data(), kData, text.size()), Status::Ok);
    EXPECT_NE(text.find("readconsole-marker-42"), std::string::npos);
    // Incremental from where it ended: nothing new yet, then the next line.
    op.u.readconsole.incremental = 1;
    op.u.readconsole.count = 16384;
    ASSERT_EQ(sysctl(*dom0, op), 0);
    EXPECT_EQ(op.u.readconsole.count, 0u);
    console::log("second-marker");
    op.u.readconsole.count = 16384;
    ASSERT_EQ(sysctl(*dom0, op), 0);
    std::string next(op.u.readconsole.count, '\0');
    ASSERT_EQ(copy_from_guest(*dom0, next.data(), kData, next.size()), Status::Ok);
    EXPECT_NE(next.find("second-marker"), std::string::npos);
    EXPECT_EQ(next.find("readconsole-marker"), std::string::npos);
}

TEST_F(DomctlTest, CpupoolAndTopology)
{
    auto pool = make(xen::SysctlCmd::cpupool_op);
    pool.u.cpupool_op.op = xen::XEN_SYSCTL_CPUPOOL_OP_INFO;
    pool.u.cpupool_op.cpumap.bitmap.raw = kData;
    pool.u.cpupool_op.cpumap.nr_bits = 8;
    ASSERT_EQ(sysctl(*dom0, pool), 0);
    EXPECT_EQ(pool.u.cpupool_op.sched_id, xen::XEN_SCHEDULER_CREDIT2);
    EXPECT_EQ(pool.u.cpupool_op.n_dom, 2u);
    EXPECT_EQ(test::get_guest<uint8_t>(*dom0, kData), 1u);
    pool.u.cpupool_op.cpupool_id = 1;
    EXPECT_EQ(sysctl(*dom0, pool), -2);
    pool.u.cpupool_op.op = xen::XEN_SYSCTL_CPUPOOL_OP_CREATE;
    EXPECT_EQ(sysctl(*dom0, pool), -95);

    auto topo = make(xen::SysctlCmd::cputopoinfo);
    ASSERT_EQ(sysctl(*dom0, topo), 0);
    EXPECT_EQ(topo.u.cputopoinfo.num_cpus, 1u);
    auto numa = make(xen::SysctlCmd::numainfo);
    numa.u.numainfo.num_nodes = 1;
    numa.u.numainfo.meminfo.raw = kData;
    ASSERT_EQ(sysctl(*dom0, numa), 0);
    EXPECT_EQ(numa.u.numainfo.num_nodes, 1u);
    EXPECT_EQ(test::get_guest<xen::xen_sysctl_meminfo>(*dom0, kData).memfree, machine.frames.free_frames() * 4096);
    auto id = make(xen::SysctlCmd::sched_id);
    ASSERT_EQ(sysctl(*dom0, id), 0);
    EXPECT_EQ(id.u.sched_id.sched_id, xen::XEN_SCHEDULER_CREDIT2);
}

} // namespace
} // namespace hv

namespace hv {
namespace {

// HVM parameters are the toolstack's: a domain reads its own, only another
// (privileged) one sets them, and only the six ARM has exist (Xen 4.17).
TEST_F(DomctlTest, HvmParamsAreSetByTheToolstackOnly)
{
    auto param = [&](Domain& caller, uint32_t op, uint16_t dom, uint32_t index, uint64_t value = 0) {
        test::put_guest<xen::xen_hvm_param>(caller, kData, {dom, 0, index, value});
        return test::hypercall(*caller.vcpu(0), 34, op, kData);
    };
    EXPECT_EQ(param(*dom0, xen::HVMOP_set_param, xen::DOMID_SELF, xen::HVM_PARAM_STORE_PFN, 1), -1);
    EXPECT_EQ(param(*dom0, xen::HVMOP_set_param, 0, xen::HVM_PARAM_STORE_PFN, 1), -1);
    EXPECT_EQ(param(*dom0, xen::HVMOP_set_param, 5, xen::HVM_PARAM_STORE_PFN, 0x39001), 0);
    EXPECT_EQ(domu->hvm_param(xen::HVM_PARAM_STORE_PFN), 0x39001u);
    EXPECT_EQ(param(*dom0, xen::HVMOP_set_param, 5, 5, 1), -22); // not an ARM parameter
    EXPECT_EQ(param(*domu, xen::HVMOP_set_param, xen::DOMID_SELF, xen::HVM_PARAM_CONSOLE_PFN, 1), -1);
    EXPECT_EQ(param(*domu, xen::HVMOP_get_param, xen::DOMID_SELF, xen::HVM_PARAM_STORE_PFN), 0);
    EXPECT_EQ(test::get_guest<xen::xen_hvm_param>(*domu, kData).value, 0x39001u);
    EXPECT_EQ(param(*domu, xen::HVMOP_get_param, 0, xen::HVM_PARAM_STORE_PFN), -1);
}

} // namespace
} // namespace hv

namespace hv {
namespace {

// xenstored and xl learn that a domain went down, or is gone, from VIRQ_DOM_EXC.
TEST_F(DomctlTest, ShutdownAndDestructionRaiseVirqDomExc)
{
    xen::evtchn_port_t port = 0;
    ASSERT_EQ(dom0->event_channels().bind_virq(xen::VIRQ_DOM_EXC, 0, port), 0);
    auto clear = [&] { dom0->shared_info()->evtchn_pending[port / 32] &= ~(1u << (port % 32)); };
    EXPECT_FALSE(dom0->event_channels().port_is_pending(port));
    domu->shutdown(ShutdownReason::Poweroff);
    EXPECT_TRUE(dom0->event_channels().port_is_pending(port));
    clear();
    uint16_t id;
    ASSERT_EQ(create(guest_config(1), id), 0);
    EXPECT_FALSE(dom0->event_channels().port_is_pending(port));
    ASSERT_EQ(destroy(id), 0);
    EXPECT_TRUE(dom0->event_channels().port_is_pending(port));
}

} // namespace
} // namespace hv

namespace hv {
namespace {

// EVTCHNOP_reset closes every port of the domain: itself, or another for dom0 only.
TEST_F(DomctlTest, EventChannelResetClosesEveryPort)
{
    xen::evtchn_port_t a = 0, b = 0;
    ASSERT_EQ(domu->event_channels().alloc_unbound(0, a), 0);
    ASSERT_EQ(domu->event_channels().alloc_unbound(0, b), 0);
    auto reset = [&](Domain& caller, uint16_t dom) {
        test::put_guest<uint16_t>(caller, kData, dom);
        return test::hypercall(*caller.vcpu(0), 32, uint32_t(xen::EvtchnOp::reset), kData);
    };
    EXPECT_EQ(reset(*domu, 0), -1); // another domain: not for a domU
    EXPECT_NE(domu->event_channels().channel(a), nullptr);
    EXPECT_EQ(reset(*dom0, 5), 0);
    EXPECT_EQ(domu->event_channels().channel(a), nullptr);
    EXPECT_EQ(domu->event_channels().channel(b), nullptr);
    ASSERT_EQ(domu->event_channels().alloc_unbound(0, a), 0);
    EXPECT_EQ(reset(*domu, xen::DOMID_SELF), 0);
    EXPECT_EQ(domu->event_channels().channel(a), nullptr);
}

} // namespace
} // namespace hv

namespace hv {
namespace {

// XENMEM_claim_pages, as libxc claims a new guest's memory before it
// populates it: the claim is the domain's, others cannot eat into it, and
// it shrinks as the domain allocates.
TEST_F(DomctlTest, ClaimsSetMemoryAsideForOneDomain)
{
    uint16_t id = test::create_domain(*dom0, kOp);
    ASSERT_NE(id, 0);
    auto mm = make(xen::DomctlCmd::max_mem, id);
    mm.u.max_mem.max_memkb = 4 * 1024;
    ASSERT_EQ(domctl(mm), 0);
    auto claim = [&](Domain& caller, uint16_t dom, uint64_t pages) {
        xen::xen_memory_reservation r{};
        r.nr_extents = pages;
        r.domid = dom;
        test::put_guest(caller, kOp + 0x800, r);
        return test::hypercall(*caller.vcpu(0), 12, uint32_t(xen::MemoryOp::claim_pages), kOp + 0x800);
    };
    EXPECT_EQ(claim(*domu, id, 100), -1);
    EXPECT_EQ(claim(*dom0, 999, 100), -22);
    EXPECT_EQ(claim(*dom0, id, 2000), -22); // above its maximum (1024 pages)
    ASSERT_EQ(claim(*dom0, id, 1000), 0);
    EXPECT_EQ(claim(*dom0, id, 500), -22); // one claim at a time
    EXPECT_EQ(info(id).outstanding_pages, 1000u);
    auto phys = make(xen::SysctlCmd::physinfo);
    ASSERT_EQ(sysctl(*dom0, phys), 0);
    EXPECT_EQ(phys.u.physinfo.outstanding_pages, 1000u);
    ASSERT_EQ(populate(id, 0x40000, 10), 10);
    EXPECT_EQ(info(id).outstanding_pages, 990u);
    // Another owner may not take what is claimed.
    uint64_t unclaimed = machine.frames.free_frames() - 990;
    EXPECT_FALSE(machine.frames.alloc(unclaimed + 1, 1, 5));
    auto fits = machine.frames.alloc(unclaimed, 1, 5);
    ASSERT_TRUE(fits);
    machine.frames.free(*fits, unclaimed);
    EXPECT_EQ(claim(*dom0, id, 0), 0);
    EXPECT_EQ(info(id).outstanding_pages, 0u);
    ASSERT_EQ(claim(*dom0, id, 500), 0);
    {
        // Dying, it drops its claim and takes no new one (it would outlive it).
        DomainRef d = domains::get(id);
        d->begin_dying();
        EXPECT_EQ(machine.frames.outstanding_claims(), 0u);
        EXPECT_EQ(claim(*dom0, id, 500), -22);
    }
    EXPECT_EQ(test::destroy_domain(*dom0, kOp, id), 0);
    EXPECT_EQ(machine.frames.outstanding_claims(), 0u);
}

} // namespace
} // namespace hv

namespace hv {
namespace {

// A CPU's run queue holds 64 vCPUs: a domain that does not fit is refused
// (nothing queued), and every other one can still be destroyed.
TEST_F(DomctlTest, CreateBeyondTheRunQueuesIsRefusedAndTheRestDestroyable)
{
    std::vector<uint16_t> ids;
    for (int i = 0; i < 8; ++i) {
        uint16_t id = test::create_domain(*dom0, kOp, 8);
        ASSERT_NE(id, 0);
        ids.push_back(id);
    }
    EXPECT_EQ(test::create_domain(*dom0, kOp, 1), 0);
    EXPECT_EQ(domains::count(), 10u);
    for (uint16_t id : ids) EXPECT_EQ(test::destroy_domain(*dom0, kOp, id), 0);
    uint16_t id = test::create_domain(*dom0, kOp, 1); // room again
    EXPECT_NE(id, 0);
    EXPECT_EQ(test::destroy_domain(*dom0, kOp, id), 0);
}

} // namespace
} // namespace hv

namespace hv {
namespace {

// libxl sets every new domain's node affinity: one node, node 0.
TEST_F(DomctlTest, NodeAffinityIsTheOneNode)
{
    auto set = make(xen::DomctlCmd::setnodeaffinity, 5);
    set.u.nodeaffinity.nodemap.bitmap.raw = kData;
    set.u.nodeaffinity.nodemap.nr_bits = 8;
    test::put_guest<uint8_t>(*dom0, kData, 0xff);
    EXPECT_EQ(domctl(set), 0);
    test::put_guest<uint8_t>(*dom0, kData, 0x02); // only a node that is not there
    EXPECT_EQ(domctl(set), -22);
    auto get = make(xen::DomctlCmd::getnodeaffinity, 5);
    get.u.nodeaffinity.nodemap.bitmap.raw = kData;
    get.u.nodeaffinity.nodemap.nr_bits = 8;
    ASSERT_EQ(domctl(get), 0);
    EXPECT_EQ(test::get_guest<uint8_t>(*dom0, kData), 1u);
}

} // namespace
} // namespace hv
