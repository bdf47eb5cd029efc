// The device tree the hypervisor writes for dom0 (the host's, filtered and
// extended as Xen does), read back with libfdt node by node. A domU's (as
// libxl builds it) is the leaf library's: guest_platform_test.cpp.
#include <libfdt.h>

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "boot/dom0_dtb.hpp"
#include "fdt_read.hpp"

namespace hv {
namespace {

using test::fdt_cells;
using test::fdt_str;

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
    EXPECT_EQ(fdt_str(fdt, "/chosen", "xen,xen-bootargs"), "<no property>");
    EXPECT_EQ(fdt_str(fdt, "/chosen", "bootargs"), std::string("console=hvc0\0", 13));
    EXPECT_EQ(fdt_cells(fdt, "/chosen", "linux,initrd-start"), (std::vector<uint32_t>{0, 0x60200000}));
    // The GIC keeps GICD and GICC only, no maintenance interrupt.
    EXPECT_EQ(fdt_cells(fdt, "/intc@8000000", "reg"),
              (std::vector<uint32_t>{0, 0x08000000, 0, 0x10000, 0, 0x08010000, 0, 0x10000}));
    EXPECT_EQ(fdt_str(fdt, "/intc@8000000", "interrupts"), "<no property>");
    uint32_t gic_phandle = fdt_cells(fdt, "/intc@8000000", "phandle").at(0);
    // The timer without the hypervisor's PPI.
    EXPECT_EQ(fdt_cells(fdt, "/timer", "interrupts"), (std::vector<uint32_t>{1, 13, 0xf08, 1, 14, 0xf08, 1, 11, 0xf08}));
    // Added: hypervisor, psci over HVC, dom0's CPUs and memory.
    EXPECT_EQ(fdt_str(fdt, "/hypervisor", "compatible"), std::string("xen,xen-4.17\0xen,xen\0", 21));
    EXPECT_EQ(fdt_cells(fdt, "/hypervisor", "reg"), (std::vector<uint32_t>{0, 0x40010000, 0, 0x40000}));
    EXPECT_EQ(fdt_cells(fdt, "/hypervisor", "interrupts"), (std::vector<uint32_t>{1, 0, 0xf08}));
    EXPECT_EQ(fdt_cells(fdt, "/hypervisor", "interrupt-parent"), std::vector<uint32_t>{gic_phandle});
    EXPECT_EQ(fdt_str(fdt, "/psci", "method"), std::string("hvc\0", 4));
    EXPECT_EQ(fdt_cells(fdt, "/cpus/cpu@0", "reg"), std::vector<uint32_t>{0});
    EXPECT_EQ(fdt_cells(fdt, "/cpus/cpu@1", "reg"), std::vector<uint32_t>{1});
    EXPECT_EQ(fdt_str(fdt, "/cpus/cpu@1", "enable-method"), "<no property>");
    EXPECT_EQ(fdt_cells(fdt, "/memory@58000000", "reg"), (std::vector<uint32_t>{0, 0x58000000, 0, 0x20000000}));
    // Other devices stay for dom0.
    EXPECT_GE(fdt_path_offset(fdt, "/pl031@9010000"), 0);
    EXPECT_GE(fdt_path_offset(fdt, "/intc@8000000/v2m@8020000"), 0);
}

} // namespace
} // namespace hv
