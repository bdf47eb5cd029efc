// The whole creation sequence, in the order of the spec (§3.6), and the
// guard that destroys a half-built domain.
#include <gtest/gtest.h>

#include <algorithm>

#include "domain_create.hpp"
#include "error.hpp"
#include "recording_ops.hpp"
#include "test_files.hpp"

namespace xc {
namespace {

CreateRequest reference_create()
{
    CreateRequest c;
    c.config = arm_guest_config(1);
    c.max_memory_kib = 128 * 1024;
    c.build.kernel = test::debian_kernel();
    c.build.cmdline = "console=hvc0";
    return c;
}

// Consecutive repeats collapsed: the order of the steps, not their count.
std::vector<std::string> steps(const test::RecordingOps& ops)
{
    std::vector<std::string> out;
    for (const auto& name : ops.call_names())
        if (out.empty() || out.back() != name) out.push_back(name);
    return out;
}

TEST(CreateDomain, StepsInLibxlOrder)
{
    test::RecordingOps ops;
    bool hook_ran = false;
    CreatedDomain d = create_domain(ops, reference_create(), [&](const CreatedDomain& c) {
        hook_ran = true;
        EXPECT_FALSE(ops.unpaused);
        EXPECT_EQ(c.domid, 1);
        ops.calls.push_back("xenstore");
    });
    EXPECT_TRUE(hook_ran);
    EXPECT_EQ(steps(ops), (std::vector<std::string>{
                              "create_domain", "set_max_vcpus", "set_max_mem", "alloc_unbound_port",
                              "set_paging_mempool_size", "domain_info", "xen_version", "set_hvm_param",
                              "set_address_size", "populate_physmap", "map_guest", "cacheflush", "map_guest",
                              "cacheflush", "populate_physmap", "map_guest", "cacheflush", "set_hvm_param",
                              "domain_info", "set_vcpu_context", "map_grant_table", "xenstore", "unpause_domain"}));
    EXPECT_EQ(d.xenstore_port, 1u);
    EXPECT_EQ(d.console_port, 2u);
    EXPECT_FALSE(ops.destroyed);
}

TEST(CreateDomain, ArgumentsAsLibxl)
{
    test::RecordingOps ops;
    create_domain(ops, reference_create());
    auto has = [&](const std::string& call) {
        return std::find(ops.calls.begin(), ops.calls.end(), call) != ops.calls.end();
    };
    EXPECT_TRUE(has("create_domain wanted=0 flags=0x3 max_vcpus=1 nr_spis=0"));
    EXPECT_TRUE(has("set_max_vcpus 1"));
    EXPECT_TRUE(has("set_max_mem 132096")); // memory + LIBXL_MAXMEM_CONSTANT
    EXPECT_TRUE(has("alloc_unbound_port remote=0"));
    EXPECT_TRUE(has("set_paging_mempool_size 2097152")); // 4 * (256 + 128 + 128) KiB
    EXPECT_TRUE(has("set_address_size 32"));
    EXPECT_TRUE(has("populate_physmap order=0 extents=4 first=0x39000"));
}

TEST(CreateDomain, ClockFrequencyFromTheHypervisorReachesTheDeviceTree)
{
    test::RecordingOps ops;
    ops.clock_frequency = 62500000;
    create_domain(ops, reference_create());
    // The DTB's clock-frequency property: big-endian 62500000.
    auto dtb = ops.read(0x47fff000, 4096) /* no ramdisk: the DTB alone at the end of RAM */;
    const uint8_t be[] = {0x03, 0xb9, 0xac, 0xa0};
    EXPECT_NE(std::search(dtb.begin(), dtb.end(), std::begin(be), std::end(be)), dtb.end());
}

TEST(CreateDomain, SpisForTheVuartAndPassthroughIrqs)
{
    CreateRequest c = reference_create();
    EXPECT_EQ(spis_needed(c), 0u);
    c.build.vuart = true;
    EXPECT_EQ(spis_needed(c), 1u); // SPI 32
    c.passthrough_irqs = {40, 76, 35};
    EXPECT_EQ(spis_needed(c), 45u); // up to IRQ 76
    test::RecordingOps ops;
    create_domain(ops, c);
    EXPECT_EQ(ops.calls.front(), "create_domain wanted=0 flags=0x3 max_vcpus=1 nr_spis=45");
}

TEST(CreateDomain, BadKernelCreatesNothing)
{
    test::RecordingOps ops;
    CreateRequest c = reference_create();
    std::vector<uint8_t> truncated(test::debian_kernel().begin(), test::debian_kernel().begin() + 100000);
    c.build.kernel = truncated;
    EXPECT_THROW(create_domain(ops, c), BuildError);
    EXPECT_TRUE(ops.calls.empty());
}

TEST(CreateDomain, FailureAtAnyStepDestroysTheDomain)
{
    for (const char* step : {"set_max_vcpus", "alloc_unbound_port", "populate_physmap", "map_guest",
                             "set_vcpu_context", "map_grant_table", "unpause_domain"}) {
        test::RecordingOps ops;
        ops.fail_call = step;
        EXPECT_THROW(create_domain(ops, reference_create()), HypercallError) << step;
        EXPECT_TRUE(ops.destroyed) << step;
        EXPECT_EQ(ops.calls.back(), "destroy_domain 1") << step;
    }
}

TEST(CreateDomain, FailureInTheCallersStepDestroysTheDomainToo)
{
    test::RecordingOps ops;
    EXPECT_THROW(create_domain(ops, reference_create(), [](const CreatedDomain&) { throw std::runtime_error("xenstore down"); }),
                 std::runtime_error);
    EXPECT_TRUE(ops.destroyed);
    EXPECT_FALSE(ops.unpaused);
}

TEST(CreateDomain, PausedWhenAsked)
{
    test::RecordingOps ops;
    CreateRequest c = reference_create();
    c.start_paused = true;
    create_domain(ops, c);
    EXPECT_FALSE(ops.unpaused);
    EXPECT_FALSE(ops.destroyed);
}

TEST(CreateDomain, RequestedDomainId)
{
    test::RecordingOps ops;
    CreateRequest c = reference_create();
    c.wanted_domid = 42;
    EXPECT_EQ(create_domain(ops, c).domid, 42);
}

} // namespace
} // namespace xc
