// The typed wrappers over a fake hypercall port that plays the hypervisor:
// envelopes, interface versions, argument buffers, errors with errno.
#include <gtest/gtest.h>

#include <cerrno>
#include <cstring>
#include <map>

#include "error.hpp"
#include "include/public/event_channel.hpp"
#include "include/public/memory.hpp"
#include "include/public/vcpu_sched_hvm.hpp"
#include "xc.hpp"

namespace xc {
namespace {

class Page : public GuestMapping {
public:
    std::span<uint8_t> bytes() override { return bytes_; }

private:
    std::vector<uint8_t> bytes_ = std::vector<uint8_t>(4096);
};

class HeapBuffer : public HypercallBuffer {
public:
    explicit HeapBuffer(size_t n) : bytes_(n) {}
    std::span<uint8_t> bytes() override { return bytes_; }

private:
    std::vector<uint8_t> bytes_;
};

template <class T> T* at(uint64_t address) { return reinterpret_cast<T*>(static_cast<uintptr_t>(address)); }

class FakeXen : public HypercallPort {
public:
    std::vector<std::string> log;
    std::map<uint32_t, int> fail_domctl; // cmd -> errno
    size_t buffers = 0;
    std::vector<uint16_t> domains = {0, 4};
    unsigned list_calls = 0;

    std::unique_ptr<HypercallBuffer> buffer(size_t bytes) override
    {
        ++buffers;
        return std::make_unique<HeapBuffer>(bytes);
    }
    long hypercall(uint32_t op, std::span<const uint64_t> args) override
    {
        switch (xen::Hypercall(op)) {
        case xen::Hypercall::domctl: return domctl(*at<xen::xen_domctl>(args[0]));
        case xen::Hypercall::sysctl: {
            auto& s = *at<xen::xen_sysctl>(args[0]);
            if (s.interface_version != xen::XEN_SYSCTL_INTERFACE_VERSION) return -EACCES;
            if (s.cmd == uint32_t(xen::SysctlCmd::physinfo)) s.u.physinfo.nr_cpus = 2;
            if (s.cmd == uint32_t(xen::SysctlCmd::getdomaininfolist)) {
                // As Xen: the existing domains from first_domain on, at most max_domains.
                auto& l = s.u.getdomaininfolist;
                auto* infos = at<xen::xen_domctl_getdomaininfo>(l.buffer.raw);
                uint32_t n = 0;
                for (uint16_t id : domains)
                    if (id >= l.first_domain && n < l.max_domains) infos[n++].domain = id;
                l.num_domains = n;
                ++list_calls;
            }
            return 0;
        }
        case xen::Hypercall::xen_version:
            if (args[0] == 0) return 0x00040011;
            std::strcpy(at<char>(args[1]), "xen-3.0-armv7l ");
            return 0;
        case xen::Hypercall::event_channel_op: at<xen::evtchn_alloc_unbound>(args[1])->port = 9; return 0;
        case xen::Hypercall::hvm_op: {
            auto* p = at<xen::xen_hvm_param>(args[1]);
            log.push_back("hvm " + std::to_string(args[0]) + " " + std::to_string(p->index) + "=" + std::to_string(p->value));
            return 0;
        }
        case xen::Hypercall::memory_op: {
            if (args[0] == uint32_t(xen::MemoryOp::add_to_physmap)) {
                auto* a = at<xen::xen_add_to_physmap>(args[1]);
                log.push_back("add_to_physmap space " + std::to_string(a->space) + " gpfn " + std::to_string(a->gpfn));
                return 0;
            }
            if (args[0] == uint32_t(xen::MemoryOp::remove_from_physmap)) {
                log.push_back("remove_from_physmap gpfn " + std::to_string(at<xen::xen_remove_from_physmap>(args[1])->gpfn));
                return 0;
            }
            auto* r = at<xen::xen_memory_reservation>(args[1]);
            auto* gfns = at<uint64_t>(r->extent_start.raw);
            log.push_back("populate order " + std::to_string(r->extent_order) + " first " + std::to_string(gfns[0]));
            return long(r->nr_extents) - 1; // one short: the caller must not assume all
        }
        default: return -ENOSYS;
        }
    }
    std::unique_ptr<GuestMapping> map_foreign(domid_t, std::span<const uint64_t> gfns) override
    {
        log.push_back("map gfn " + std::to_string(gfns[0]));
        return std::make_unique<Page>();
    }
    std::unique_ptr<GuestMapping> map_resource(domid_t, uint32_t, uint32_t, uint32_t, uint64_t) override { return nullptr; }

private:
    long domctl(xen::xen_domctl& d)
    {
        if (d.interface_version != xen::XEN_DOMCTL_INTERFACE_VERSION) return -EACCES;
        log.push_back("domctl " + std::to_string(d.cmd) + " dom " + std::to_string(d.domain));
        if (auto f = fail_domctl.find(d.cmd); f != fail_domctl.end()) return -f->second;
        switch (xen::DomctlCmd(d.cmd)) {
        case xen::DomctlCmd::createdomain:
            d.domain = 7;
            d.u.createdomain.arch.gic_version = xen::XEN_DOMCTL_CONFIG_GIC_V2;
            return 0;
        case xen::DomctlCmd::getdomaininfo:
            d.u.getdomaininfo.domain = d.domain == 3 ? 4 : d.domain; // 3 is gone: Xen answers with the next
            d.u.getdomaininfo.gpaddr_bits = 40;
            return 0;
        case xen::DomctlCmd::setvcpucontext: {
            auto* ctx = at<xen::vcpu_guest_context>(d.u.vcpucontext.ctxt.raw);
            log.push_back("pc " + std::to_string(ctx->user_regs.pc));
            return 0;
        }
        case xen::DomctlCmd::cacheflush:
            log.push_back("flush " + std::to_string(d.u.cacheflush.start_pfn) + "+" + std::to_string(d.u.cacheflush.nr_pfns));
            return 0;
        default: return 0;
        }
    }
};

TEST(Xc, CreateDomainFillsTheEnvelopeAndReadsBackTheAnswer)
{
    FakeXen xen;
    Xc xc(xen);
    xen::xen_domctl_createdomain config{};
    config.arch.gic_version = xen::XEN_DOMCTL_CONFIG_GIC_NATIVE;
    EXPECT_EQ(xc.create_domain(0, config), 7);
    EXPECT_EQ(config.arch.gic_version, xen::XEN_DOMCTL_CONFIG_GIC_V2);
    EXPECT_EQ(xen.log.front(), "domctl 1 dom 0");
}

TEST(Xc, ErrorsNameTheOperationAndErrno)
{
    FakeXen xen;
    xen.fail_domctl[uint32_t(xen::DomctlCmd::max_vcpus)] = EINVAL;
    Xc xc(xen);
    try {
        xc.set_max_vcpus(7, 9);
        FAIL();
    } catch (const HypercallError& e) {
        EXPECT_EQ(e.error_number(), EINVAL);
        EXPECT_EQ(std::string(e.what()), "domctl max_vcpus (domain 7): Invalid argument (errno 22)");
    }
}

TEST(Xc, DomainInfoOfAVanishedDomainIsAnError)
{
    FakeXen xen;
    Xc xc(xen);
    EXPECT_EQ(xc.domain_info(5).gpaddr_bits, 40);
    try {
        xc.domain_info(3);
        FAIL();
    } catch (const HypercallError& e) {
        EXPECT_EQ(e.error_number(), ESRCH);
    }
}

TEST(Xc, VersionAndCapabilities)
{
    FakeXen xen;
    Xc xc(xen);
    XenVersionInfo v = xc.xen_version();
    EXPECT_EQ(v.major, 4u);
    EXPECT_EQ(v.minor, 17u);
    EXPECT_EQ(v.capabilities, "xen-3.0-armv7l ");
}

TEST(Xc, ArgumentsTravelInHypercallBuffers)
{
    FakeXen xen;
    Xc xc(xen);
    EXPECT_EQ(xc.alloc_unbound_port(7, 0), 9u);
    xc.set_hvm_param(7, xen::HVM_PARAM_STORE_PFN, 0x39001);
    uint64_t gfns[] = {0x40000, 0x40200, 0x40400};
    EXPECT_EQ(xc.populate_physmap(7, 9, gfns), 2u);
    xen::vcpu_guest_context ctx{};
    ctx.user_regs.pc = 0x40008000;
    xc.set_vcpu_context(7, 0, ctx);
    EXPECT_EQ(xen.log, (std::vector<std::string>{"hvm 0 1=233473", "populate order 9 first 262144", "domctl 12 dom 7",
                                                 "pc 1073774592"}));
}

TEST(Xc, CacheflushIsSplitAtTheHypervisorsLimit)
{
    FakeXen xen;
    Xc xc(xen);
    xc.cacheflush(7, 0x40000, (1u << 18) + 5);
    EXPECT_EQ(xen.log[1], "flush 262144+262144");
    EXPECT_EQ(xen.log[3], "flush 524288+5");
}

TEST(Xc, GrantFrameBorrowedWithoutMmapResourceAndGivenBack)
{
    FakeXen xen; // map_resource answers "unsupported"
    Xc xc(xen);
    {
        auto frame = xc.map_grant_table(7);
        EXPECT_EQ(frame->bytes().size(), 4096u);
        EXPECT_EQ(xen.log, (std::vector<std::string>{"add_to_physmap space 1 gpfn 229376", "map gfn 229376"}));
    }
    EXPECT_EQ(xen.log[2], "domctl 71 dom 7");       // cacheflush
    EXPECT_EQ(xen.log[3], "flush 229376+1");
    EXPECT_EQ(xen.log[4], "remove_from_physmap gpfn 229376");
}

TEST(Xc, DomainListAndPhysinfo)
{
    FakeXen xen;
    Xc xc(xen);
    auto list = xc.domain_info_list(0, 16);
    ASSERT_EQ(list.size(), 2u);
    EXPECT_EQ(list[1].domain, 4);
    EXPECT_EQ(xc.physinfo().nr_cpus, 2u);
}

// More domains than one page of entries: the list goes on from the last
// one seen, and stops at `max`.
TEST(Xc, DomainListSpansCalls)
{
    FakeXen xen;
    xen.domains.clear();
    for (uint16_t id = 0; id < 200; ++id) xen.domains.push_back(uint16_t(id * 3));
    Xc xc(xen);
    auto all = xc.domain_info_list(0, 1024);
    ASSERT_EQ(all.size(), 200u);
    for (size_t i = 0; i < all.size(); ++i) EXPECT_EQ(all[i].domain, i * 3);
    EXPECT_GT(xen.list_calls, 1u);
    auto some = xc.domain_info_list(30, 45);
    ASSERT_EQ(some.size(), 45u);
    EXPECT_EQ(some.front().domain, 30);
    EXPECT_EQ(some.back().domain, 30 + 44 * 3);
}

} // namespace
} // namespace xc
