// Hypercalls run against a real domain on simulated memory: the dispatch
// table, xen_version, console_io, event channels and memory_op, and the
// MMIO path of a stage-2 data abort (with the Thumb erratum decode).
#include <gtest/gtest.h>

#include <array>
#include <cstring>

#include "core/domain.hpp"
#include "core/guest_memory.hpp"
#include "core/psci.hpp"
#include "core/traps.hpp"
#include "core/vcpu.hpp"
#include "include/public/grant_table.hpp"
#include "include/public/memory.hpp"
#include "include/public/shared_info.hpp"
#include "include/public/vcpu_sched_hvm.hpp"
#include "test_support.hpp"
#include "xen/hypercall.hpp"

namespace hv {
namespace {

constexpr uint32_t kBuf = 0x40100000; // guest address (MMU off: VA = IPA)

struct HypercallTest : ::testing::Test {
    test::Machine machine;
    test::TestDomain domu{machine, 3, 4ull << 20, 2};
    Vcpu& v() { return *domu->vcpu(0); }
    long call(uint32_t nr, uint32_t a0 = 0, uint32_t a1 = 0, uint32_t a2 = 0)
    {
        return test::hypercall(v(), nr, a0, a1, a2);
    }
    template <class T>
    void put(uint32_t at, const T& value)
    {
        test::put_guest(*domu, at, value);
    }
    template <class T>
    T get(uint32_t at)
    {
        return test::get_guest<T>(*domu, at);
    }
};

TEST_F(HypercallTest, UnknownNumbersAreEnosys)
{
    for (uint32_t nr : {0u, 1u, 6u, 16u, 40u, 55u, 56u, 1000u, 0xffffffffu}) EXPECT_EQ(call(nr), -38) << nr;
    EXPECT_NE(hypercall_entry(17), nullptr);
    EXPECT_STREQ(hypercall_entry(18)->name, "console_io");
    EXPECT_EQ(hypercall_entry(1), nullptr);
}

TEST_F(HypercallTest, XenVersion)
{
    EXPECT_EQ(call(17, 0), 0x40011);
    put(kBuf, std::array<uint32_t, 2>{0, 0});
    EXPECT_EQ(call(17, 6, kBuf), 0);
    EXPECT_EQ((get<std::array<uint32_t, 2>>(kBuf)[1]), 0x16005u);
    put(kBuf, std::array<uint32_t, 2>{1, 0});
    EXPECT_EQ(call(17, 6, kBuf), -22);
    char extra[16];
    std::memset(extra, 'x', sizeof extra);
    put(kBuf, extra);
    EXPECT_EQ(call(17, 1, kBuf), 0);
    auto back = get<std::array<char, 16>>(kBuf);
    EXPECT_STREQ(back.data(), ".0");
    EXPECT_EQ(back[15], '\0');
    EXPECT_EQ(call(17, 7), 4096);
    EXPECT_EQ(call(17, 1, 0x80000000u), -14); // outside its RAM
    EXPECT_EQ(call(17, 10, kBuf), -1);       // build id: privileged
}

TEST_F(HypercallTest, Dom0FeaturesSayDom0)
{
    test::TestDomain dom0(machine, 0);
    put(kBuf, std::array<uint32_t, 2>{0, 0});
    ASSERT_EQ(copy_to_guest(*dom0, kBuf, std::array<uint32_t, 2>{0, 0}.data(), 8), Status::Ok);
    EXPECT_EQ(test::hypercall(*dom0->vcpu(0), 17, 6, kBuf), 0);
    uint32_t fi[2];
    ASSERT_EQ(copy_from_guest(*dom0, fi, kBuf, 8), Status::Ok);
    EXPECT_EQ(fi[1], 0x26805u);
}

TEST_F(HypercallTest, ConsoleIo)
{
    const char text[] = "hello\n";
    put(kBuf, text);
    EXPECT_EQ(call(18, 0, 6, kBuf), 0);
    EXPECT_EQ(call(18, 0, 6, 0x90000000u), -14);
    EXPECT_EQ(call(18, 0, 64, 0x403ffff0u), -14); // runs off the end of RAM
    EXPECT_EQ(call(18, 0, 1u << 20, kBuf), -7);
    EXPECT_EQ(call(18, 1, 4, kBuf), -1); // read: dom0 only
    EXPECT_EQ(call(18, 9, 0, 0), -38);
}

TEST_F(HypercallTest, EventChannelsDeliverThroughSharedInfo)
{
    auto& ev = domu->event_channels();
    xen::evtchn_port_t unbound = 0, local = 0;
    ASSERT_EQ(ev.alloc_unbound(xen::DOMID_SELF, unbound), 0);
    ASSERT_EQ(ev.bind_interdomain(xen::DOMID_SELF, unbound, local), 0);
    EXPECT_NE(local, unbound);
    xen::shared_info* si = domu->shared_info();
    si->vcpu[0].evtchn_upcall_pending = 0;
    si->vcpu[0].evtchn_pending_sel = 0;
    std::memset(si->evtchn_pending, 0, sizeof si->evtchn_pending);
    EXPECT_EQ(ev.send(local), 0);
    EXPECT_TRUE(ev.port_is_pending(unbound));
    EXPECT_EQ(si->vcpu[0].evtchn_upcall_pending, 1u);
    EXPECT_EQ(si->vcpu[0].evtchn_pending_sel, 1ull << (unbound / 64));
    // Masked: pending but no upcall; unmask delivers.
    si->vcpu[0].evtchn_upcall_pending = 0;
    si->vcpu[0].evtchn_pending_sel = 0;
    std::memset(si->evtchn_pending, 0, sizeof si->evtchn_pending);
    si->evtchn_mask[unbound / 64] |= 1ull << (unbound % 64);
    EXPECT_EQ(ev.send(local), 0);
    EXPECT_EQ(si->vcpu[0].evtchn_upcall_pending, 0u);
    EXPECT_EQ(ev.unmask(unbound), 0);
    EXPECT_EQ(si->vcpu[0].evtchn_upcall_pending, 1u);
    // Closing one end leaves the other waiting for us again.
    EXPECT_EQ(ev.close(local), 0);
    EXPECT_EQ(ev.channel(unbound)->state, EventChannels::State::Unbound);
    EXPECT_EQ(ev.send(local), -22);
    EXPECT_EQ(ev.close(unbound), 0);
    EXPECT_EQ(ev.close(unbound), -22);
}

TEST_F(HypercallTest, InterdomainNeedsTheRightPeer)
{
    test::TestDomain other(machine, 4);
    xen::evtchn_port_t waiting = 0, mine = 0;
    ASSERT_EQ(other->event_channels().alloc_unbound(domu->id(), waiting), 0);
    ASSERT_EQ(domu->event_channels().bind_interdomain(4, waiting, mine), 0);
    xen::evtchn_port_t not_for_me = 0, x = 0;
    ASSERT_EQ(other->event_channels().alloc_unbound(9, not_for_me), 0);
    EXPECT_EQ(domu->event_channels().bind_interdomain(4, not_for_me, x), -22);
    EXPECT_EQ(domu->event_channels().bind_interdomain(99, 1, x), -3); // no such domain
    // A domU may not allocate ports in other domains.
    put<xen::evtchn_alloc_unbound>(kBuf, {4, 3, 0});
    EXPECT_EQ(call(32, 6, kBuf), -1);
}

TEST_F(HypercallTest, VirqBindingRules)
{
    auto& ev = domu->event_channels();
    xen::evtchn_port_t p = 0;
    EXPECT_EQ(ev.bind_virq(xen::VIRQ_CONSOLE, 1, p), -22); // global VIRQs on vCPU 0
    EXPECT_EQ(ev.bind_virq(xen::NR_VIRQS, 0, p), -22);
    ASSERT_EQ(ev.bind_virq(xen::VIRQ_CONSOLE, 0, p), 0);
    xen::evtchn_port_t again = 0;
    EXPECT_EQ(ev.bind_virq(xen::VIRQ_CONSOLE, 0, again), -17);
    EXPECT_EQ(ev.bind_virq(xen::VIRQ_TIMER, 1, again), 0); // per-vCPU VIRQ on vCPU 1
    domu->shared_info()->evtchn_pending[p / 64] = 0;
    ev.raise_virq(xen::VIRQ_CONSOLE);
    EXPECT_TRUE(ev.port_is_pending(p));
}

TEST_F(HypercallTest, MemoryOpMapsSharedInfoAndBalloons)
{
    const uint64_t gfn = 0x40200;
    put<xen::xen_add_to_physmap>(kBuf, {xen::DOMID_SELF, 0, xen::XENMAPSPACE_shared_info, 0, gfn});
    EXPECT_EQ(call(12, 7, kBuf), 0);
    auto t = domu->p2m().lookup(gfn << 12);
    ASSERT_TRUE(t);
    EXPECT_EQ(t->pa, domu->shared_info_frame());
    put<xen::xen_add_to_physmap>(kBuf, {xen::DOMID_SELF, 0, xen::XENMAPSPACE_shared_info, 1, gfn});
    EXPECT_EQ(call(12, 7, kBuf), -22); // idx must be 0
    put<xen::xen_add_to_physmap>(kBuf, {xen::DOMID_SELF, 0, xen::XENMAPSPACE_grant_table, 0, 0x38000});
    EXPECT_EQ(call(12, 7, kBuf), 0);
    EXPECT_EQ(domu->grant_table().nr_frames(), 1u);
    put<xen::xen_add_to_physmap>(kBuf, {xen::DOMID_SELF, 0, xen::XENMAPSPACE_grant_table, 64, 0x38001});
    EXPECT_EQ(call(12, 7, kBuf), -22);
    test::TestDomain other(machine, 5);
    put<xen::xen_add_to_physmap>(kBuf, {5, 0, xen::XENMAPSPACE_shared_info, 0, gfn});
    EXPECT_EQ(call(12, 7, kBuf), -1); // a domU may not touch other domains
    put<xen::xen_add_to_physmap>(kBuf, {6, 0, xen::XENMAPSPACE_shared_info, 0, gfn});
    EXPECT_EQ(call(12, 7, kBuf), -3); // no such domain: -ESRCH first, as in Xen

    // Balloon: give two pages back (exactly two), then take one again.
    uint64_t owned = domu->owned_pages();
    put(kBuf + 0x100, std::array<uint64_t, 2>{0x40300, 0x40301});
    put<xen::xen_memory_reservation>(kBuf, {{kBuf + 0x100}, 2, 0, 0, xen::DOMID_SELF});
    EXPECT_EQ(call(12, 1, kBuf), 2);
    EXPECT_EQ(domu->owned_pages(), owned - 2);
    EXPECT_FALSE(domu->p2m().lookup(0x40300000));
    EXPECT_EQ(call(12, 1, kBuf), 0); // nothing there any more: none done
    put<xen::xen_memory_reservation>(kBuf, {{kBuf + 0x100}, 1, 0, 0, xen::DOMID_SELF});
    EXPECT_EQ(call(12, 6, kBuf), 1);
    EXPECT_TRUE(domu->p2m().lookup(0x40300000));
    EXPECT_EQ(domu->owned_pages(), owned - 1);
    EXPECT_EQ(call(12, 6, kBuf), 0); // already populated
    put<xen::xen_memory_reservation>(kBuf, {{kBuf + 0x100}, 1ull << 30, 0, 0, xen::DOMID_SELF});
    EXPECT_EQ(call(12, 1, kBuf), -22);
    EXPECT_EQ(call(12, 63, kBuf), -38);
}

TEST_F(HypercallTest, GrantTableSizeVersionAndSetup)
{
    put<xen::gnttab_query_size>(kBuf, {xen::DOMID_SELF, 0, 0, 99});
    EXPECT_EQ(call(20, 6, kBuf, 1), 0);
    auto q = get<xen::gnttab_query_size>(kBuf);
    EXPECT_EQ(q.status, xen::GNTST_okay);
    EXPECT_EQ(q.nr_frames, 0u);
    EXPECT_EQ(q.max_nr_frames, 64u);
    put<xen::gnttab_query_size>(kBuf, {9, 0, 0, 99});
    EXPECT_EQ(call(20, 6, kBuf, 1), 0);
    EXPECT_EQ(get<xen::gnttab_query_size>(kBuf).status, xen::GNTST_bad_domain); // not ours to ask about
    put<xen::gnttab_set_version>(kBuf, {1});
    EXPECT_EQ(call(20, 8, kBuf, 1), 0);
    put<xen::gnttab_set_version>(kBuf, {2});
    EXPECT_EQ(call(20, 8, kBuf, 1), -95);
    EXPECT_EQ(get<xen::gnttab_set_version>(kBuf).version, 1u);
    put<xen::gnttab_get_version>(kBuf, {xen::DOMID_SELF, 0, 0});
    EXPECT_EQ(call(20, 10, kBuf, 1), 0);
    EXPECT_EQ(get<xen::gnttab_get_version>(kBuf).version, 1u);
    // setup_table grows the table and lists where the guest mapped its
    // frames: nowhere yet, then the gfn it chose (never a machine frame).
    put<xen::gnttab_setup_table>(kBuf, {xen::DOMID_SELF, 2, 99, {kBuf + 0x100}});
    EXPECT_EQ(call(20, 2, kBuf, 1), 0);
    EXPECT_EQ(get<xen::gnttab_setup_table>(kBuf).status, xen::GNTST_okay);
    EXPECT_EQ(domu->grant_table().nr_frames(), 2u);
    EXPECT_EQ(get<uint64_t>(kBuf + 0x100), 0xffffffffu);
    EXPECT_EQ(get<uint64_t>(kBuf + 0x108), 0xffffffffu);
    put<xen::xen_add_to_physmap>(kBuf + 0x200, {xen::DOMID_SELF, 0, xen::XENMAPSPACE_grant_table, 1, 0x38001});
    EXPECT_EQ(call(12, 7, kBuf + 0x200), 0);
    EXPECT_EQ(call(20, 2, kBuf, 1), 0);
    EXPECT_EQ(get<uint64_t>(kBuf + 0x100), 0xffffffffu);
    EXPECT_EQ(get<uint64_t>(kBuf + 0x108), 0x38001u);
    // Mapped at one gfn at a time (Xen 4.17): another is -EBUSY until the
    // first is removed; the same one again is fine.
    put<xen::xen_add_to_physmap>(kBuf + 0x200, {xen::DOMID_SELF, 0, xen::XENMAPSPACE_grant_table, 1, 0x38005});
    EXPECT_EQ(call(12, 7, kBuf + 0x200), -16);
    EXPECT_FALSE(domu->p2m().lookup(0x38005000ull));
    put<xen::xen_add_to_physmap>(kBuf + 0x200, {xen::DOMID_SELF, 0, xen::XENMAPSPACE_grant_table, 1, 0x38001});
    EXPECT_EQ(call(12, 7, kBuf + 0x200), 0);
    put<xen::xen_remove_from_physmap>(kBuf + 0x200, {xen::DOMID_SELF, 0x38001});
    EXPECT_EQ(call(12, 15, kBuf + 0x200), 0);
    EXPECT_EQ(call(20, 2, kBuf, 1), 0);
    EXPECT_EQ(get<uint64_t>(kBuf + 0x108), 0xffffffffu);
    put<xen::xen_add_to_physmap>(kBuf + 0x200, {xen::DOMID_SELF, 0, xen::XENMAPSPACE_grant_table, 1, 0x38005});
    EXPECT_EQ(call(12, 7, kBuf + 0x200), 0);
    EXPECT_EQ(call(20, 2, kBuf, 1), 0);
    EXPECT_EQ(get<uint64_t>(kBuf + 0x108), 0x38005u);
    // Replaced by shared_info: not the grant frame's gfn any more.
    put<xen::xen_add_to_physmap>(kBuf + 0x200, {xen::DOMID_SELF, 0, xen::XENMAPSPACE_shared_info, 0, 0x38005});
    EXPECT_EQ(call(12, 7, kBuf + 0x200), 0);
    put<xen::xen_add_to_physmap>(kBuf + 0x200, {xen::DOMID_SELF, 0, xen::XENMAPSPACE_shared_info, 0, 0x38006});
    EXPECT_EQ(call(12, 7, kBuf + 0x200), -16); // shared_info too: one gfn at a time
    EXPECT_EQ(call(20, 2, kBuf, 1), 0);
    EXPECT_EQ(get<uint64_t>(kBuf + 0x108), 0xffffffffu);
    put<xen::gnttab_setup_table>(kBuf, {xen::DOMID_SELF, 65, 99, {kBuf + 0x100}});
    EXPECT_EQ(call(20, 2, kBuf, 1), 0);
    EXPECT_EQ(get<xen::gnttab_setup_table>(kBuf).status, xen::GNTST_general_error);
    EXPECT_EQ(call(20, 6, kBuf, 100000), -22); // batch too large
}

TEST_F(HypercallTest, HvmParamsAndVcpuInfo)
{
    domu->set_hvm_param(xen::HVM_PARAM_STORE_PFN, 0x39001);
    put<xen::xen_hvm_param>(kBuf, {xen::DOMID_SELF, 0, xen::HVM_PARAM_STORE_PFN, 0});
    EXPECT_EQ(call(34, xen::HVMOP_get_param, kBuf), 0);
    EXPECT_EQ(get<xen::xen_hvm_param>(kBuf).value, 0x39001u);
    EXPECT_EQ(call(34, xen::HVMOP_set_param, kBuf), -1);
    put<xen::xen_hvm_param>(kBuf, {xen::DOMID_SELF, 0, 100, 0});
    EXPECT_EQ(call(34, xen::HVMOP_get_param, kBuf), -22);

    // vcpu_info straddling two contiguous pages (Linux 6.1 aligns it to 8),
    // for another vCPU only while that one is down (as Xen).
    put<xen::vcpu_register_vcpu_info>(kBuf, {0x40280, 4096 - 24, 0});
    EXPECT_EQ(call(24, xen::VCPUOP_register_vcpu_info, 1, kBuf), -22); // vCPU 1 is running
    domu->vcpu(1)->set_state(Vcpu::State::Offline);
    EXPECT_EQ(call(24, xen::VCPUOP_register_vcpu_info, 1, kBuf), 0);
    EXPECT_NE(domu->vcpu(1)->vcpu_info(), nullptr);
    EXPECT_EQ(call(24, xen::VCPUOP_register_vcpu_info, 1, kBuf), -22); // once only
    put<xen::vcpu_register_vcpu_info>(kBuf, {0x90000, 0, 0});
    EXPECT_EQ(call(24, xen::VCPUOP_register_vcpu_info, 0, kBuf), -22); // not its RAM
    EXPECT_EQ(call(24, xen::VCPUOP_register_vcpu_info, 9, kBuf), -2);  // no vCPU 9
    EXPECT_EQ(call(24, xen::VCPUOP_is_up, 0), 1);
}

TEST_F(HypercallTest, PsciCalls)
{
    TrapFrame f{};
    auto smccc = [&](uint32_t fid, uint32_t a1 = 0, uint32_t a2 = 0, uint32_t a3 = 0) {
        f.r[0] = fid;
        f.r[1] = a1;
        f.r[2] = a2;
        f.r[3] = a3;
        handle_smccc_call(v(), f);
        return f.r[0];
    };
    domu->vcpu(1)->set_state(Vcpu::State::Offline);
    EXPECT_EQ(smccc(psci::kVersion), 0x10001u);
    EXPECT_EQ(smccc(psci::kFeatures, psci::kCpuOn), 0u);
    EXPECT_EQ(smccc(psci::kFeatures, 0x8400000e), 0xffffffffu);
    EXPECT_EQ(smccc(psci::kMigrateInfoType), 2u);
    EXPECT_EQ(smccc(psci::kAffinityInfo, 1, 0), 1u);
    EXPECT_EQ(smccc(psci::kCpuOn, 1, 0x40008001, 0x77), 0u);
    EXPECT_EQ(domu->vcpu(1)->regs.r[0], 0x77u);           // context id
    EXPECT_EQ(domu->vcpu(1)->regs.pc, 0x40008000u);       // bit 0: Thumb
    EXPECT_TRUE(domu->vcpu(1)->regs.cpsr & (1u << 5));
    EXPECT_EQ(smccc(psci::kCpuOn, 1, 0x40008000, 0), uint32_t(psci::kAlreadyOn));
    EXPECT_EQ(smccc(psci::kAffinityInfo, 1, 0), 0u);
    EXPECT_EQ(smccc(psci::kCpuOn, 7, 0x40008000, 0), uint32_t(psci::kInvalidParameters));
    EXPECT_EQ(smccc(psci::kAffinityInfo, 0, 3), uint32_t(psci::kInvalidParameters));
    EXPECT_EQ(smccc(0xc4000003), 0xffffffffu); // 64-bit ids
    smccc(psci::kSystemOff);
    EXPECT_EQ(domu->shutdown_reason(), ShutdownReason::Poweroff);
}

TEST_F(HypercallTest, DataAbortReachesTheEmulatedUart)
{
    domu->mmio().add(Ipa(0x22000000), 0x1000, domu->vuart());
    TrapFrame f{};
    f.cpsr = 0x13; // SVC, ARM
    f.pc = 0x40008000;
    // LDRB r4 from FR (0x22000018), sign-extended: HSR ISV, SAS byte, SSE, SRT r4.
    uint32_t load = (0x24u << 26) | (1u << 25) | (1u << 24) | (0u << 22) | (1u << 21) | (4u << 16) | 0x07;
    handle_data_abort(v(), f, TrapInfo{Hsr{load}, 0x22000018, 0, 0x22000018});
    EXPECT_EQ(f.r[4], 0xffffff90u);
    EXPECT_EQ(f.pc, 0x40008004u);
    // A Thumb STR whose HSR names r0 while the instruction says r3 (erratum 766422).
    uint16_t str_r3 = 0x6003; // STR r3, [r0]
    put(0x40009000, str_r3);
    f.pc = 0x40009000;
    f.cpsr = 0x13 | (1u << 5);
    f.r[0] = 'X';
    f.r[3] = 'Y';
    uint32_t store = (0x24u << 26) | (0u << 25) | (1u << 24) | (2u << 22) | (0u << 16) | (1u << 6) | 0x07;
    handle_data_abort(v(), f, TrapInfo{Hsr{store}, 0x22000000, 0, 0x22000000});
    EXPECT_EQ(f.pc, 0x40009002u);
    // No device at the address: the guest gets an external abort.
    arch::guest::fake().vbar = 0x40000000;
    f.pc = 0x40009000;
    f.cpsr = 0x13;
    handle_data_abort(v(), f, TrapInfo{Hsr{load}, 0x90000000, 0, 0x90000000});
    EXPECT_EQ(f.pc, 0x40000010u);
    EXPECT_EQ(arch::guest::fake().dfar, 0x90000000u);
}

} // namespace
} // namespace hv
