// The less travelled hypercalls against a real domain on simulated memory:
// platform_op as dom0 and domU, multicall, sched_op's shutdown_code and
// remote_shutdown, memory_op's reservations and remove_from_physmap,
// EVTCHNOP_bind_vcpu's checks, PSCI CPU_SUSPEND (all in Xen's order of
// checks and with Xen's error codes).
#include <gtest/gtest.h>

#include <array>

#include "core/domain.hpp"
#include "core/guest_memory.hpp"
#include "core/psci.hpp"
#include "core/vcpu.hpp"
#include "include/public/event_channel.hpp"
#include "include/public/memory.hpp"
#include "include/public/vcpu_sched_hvm.hpp"
#include "test_support.hpp"
#include "xen/hypercall.hpp"

namespace hv {
namespace {

constexpr uint32_t kBuf = 0x40100000; // guest address (MMU off: VA = IPA)

struct HypercallOpsTest : ::testing::Test {
    test::Machine machine;
    test::TestDomain domu{machine, 3, 4ull << 20, 2};
    long call(Domain& d, uint32_t nr, uint32_t a0 = 0, uint32_t a1 = 0, uint32_t a2 = 0)
    {
        return test::hypercall(*d.vcpu(0), nr, a0, a1, a2);
    }
    long call(uint32_t nr, uint32_t a0 = 0, uint32_t a1 = 0, uint32_t a2 = 0) { return call(*domu, nr, a0, a1, a2); }
    template <class T>
    void put(Domain& d, uint32_t at, const T& value)
    {
        ASSERT_EQ(copy_to_guest(d, at, &value, sizeof value), Status::Ok);
    }
    template <class T>
    void put(uint32_t at, const T& value)
    {
        put(*domu, at, value);
    }
    template <class T>
    T get(uint32_t at)
    {
        return test::get_guest<T>(*domu, at);
    }
};

xen::xen_platform_op settime(uint32_t version, uint32_t mbz = 0)
{
    xen::xen_platform_op op{};
    op.cmd = xen::XENPF_settime64;
    op.interface_version = version;
    op.u.settime64.secs = 1700000000;
    op.u.settime64.mbz = mbz;
    return op;
}

TEST_F(HypercallOpsTest, PlatformOpChecksArgumentThenVersionThenPrivilege)
{
    test::TestDomain dom0(machine, 0);
    put(*dom0, kBuf, settime(xen::XENPF_INTERFACE_VERSION));
    EXPECT_EQ(call(*dom0, 7, kBuf), 0);
    put(*dom0, kBuf, settime(xen::XENPF_INTERFACE_VERSION, 1));
    EXPECT_EQ(call(*dom0, 7, kBuf), -22); // mbz
    auto unknown = settime(xen::XENPF_INTERFACE_VERSION);
    unknown.cmd = 12345;
    put(*dom0, kBuf, unknown);
    EXPECT_EQ(call(*dom0, 7, kBuf), -38);
    put(*dom0, kBuf, settime(0x03000000));
    EXPECT_EQ(call(*dom0, 7, kBuf), -13);

    put(kBuf, settime(xen::XENPF_INTERFACE_VERSION));
    EXPECT_EQ(call(7, kBuf), -1);  // a domU: -EPERM
    put(kBuf, settime(0x03000000));
    EXPECT_EQ(call(7, kBuf), -13); // the version is checked before the privilege
    EXPECT_EQ(call(7, 0x90000000u), -14);
}

TEST_F(HypercallOpsTest, MulticallWritesEachResult)
{
    std::array<xen::multicall_entry, 4> list{};
    list[0].op = 17;             // xen_version(XENVER_version)
    list[1].op = 99;             // unknown
    list[2].op = 13;             // nested multicall
    list[2].args[0] = kBuf;
    list[2].args[1] = 1;
    list[3].op = 1ull << 32;     // beyond any table
    put(kBuf, list);
    EXPECT_EQ(call(13, kBuf, 4), 0);
    auto back = get<std::array<xen::multicall_entry, 4>>(kBuf);
    EXPECT_EQ(int64_t(back[0].result), 0x40011);
    EXPECT_EQ(int64_t(back[1].result), -38);
    EXPECT_EQ(int64_t(back[2].result), -22);
    EXPECT_EQ(int64_t(back[3].result), -38);
    EXPECT_EQ(call(13, 0x90000000u, 1), -14);
    EXPECT_LT(call(13, kBuf, 0x10000000u), 0);
}

TEST_F(HypercallOpsTest, ShutdownCodeIsRecordedAndUsedByTheShutdown)
{
    put<uint32_t>(kBuf, xen::SHUTDOWN_reboot);
    EXPECT_EQ(call(29, xen::SCHEDOP_shutdown_code, kBuf), 0);
    EXPECT_FALSE(domu->is_shut_down());
    put<uint32_t>(kBuf, 200); // any value is taken; the first one stays
    EXPECT_EQ(call(29, xen::SCHEDOP_shutdown_code, kBuf), 0);
    TrapFrame f{};
    f.r[0] = psci::kSystemOff;
    handle_smccc_call(*domu->vcpu(0), f);
    EXPECT_EQ(domu->shutdown_reason(), ShutdownReason::Reboot);
}

TEST_F(HypercallOpsTest, RemoteShutdownNeedsADomainIdAndPrivilege)
{
    test::TestDomain other(machine, 4);
    auto remote = [&](uint16_t id) {
        put<xen::sched_remote_shutdown>(kBuf, {id, xen::SHUTDOWN_poweroff});
        return call(29, xen::SCHEDOP_remote_shutdown, kBuf);
    };
    EXPECT_EQ(remote(3), -1);              // itself
    EXPECT_EQ(remote(4), -1);              // another domain
    EXPECT_EQ(remote(xen::DOMID_SELF), -3); // not a domain id
    EXPECT_EQ(remote(9), -3);
    EXPECT_FALSE(domu->is_shut_down());
    EXPECT_FALSE(other->is_shut_down());
}

TEST_F(HypercallOpsTest, ReservationsAndTheirMaximum)
{
    const long pages = long((4ull << 20) / 4096);
    put<xen::domid_t>(kBuf, xen::DOMID_SELF);
    EXPECT_EQ(call(12, 3, kBuf), pages);
    EXPECT_EQ(call(12, 4, kBuf), pages);
    put(kBuf + 0x100, std::array<uint64_t, 1>{0x40300});
    put<xen::xen_memory_reservation>(kBuf + 0x200, {{kBuf + 0x100}, 1, 0, 0, xen::DOMID_SELF});
    EXPECT_EQ(call(12, 1, kBuf + 0x200), 1);
    EXPECT_EQ(call(12, 3, kBuf), pages - 1);
    EXPECT_EQ(call(12, 4, kBuf), pages); // the maximum stays
    // At the maximum, populating a new gfn does nothing.
    EXPECT_EQ(call(12, 6, kBuf + 0x200), 1);
    put(kBuf + 0x100, std::array<uint64_t, 1>{0x50000});
    EXPECT_EQ(call(12, 6, kBuf + 0x200), 0);
    EXPECT_EQ(call(12, 3, kBuf), pages);
    put<xen::domid_t>(kBuf, 9);
    EXPECT_EQ(call(12, 3, kBuf), -3);
    test::TestDomain other(machine, 4);
    put<xen::domid_t>(kBuf, 4);
    EXPECT_EQ(call(12, 4, kBuf), -1);
}

TEST_F(HypercallOpsTest, RemoveFromPhysmap)
{
    const uint64_t gfn = 0x40200;
    put<xen::xen_add_to_physmap>(kBuf, {xen::DOMID_SELF, 0, xen::XENMAPSPACE_shared_info, 0, gfn});
    EXPECT_EQ(call(12, 7, kBuf), 0);
    put<xen::xen_remove_from_physmap>(kBuf, {xen::DOMID_SELF, gfn});
    EXPECT_EQ(call(12, 15, kBuf), 0);
    EXPECT_FALSE(domu->p2m().lookup(gfn << 12));
    EXPECT_EQ(call(12, 15, kBuf), -2); // nothing there now
    put<xen::xen_remove_from_physmap>(kBuf, {xen::DOMID_SELF, 0x40201}); // RAM
    EXPECT_EQ(call(12, 15, kBuf), 0);
    EXPECT_FALSE(domu->p2m().lookup(0x40201000));
    // A gfn that only aliases RAM once shifted, and one below it.
    put<xen::xen_remove_from_physmap>(kBuf, {xen::DOMID_SELF, (1ull << 52) | 0x40202});
    EXPECT_EQ(call(12, 15, kBuf), -2);
    EXPECT_TRUE(domu->p2m().lookup(0x40202000));
    put<xen::xen_remove_from_physmap>(kBuf, {xen::DOMID_SELF, 0x10});
    EXPECT_EQ(call(12, 15, kBuf), -2);
    put<xen::xen_remove_from_physmap>(kBuf, {9, 0x40202});
    EXPECT_EQ(call(12, 15, kBuf), -3);
    EXPECT_EQ(call(12, 15 | (1u << 6), kBuf), -22); // a continuation index
}

TEST_F(HypercallOpsTest, BindVcpuChecksTheVcpuFirst)
{
    put<xen::evtchn_bind_vcpu>(kBuf, {4000, 2});
    EXPECT_EQ(call(32, 8, kBuf), -2); // bad vCPU and bad port: -ENOENT first
    put<xen::evtchn_bind_vcpu>(kBuf, {4000, 1});
    EXPECT_EQ(call(32, 8, kBuf), -22);
    put<xen::evtchn_alloc_unbound>(kBuf, {xen::DOMID_SELF, xen::DOMID_SELF, 0});
    ASSERT_EQ(call(32, 6, kBuf), 0);
    uint32_t port = get<xen::evtchn_alloc_unbound>(kBuf).port;
    put<xen::evtchn_bind_vcpu>(kBuf, {port, 1});
    EXPECT_EQ(call(32, 8, kBuf), 0);
    EXPECT_EQ(domu->event_channels().channel(port)->notify_vcpu, 1u);
}

TEST_F(HypercallOpsTest, CpuSuspendBlocksUnlessAnInterruptIsPending)
{
    TrapFrame f{};
    f.r[0] = psci::kCpuSuspend;
    handle_smccc_call(*domu->vcpu(0), f);
    EXPECT_EQ(f.r[0], 0u);
    EXPECT_EQ(domu->vcpu(0)->state(), Vcpu::State::Blocked);
}

} // namespace
} // namespace hv
