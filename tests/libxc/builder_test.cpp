// The domain builder: layout, device tree and image loading, checked
// against what Xen 4.17's libxl/libxc did for the reference guest.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <unistd.h>

#include "dom_builder.hpp"
#include "error.hpp"
#include "include/public/grant_table.hpp"
#include "include/public/vcpu_sched_hvm.hpp"
#include "recording_ops.hpp"
#include "zimage.hpp"
#include "test_files.hpp"

namespace xc {
namespace {

// The guest of shared/spec/reference: Debian's kernel, a 961 KiB initrd,
// 128 MiB, one vCPU.
BuildRequest reference_request(const std::vector<uint8_t>& ramdisk,
                               const std::vector<uint8_t>& kernel = test::debian_kernel())
{
    BuildRequest r;
    r.kernel = kernel;
    r.ramdisk = ramdisk;
    r.cmdline = "console=hvc0 rdinit=/init xenref.verbose=1";
    r.memory_kib = 128 * 1024;
    r.max_vcpus = 1;
    r.gpaddr_bits = 40;
    r.console_port = 2;
    r.xenstore_port = 1;
    return r;
}

std::vector<uint8_t> sample_ramdisk()
{
    std::vector<uint8_t> data(0xf0500);
    for (size_t i = 0; i < data.size(); ++i) data[i] = uint8_t(i * 7 + 3);
    return data;
}

// dtc's view of a blob, as text.
std::string decompile(const std::vector<uint8_t>& dtb)
{
    char path[] = "/tmp/libxc-dtb-XXXXXX";
    int fd = mkstemp(path);
    EXPECT_GE(fd, 0);
    EXPECT_EQ(write(fd, dtb.data(), dtb.size()), ssize_t(dtb.size()));
    close(fd);
    std::string text;
    if (FILE* p = popen(("dtc -q -I dtb -O dts " + std::string(path)).c_str(), "r")) {
        char buf[4096];
        size_t n;
        while ((n = fread(buf, 1, sizeof buf, p)) > 0) text.append(buf, n);
        EXPECT_EQ(pclose(p), 0);
    }
    unlink(path);
    return text;
}

// A zImage of `size` bytes with a valid header: the layout depends on the
// image's size only, so Xen's recorded trace can be replayed whatever kernel
// build the archive serves today.
std::vector<uint8_t> zimage_of_size(uint32_t size)
{
    std::vector<uint8_t> image(size, 0);
    auto put = [&](size_t at, uint32_t v) {
        for (unsigned i = 0; i < 4; ++i) image[at + i] = uint8_t(v >> (8 * i));
    };
    put(0x24, kZImage32Magic);
    put(0x28, 0); // position independent
    put(0x2c, size);
    return image;
}

// The kernel of shared/spec/reference/xl-vvv-create: 0x40008000 -> 0x4054d200.
constexpr uint32_t kRecordedKernelSize = 0x4054d200 - 0x40008000;

TEST(Builder, ReferenceGuestLayoutIsXens)
{
    auto ramdisk = sample_ramdisk();
    BuildPlan plan = plan_build(reference_request(ramdisk, zimage_of_size(kRecordedKernelSize)));
    // xl -vvv create: kernel 0x40008000 -> 0x4054d200, ramdisk 0x47f0e000 ->
    // 0x47fff000, devicetree 0x47fff000 -> 0x48000000.
    EXPECT_EQ(plan.kernel.start, 0x40008000u);
    EXPECT_EQ(plan.kernel.end, 0x4054d200u);
    EXPECT_EQ(plan.ramdisk, (Range{0x47f0e000, 0xf1000}));
    EXPECT_EQ(plan.device_tree, (Range{0x47fff000, 0x1000}));
    EXPECT_EQ(plan.ram, (std::vector<Range>{{0x40000000, 128 << 20}}));
}

// The same rules on the kernel make deps fetched, whatever its size: loaded
// at RAM base + 32 KiB, as long as the file; the ramdisk then the DTB, each
// in whole pages, ending at the top of the 128 MiB of RAM, above the
// kernel's 2 MiB-rounded end.
TEST(Builder, FetchedKernelFollowsXensPlacementRules)
{
    const auto& kernel = test::debian_kernel();
    ASSERT_GT(kernel.size(), 1u << 20) << "run 'make deps' to fetch Debian's kernel";
    auto ramdisk = sample_ramdisk();
    BuildPlan plan = plan_build(reference_request(ramdisk));
    EXPECT_EQ(plan.kernel.start, 0x40008000u);
    EXPECT_EQ(plan.kernel.end, 0x40008000u + kernel.size());
    EXPECT_EQ(plan.device_tree, (Range{0x48000000 - 0x1000, 0x1000}));
    EXPECT_EQ(plan.ramdisk, (Range{plan.device_tree.base - 0xf1000, 0xf1000}));
    EXPECT_LE((plan.kernel.end + (2u << 20) - 1) & ~uint64_t((2u << 20) - 1), plan.ramdisk.base);
}

// A kernel one byte larger than the recorded one ends one byte later; the
// modules stay at the top of RAM.
TEST(Builder, LayoutFollowsTheKernelsSize)
{
    auto ramdisk = sample_ramdisk();
    BuildPlan plan = plan_build(reference_request(ramdisk, zimage_of_size(kRecordedKernelSize + 1)));
    EXPECT_EQ(plan.kernel.end, 0x4054d201u);
    EXPECT_EQ(plan.ramdisk, (Range{0x47f0e000, 0xf1000}));
    // No room for the modules above its 2 MiB-rounded end nor below its
    // start: refused, not overlapped.
    EXPECT_THROW(plan_build(reference_request(ramdisk, zimage_of_size(127u << 20))), BuildError);
}

TEST(Builder, DeviceTreeDecompilesToTheReferenceNodeForNode)
{
    auto ramdisk = sample_ramdisk();
    BuildPlan plan = plan_build(reference_request(ramdisk));
    std::string ours = decompile(plan.dtb);
    std::string reference = test::read_text(LIBXC_EXPECTED_DIR "/reference_guest.dts");
    ASSERT_FALSE(reference.empty());
    EXPECT_EQ(ours, reference);
}

TEST(Builder, DeviceTreeOptionalParts)
{
    BuildRequest r = reference_request({});
    r.ramdisk = {};
    r.cmdline.clear();
    r.max_vcpus = 2;
    r.vuart = true;
    r.clock_frequency = 62500000;
    r.rng_seed.assign(128, 0x5a);
    std::string dts = decompile(plan_build(r).dtb);
    EXPECT_NE(dts.find("cpu@1 {"), std::string::npos);
    EXPECT_NE(dts.find("sbsa-uart@22000000"), std::string::npos);
    EXPECT_NE(dts.find("clock-frequency = <0x3b9aca0>"), std::string::npos);
    EXPECT_NE(dts.find("rng-seed = <0x5a5a5a5a 0x5a5a5a5a"), std::string::npos);
    EXPECT_EQ(dts.find("bootargs"), std::string::npos);
    EXPECT_EQ(dts.find("linux,initrd-start"), std::string::npos);
}

TEST(Builder, ImageAndModulesLandInGuestMemoryAndAreFlushed)
{
    auto ramdisk = sample_ramdisk();
    BuildRequest r = reference_request(ramdisk);
    BuildPlan plan = plan_build(r);
    test::RecordingOps ops;
    BuildResult result = execute_build(ops, 3, r, plan);

    EXPECT_EQ(ops.read(0x40008000, r.kernel.size()), test::debian_kernel());
    EXPECT_EQ(ops.read(0x47f0e000, ramdisk.size()), ramdisk);
    EXPECT_EQ(ops.read(0x47fff000, plan.dtb.size()), plan.dtb);
    // The rest of the last page of each is zeroed, not left as it was.
    EXPECT_EQ(ops.read(0x47f0e000 + ramdisk.size(), 0xf1000 - ramdisk.size()),
              std::vector<uint8_t>(0xf1000 - ramdisk.size(), 0));
    for (uint64_t gfn = 0x40008; gfn < (plan.kernel.end + 4095) / 4096; ++gfn)
        ASSERT_TRUE(ops.flushed.count(gfn)) << std::hex << gfn;
    for (uint64_t gfn = 0x47f0e; gfn < 0x48000; ++gfn) ASSERT_TRUE(ops.flushed.count(gfn)) << std::hex << gfn;

    EXPECT_EQ(result.console_gfn, 0x39000u);
    EXPECT_EQ(result.xenstore_gfn, 0x39001u);
    EXPECT_EQ(ops.read(0x39000000, 4 * 4096), std::vector<uint8_t>(4 * 4096, 0)); // magic pages scrubbed
}

TEST(Builder, HvmParamsAndVcpuZero)
{
    auto ramdisk = sample_ramdisk();
    BuildRequest r = reference_request(ramdisk);
    test::RecordingOps ops;
    execute_build(ops, 3, r, plan_build(r));
    EXPECT_EQ(ops.hvm_params[xen::HVM_PARAM_CALLBACK_IRQ], 0x020000000000021full);
    EXPECT_EQ(ops.hvm_params[xen::HVM_PARAM_CONSOLE_PFN], 0x39000u);
    EXPECT_EQ(ops.hvm_params[xen::HVM_PARAM_STORE_PFN], 0x39001u);
    EXPECT_EQ(ops.hvm_params[xen::HVM_PARAM_MONITOR_RING_PFN], 0x39002u);
    EXPECT_EQ(ops.hvm_params[xen::HVM_PARAM_CONSOLE_EVTCHN], 2u);
    EXPECT_EQ(ops.hvm_params[xen::HVM_PARAM_STORE_EVTCHN], 1u);

    ASSERT_TRUE(ops.vcpu0);
    const auto& ctx = *ops.vcpu0;
    EXPECT_EQ(ctx.flags, xen::VGCF_online);
    EXPECT_EQ(ctx.user_regs.pc, 0x40008000u);
    EXPECT_EQ(ctx.user_regs.x[0], 0u);
    EXPECT_EQ(ctx.user_regs.x[1], 0xffffffffu);
    EXPECT_EQ(ctx.user_regs.x[2], 0x47fff000u);
    EXPECT_EQ(ctx.user_regs.cpsr, 0x400001d3u);
    EXPECT_EQ(ctx.sctlr, 0x00c50078u);
    EXPECT_EQ(ctx.ttbr0 | ctx.ttbr1 | ctx.ttbcr, 0u);
}

TEST(Builder, GrantEntriesForConsoleAndXenstoreBackends)
{
    BuildRequest r = reference_request({});
    r.console_domid = 0;
    r.xenstore_domid = 5; // a xenstore stub domain
    test::RecordingOps ops;
    execute_build(ops, 3, r, plan_build(r));
    xen::grant_entry_v1 entries[2];
    std::memcpy(entries, ops.grant_frame.data(), sizeof entries);
    EXPECT_EQ(entries[0].flags, xen::GTF_permit_access);
    EXPECT_EQ(entries[0].domid, 0u);
    EXPECT_EQ(entries[0].frame, 0x39000u);
    EXPECT_EQ(entries[1].flags, xen::GTF_permit_access);
    EXPECT_EQ(entries[1].domid, 5u);
    EXPECT_EQ(entries[1].frame, 0x39001u);

    // A domain that is its own backend gets no entry.
    test::RecordingOps self;
    r.xenstore_domid = 3;
    execute_build(self, 3, r, plan_build(r));
    std::memcpy(entries, self.grant_frame.data(), sizeof entries);
    EXPECT_EQ(entries[1].flags, 0u);
}

TEST(Builder, VuartGetsItsRingAndChannel)
{
    BuildRequest r = reference_request({});
    r.vuart = true;
    test::RecordingOps ops;
    BuildResult result = execute_build(ops, 3, r, plan_build(r));
    EXPECT_EQ(ops.calls.back(), "init_vuart console=0 gfn=0x39003");
    EXPECT_NE(result.vuart_port, 0u);
}

std::string plan_error(const BuildRequest& r)
{
    try {
        plan_build(r);
    } catch (const BuildError& e) {
        return e.what();
    }
    return "";
}

TEST(Builder, InputsThatCannotWork)
{
    BuildRequest r = reference_request({});
    r.memory_kib = 4 * 1024; // the kernel alone is 5.3 MiB
    EXPECT_NE(plan_error(r).find("does not fit in 4 MiB"), std::string::npos) << plan_error(r);
    r.memory_kib = 6 * 1024;
    std::vector<uint8_t> big_ramdisk(2 << 20);
    r.ramdisk = big_ramdisk;
    EXPECT_NE(plan_error(r).find("do not fit"), std::string::npos) << plan_error(r);
    r = reference_request({});
    r.memory_kib = 1023;
    EXPECT_NE(plan_error(r).find("multiple of 4 KiB"), std::string::npos);
    r = reference_request({});
    r.max_vcpus = 9;
    EXPECT_NE(plan_error(r).find("1 to 8 vCPUs"), std::string::npos);
}

TEST(Builder, RefusesAHypervisorWithoutArmv7Guests)
{
    BuildRequest r = reference_request({});
    test::RecordingOps ops;
    ops.capabilities = "xen-3.0-aarch64 ";
    EXPECT_THROW(execute_build(ops, 3, r, plan_build(r)), BuildError);
    EXPECT_EQ(ops.calls, (std::vector<std::string>{"xen_version"}));
}

} // namespace
} // namespace xc
