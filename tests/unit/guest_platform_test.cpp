// The leaf library the hypervisor's boot-time builder and libxc share
// (hypervisor/shared/guest_platform/): a domU's device tree as libxl builds
// it, read back with libfdt node by node, and where its modules go.
#include <libfdt.h>

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "fdt_read.hpp"
#include "shared/guest_platform/guest_dtb.hpp"
#include "shared/guest_platform/module_placement.hpp"

namespace guest_platform {
namespace {

using test::fdt_cells;
using test::fdt_str;

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
    ASSERT_EQ(build_guest_dtb(spec, buf.data(), buf.size(), size), DtbResult::Ok);
    const void* fdt = buf.data();
    ASSERT_EQ(fdt_check_header(fdt), 0);
    EXPECT_EQ(size, fdt_totalsize(fdt));
    EXPECT_EQ(fdt_str(fdt, "/", "model"), std::string("XENVM-4.17\0", 11));
    EXPECT_EQ(fdt_str(fdt, "/", "compatible"), std::string("xen,xenvm-4.17\0xen,xenvm\0", 25));
    EXPECT_EQ(fdt_cells(fdt, "/", "interrupt-parent"), std::vector<uint32_t>{65000});
    EXPECT_EQ(fdt_str(fdt, "/chosen", "bootargs"), std::string("console=hvc0 root=/dev/xvda\0", 28));
    EXPECT_EQ(fdt_cells(fdt, "/chosen", "linux,initrd-start"), (std::vector<uint32_t>{0, 0x48000000}));
    EXPECT_EQ(fdt_cells(fdt, "/chosen", "linux,initrd-end"), (std::vector<uint32_t>{0, 0x48a00000}));
    EXPECT_EQ(fdt_cells(fdt, "/cpus/cpu@1", "reg"), std::vector<uint32_t>{1});
    EXPECT_EQ(fdt_str(fdt, "/cpus/cpu@0", "enable-method"), std::string("psci\0", 5));
    EXPECT_EQ(fdt_str(fdt, "/psci", "method"), std::string("hvc\0", 4));
    EXPECT_EQ(fdt_cells(fdt, "/memory@40000000", "reg"), (std::vector<uint32_t>{0, 0x40000000, 0, 0x08000000}));
    EXPECT_EQ(fdt_cells(fdt, "/interrupt-controller@3001000", "reg"),
              (std::vector<uint32_t>{0, 0x03001000, 0, 0x1000, 0, 0x03002000, 0, 0x2000}));
    EXPECT_EQ(fdt_cells(fdt, "/interrupt-controller@3001000", "phandle"), std::vector<uint32_t>{65000});
    EXPECT_EQ(fdt_cells(fdt, "/timer", "interrupts"),
              (std::vector<uint32_t>{1, 13, 0xf08, 1, 14, 0xf08, 1, 11, 0xf08}));
    EXPECT_EQ(fdt_str(fdt, "/hypervisor", "compatible"), std::string("xen,xen-4.17\0xen,xen\0", 21));
    EXPECT_EQ(fdt_cells(fdt, "/hypervisor", "reg"), (std::vector<uint32_t>{0, 0x38000000, 0, 0x01000000}));
    EXPECT_EQ(fdt_cells(fdt, "/hypervisor", "interrupts"), (std::vector<uint32_t>{1, 15, 0xf08}));
    EXPECT_LT(fdt_path_offset(fdt, "/sbsa-uart@22000000"), 0); // only when asked for
}

TEST(GuestDtb, RefusesImpossibleSpecs)
{
    std::vector<char> buf(512);
    GuestDtbSpec spec;
    spec.memory[0] = {0x40000000, 1u << 20};
    spec.memory_banks = 1;
    size_t size = 0;
    EXPECT_EQ(build_guest_dtb(spec, buf.data(), buf.size(), size), DtbResult::BufferFull); // too small a buffer
    spec.memory_banks = 0;
    EXPECT_EQ(build_guest_dtb(spec, buf.data(), buf.size(), size), DtbResult::Invalid);
}

TEST(GuestDtb, UnitAddressesInNodeNames)
{
    std::vector<char> buf(16384);
    GuestDtbSpec spec;
    spec.vcpus = 17; // MPIDR affinity: cpu@10 is Aff0 0, Aff1 1 (0x100)
    spec.memory[0] = {0x40000000, 1u << 30};
    spec.memory[1] = {0x200000000, 1u << 30};
    spec.memory_banks = 2;
    spec.vuart = true;
    size_t size = 0;
    ASSERT_EQ(build_guest_dtb(spec, buf.data(), buf.size(), size), DtbResult::Ok);
    const void* fdt = buf.data();
    EXPECT_EQ(fdt_cells(fdt, "/cpus/cpu@f", "reg"), std::vector<uint32_t>{0xf});
    EXPECT_EQ(fdt_cells(fdt, "/cpus/cpu@100", "reg"), std::vector<uint32_t>{0x100});
    EXPECT_EQ(fdt_cells(fdt, "/memory@200000000", "reg"), (std::vector<uint32_t>{2, 0, 0, 0x40000000}));
    EXPECT_EQ(fdt_cells(fdt, "/sbsa-uart@22000000", "reg"), (std::vector<uint32_t>{0, 0x22000000, 0, 0x1000}));
    EXPECT_STREQ(dtb_result_name(DtbResult::BufferFull), "buffer too small");
}

TEST(ModulePlacement, As128MiBAboveTheBankWhenThereIsRoom)
{
    ModulePlacement p;
    ASSERT_TRUE(place_modules(0x40000000, 512u << 20, 0x47a00000, 0x47f00000, 0x100000, 0x2000, p));
    EXPECT_EQ(p.initrd, 0x48000000u);
    EXPECT_EQ(p.dtb, 0x48100000u);
    // A small bank: at its end, above the kernel.
    ASSERT_TRUE(place_modules(0x40000000, 16u << 20, 0x40008000, 0x40108000, 0, 0x1000, p));
    EXPECT_EQ(p.dtb, 0x40fff000u);
    // Kernel at the top: below it.
    ASSERT_TRUE(place_modules(0x40000000, 16u << 20, 0x40e00000, 0x40f00000, 0, 0x1000, p));
    EXPECT_EQ(p.dtb, 0x40dff000u);
    EXPECT_FALSE(place_modules(0x40000000, 4u << 20, 0x40000000, 0x40400000, 0x100000, 0x1000, p));
}

} // namespace
} // namespace guest_platform
