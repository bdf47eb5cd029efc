// The device trees the hypervisor writes: a domU's (as libxl builds it) and
// dom0's (the host's, filtered and extended as Xen does), read back with
// libfdt node by node.
#include <libfdt.h>

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "boot/dom0_dtb.hpp"
#include "boot/guest_dtb.hpp"

namespace hv {
namespace {

std::string str(const void* fdt, const char* path, const char* prop)
{
    int node = fdt_path_offset(fdt, path);
    if (node < 0) return "<no node>";
    int len;
    auto* v = static_cast<const char*>(fdt_getprop(fdt, node, prop, &len));
    return v ? std::string(v, size_t(len)) : "<no property>";
}

std::vector<uint32_t> cells(const void* fdt, const char* path, const char* prop)
{
    std::vector<uint32_t> out;
    int node = fdt_path_offset(fdt, path);
    int len = 0;
    auto* v = static_cast<const fdt32_t*>(node >= 0 ? fdt_getprop(fdt, node, prop, &len) : nullptr);
    for (int i = 0; v && i < len / 4; ++i) out.push_back(fdt32_to_cpu(v[i]));
    return out;
}

TEST(GuestDtb, LikeLibxl)
{
    std::vector<char> buf(16384);
    GuestDtbSpec spec;
    spec.vcpus = 2;
    spec.memory[0] = {0x40000000, 128u << 20};
    spec.memory_banks = 1;
    spec.bootargs = "console=hvc0 root=/dev/xvda";
    spec.initrd_start = 0x48000000;
    spec.initrd_end = 0x48a00000;
    size_t size = 0;
    ASSERT_EQ(build_guest_dtb(spec, buf.data(), buf.size(), size), Status::Ok);
    const void* fdt = buf.data();
    ASSERT_EQ(fdt_check_header(fdt), 0);
    EXPECT_EQ(size, fdt_totalsize(fdt));
    EXPECT_EQ(str(fdt, "/", "model"), std::string("XENVM-4.17\0", 11));
    EXPECT_EQ(str(fdt, "/", "compatible"), std::string("xen,xenvm-4.17\0xen,xenvm\0", 25));
    EXPECT_EQ(cells(fdt, "/", "interrupt-parent"), std::vector<uint32_t>{65000});
    EXPECT_EQ(str(fdt, "/chosen", "bootargs"), std::string("console=hvc0 root=/dev/xvda\0", 28));
    EXPECT_EQ(cells(fdt, "/chosen", "linux,initrd-start"), (std::vector<uint32_t>{0, 0x48000000}));
    EXPECT_EQ(cells(fdt, "/chosen", "linux,initrd-end"), (std::vector<uint32_t>{0, 0x48a00000}));
    EXPECT_EQ(cells(fdt, "/cpus/cpu@1", "reg"), std::vector<uint32_t>{1});
    EXPECT_EQ(str(fdt, "/cpus/cpu@0", "enable-method"), std::string("psci\0", 5));
    EXPECT_EQ(str(fdt, "/psci", "method"), std::string("hvc\0", 4));
    EXPECT_EQ(cells(fdt, "/memory@40000000", "reg"), (std::vector<uint32_t>{0, 0x40000000, 0, 0x08000000}));
    EXPECT_EQ(cells(fdt, "/interrupt-controller@3001000", "reg"),
              (std::vector<uint32_t>{0, 0x03001000, 0, 0x1000, 0, 0x03002000, 0, 0x2000}));
    EXPECT_EQ(cells(fdt, "/interrupt-controller@3001000", "phandle"), std::vector<uint32_t>{65000});
    EXPECT_EQ(cells(fdt, "/timer", "interrupts"),
              (std::vector<uint32_t>{1, 13, 0xf08, 1, 14, 0xf08, 1, 11, 0xf08}));
    EXPECT_EQ(str(fdt, "/hypervisor", "compatible"), std::string("xen,xen-4.17\0xen,xen\0", 21));
    EXPECT_EQ(cells(fdt, "/hypervisor", "reg"), (std::vector<uint32_t>{0, 0x38000000, 0, 0x01000000}));
    EXPECT_EQ(cells(fdt, "/hypervisor", "interrupts"), (std::vector<uint32_t>{1, 15, 0xf08}));
    EXPECT_LT(fdt_path_offset(fdt, "/sbsa-uart@22000000"), 0); // only when asked for
}

TEST(GuestDtb, RefusesImpossibleSpecs)
{
    std::vector<char> buf(512);
    GuestDtbSpec spec;
    spec.memory[0] = {0x40000000, 1u << 20};
    spec.memory_banks = 1;
    size_t size = 0;
    EXPECT_EQ(build_guest_dtb(spec, buf.data(), buf.size(), size), Status::NoMemory); // too small a buffer
    spec.memory_banks = 0;
    EXPECT_EQ(build_guest_dtb(spec, buf.data(), buf.size(), size), Status::Invalid);
}

TEST(Dom0Dtb, FromQemusTree)
{
    std::ifstream in(TEST_DTB_PATH, std::ios::binary);
    std::vector<char> host((std::istreambuf_iterator<char>(in)), {});
    ASSERT_FALSE(host.empty());
    std::vector<char> buf(64 * 1024);
    Dom0DtbSpec spec;
    spec.host_fdt = host.data();
    spec.vcpus = 2;
    spec.banks[0] = {0x58000000, 512u << 20};
    spec.bank_count = 1;
    spec.bootargs = "console=hvc0";
    spec.initrd_start = 0x60200000;
    spec.initrd_end = 0x60300000;
    spec.grant_base = 0x40010000;
    spec.grant_size = 0x40000;
    spec.event_channel_ppi = 16;
    spec.hypervisor_uart = 0x09000000;
    size_t size = 0;
    const char* error = nullptr;
    ASSERT_EQ(build_dom0_dtb(spec, buf.data(), buf.size(), size, error), Status::Ok) << error;
    const void* fdt = buf.data();
    ASSERT_EQ(fdt_check_header(fdt), 0);
    // Kept for the hypervisor, or replaced: gone.
    EXPECT_LT(fdt_path_offset(fdt, "/pl011@9000000"), 0);
    EXPECT_LT(fdt_path_offset(fdt, "/memory@40000000"), 0);
    EXPECT_LT(fdt_path_offset(fdt, "/chosen/module@50000000"), 0);
    EXPECT_LT(fdt_path_offset(fdt, "/chosen/domU1"), 0);
    EXPECT_EQ(str(fdt, "/chosen", "xen,xen-bootargs"), "<no property>");
    EXPECT_EQ(str(fdt, "/chosen", "bootargs"), std::string("console=hvc0\0", 13));
    EXPECT_EQ(cells(fdt, "/chosen", "linux,initrd-start"), (std::vector<uint32_t>{0, 0x60200000}));
    // The GIC keeps GICD and GICC only, no maintenance interrupt.
    EXPECT_EQ(cells(fdt, "/intc@8000000", "reg"),
              (std::vector<uint32_t>{0, 0x08000000, 0, 0x10000, 0, 0x08010000, 0, 0x10000}));
    EXPECT_EQ(str(fdt, "/intc@8000000", "interrupts"), "<no property>");
    uint32_t gic_phandle = cells(fdt, "/intc@8000000", "phandle").at(0);
    // The timer without the hypervisor's PPI.
    EXPECT_EQ(cells(fdt, "/timer", "interrupts"), (std::vector<uint32_t>{1, 13, 0xf08, 1, 14, 0xf08, 1, 11, 0xf08}));
    // Added: hypervisor, psci over HVC, dom0's CPUs and memory.
    EXPECT_EQ(str(fdt, "/hypervisor", "compatible"), std::string("xen,xen-4.17\0xen,xen\0", 21));
    EXPECT_EQ(cells(fdt, "/hypervisor", "reg"), (std::vector<uint32_t>{0, 0x40010000, 0, 0x40000}));
    EXPECT_EQ(cells(fdt, "/hypervisor", "interrupts"), (std::vector<uint32_t>{1, 0, 0xf08}));
    EXPECT_EQ(cells(fdt, "/hypervisor", "interrupt-parent"), std::vector<uint32_t>{gic_phandle});
    EXPECT_EQ(str(fdt, "/psci", "method"), std::string("hvc\0", 4));
    EXPECT_EQ(cells(fdt, "/cpus/cpu@0", "reg"), std::vector<uint32_t>{0});
    EXPECT_EQ(cells(fdt, "/cpus/cpu@1", "reg"), std::vector<uint32_t>{1});
    EXPECT_EQ(str(fdt, "/cpus/cpu@1", "enable-method"), "<no property>");
    EXPECT_EQ(cells(fdt, "/memory@58000000", "reg"), (std::vector<uint32_t>{0, 0x58000000, 0, 0x20000000}));
    // Other devices stay for dom0.
    EXPECT_GE(fdt_path_offset(fdt, "/pl031@9010000"), 0);
    EXPECT_GE(fdt_path_offset(fdt, "/intc@8000000/v2m@8020000"), 0);
}

} // namespace
} // namespace hv
