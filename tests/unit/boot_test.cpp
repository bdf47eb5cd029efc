// Boot-time logic: the zImage header (on Debian's real kernel), module
// placement, the hypervisor's command line and the device tree it reads.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <vector>

#include "boot/boot_args.hpp"
#include "boot/device_tree.hpp"
#include "boot/zimage.hpp"

namespace hv {
namespace {

std::vector<uint8_t> read_file(const char* path)
{
    std::ifstream in(path, std::ios::binary);
    return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), {});
}

TEST(ZImage, DebiansKernelIsAcceptedAndPlaced)
{
    auto image = read_file(DEBIAN_ZIMAGE_PATH);
    ASSERT_FALSE(image.empty()) << DEBIAN_ZIMAGE_PATH << " missing: run 'make deps'";
    ZImageInfo info;
    const char* error = nullptr;
    ASSERT_EQ(parse_zimage(image.data(), image.size(), info, error), Status::Ok) << error;
    EXPECT_EQ(info.start, 0u); // position independent
    EXPECT_GT(info.length, 1u << 20);
    EXPECT_LE(info.length, image.size());
    uint64_t load;
    ASSERT_TRUE(zimage_place(info, 0x58000000, 512ull << 20, load));
    EXPECT_EQ(load % (2u << 20), 0u);
    EXPECT_LE(load + info.length, 0x58000000u + (128u << 20));
    EXPECT_GE(load + info.length + (2u << 20), 0x58000000u + (128u << 20)); // as high as possible
}

TEST(ZImage, TruncatedOrCorruptedImagesAreRefused)
{
    auto image = read_file(DEBIAN_ZIMAGE_PATH);
    ASSERT_GT(image.size(), 0x100u) << DEBIAN_ZIMAGE_PATH << " missing: run 'make deps'";
    ZImageInfo info;
    const char* error = nullptr;
    EXPECT_EQ(parse_zimage(image.data(), 0x30, info, error), Status::Invalid);
    EXPECT_NE(error, nullptr);
    error = nullptr;
    EXPECT_EQ(parse_zimage(image.data(), image.size() / 2, info, error), Status::Invalid);
    EXPECT_NE(std::string(error).find("truncated"), std::string::npos);
    auto corrupt = image;
    corrupt[0x24] ^= 0xff;
    EXPECT_EQ(parse_zimage(corrupt.data(), corrupt.size(), info, error), Status::Invalid);
    EXPECT_NE(std::string(error).find("magic"), std::string::npos);
}

TEST(ZImage, PlacementRules)
{
    ZImageInfo fixed{0x40008000, 0x40108000, 0x100000};
    uint64_t load;
    ASSERT_TRUE(zimage_place(fixed, 0x40000000, 16u << 20, load));
    EXPECT_EQ(load, 0x40008000u);
    EXPECT_FALSE(zimage_place(fixed, 0x50000000, 16u << 20, load)); // its address is not this RAM
    ZImageInfo pic{0, 0x500000, 0x500000};
    ASSERT_TRUE(zimage_place(pic, 0x40000000, 16u << 20, load));
    EXPECT_EQ(load, 0x40a00000u); // highest 2 MiB spot in a 16 MiB bank
    EXPECT_FALSE(zimage_place(pic, 0x40000000, 4u << 20, load));
}

TEST(BootArgs, OptionsAndSizes)
{
    auto o = find_boot_option("console=dtuart dom0_mem=512M noreboot dom0_mem=1G", "dom0_mem");
    EXPECT_TRUE(o.found);
    EXPECT_EQ(o.value, "1G"); // the last one wins
    EXPECT_TRUE(find_boot_option("a noreboot b", "noreboot").found);
    EXPECT_EQ(find_boot_option("a noreboot b", "noreboot").value, "");
    EXPECT_FALSE(find_boot_option("dom0_memory=1", "dom0_mem").found);
    EXPECT_EQ(find_boot_option("x=a=b", "x").value, "a=b");
    uint64_t bytes;
    EXPECT_TRUE(parse_size("512M", bytes));
    EXPECT_EQ(bytes, 512ull << 20);
    EXPECT_TRUE(parse_size("2g", bytes));
    EXPECT_EQ(bytes, 2ull << 30);
    EXPECT_TRUE(parse_size("64k", bytes));
    EXPECT_EQ(bytes, 65536u);
    EXPECT_TRUE(parse_size("4096", bytes));
    EXPECT_EQ(bytes, 4096u);
    EXPECT_FALSE(parse_size("lots", bytes));
    EXPECT_FALSE(parse_size("12Q", bytes));
    EXPECT_FALSE(parse_size("1MB", bytes));
    EXPECT_FALSE(parse_size("99999999999999999999", bytes));
    EXPECT_FALSE(parse_size("17179869184G", bytes)); // overflows 64 bits
    EXPECT_FALSE(parse_size("", bytes));
}

TEST(DeviceTree, QemuVirtMachine)
{
    auto blob = read_file(TEST_DTB_PATH);
    ASSERT_FALSE(blob.empty());
    PlatformInfo p;
    const char* error = nullptr;
    ASSERT_EQ(parse_device_tree(blob.data(), p, error), Status::Ok) << error;
    ASSERT_EQ(p.memory_count, 1u);
    EXPECT_EQ(p.memory[0].base, 0x40000000u);
    EXPECT_EQ(p.memory[0].size, 1ull << 30);
    ASSERT_EQ(p.cpu_count, 2u);
    EXPECT_EQ(p.cpu_mpidr[0], 0u);
    EXPECT_EQ(p.cpu_mpidr[1], 1u);
    EXPECT_EQ(p.uart.base, 0x09000000u);
    EXPECT_STREQ(p.uart_compatible, "arm,pl011");
    EXPECT_EQ(p.uart_irq, 33u);
    EXPECT_EQ(p.gic_dist.base, 0x08000000u);
    EXPECT_EQ(p.gic_cpu.base, 0x08010000u);
    EXPECT_EQ(p.gic_hyp.base, 0x08030000u);
    EXPECT_EQ(p.gic_vcpu.base, 0x08040000u);
    EXPECT_EQ(p.gic_maintenance_irq, 25u);
    EXPECT_EQ(p.timer_irq[0], 29u);
    EXPECT_EQ(p.timer_irq[1], 30u);
    EXPECT_EQ(p.timer_irq[2], 27u);
    EXPECT_EQ(p.timer_irq[3], 26u);
    EXPECT_STREQ(p.hypervisor_bootargs, "console=dtuart dom0_mem=256M");
    EXPECT_STREQ(p.dom0_bootargs, "console=hvc0");
    EXPECT_EQ(p.dom0_kernel.kind, BootModule::Kind::Kernel);
    EXPECT_EQ(p.dom0_kernel.range.base, 0x50000000u);
    EXPECT_EQ(p.dom0_kernel.range.size, 0x1000u);
    ASSERT_EQ(p.domain_count, 1u);
    EXPECT_STREQ(p.domains[0].name, "domU1");
    EXPECT_EQ(p.domains[0].memory_kb, 0x4000u);
    EXPECT_EQ(p.domains[0].vcpus, 2u);
    EXPECT_EQ(p.domains[0].kernel.range.base, 0x58000000u);
    EXPECT_EQ(p.domains[0].kernel.range.size, 0x2000u);
    EXPECT_STREQ(p.domains[0].bootargs, "console=hvc0");
}

TEST(DeviceTree, MalformedBlobsAreRefused)
{
    std::vector<uint8_t> garbage(4096, 0xab);
    PlatformInfo p;
    const char* error = nullptr;
    EXPECT_EQ(parse_device_tree(garbage.data(), p, error), Status::Invalid);
    EXPECT_NE(error, nullptr);
    auto blob = read_file(TEST_DTB_PATH);
    ASSERT_GT(blob.size(), 64u);
    blob[8] = 0xff; // off_dt_struct beyond the blob
    error = nullptr;
    EXPECT_EQ(parse_device_tree(blob.data(), p, error), Status::Invalid);
    EXPECT_NE(error, nullptr);
}

} // namespace
} // namespace hv
