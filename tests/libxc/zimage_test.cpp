// The zImage loader on Debian's real armhf kernel and on broken images.
#include <gtest/gtest.h>

#include "error.hpp"
#include "test_files.hpp"
#include "zimage.hpp"

namespace xc {
namespace {

std::string error_of(std::span<const uint8_t> image)
{
    try {
        load_zimage32(image, 0x40000000);
    } catch (const BuildError& e) {
        return e.what();
    }
    return "";
}

void put_word(std::vector<uint8_t>& image, size_t offset, uint32_t v)
{
    for (int i = 0; i < 4; ++i) image[offset + i] = uint8_t(v >> (8 * i));
}

TEST(ZImage, DebianKernelLoadsAtRamBasePlus32KiB)
{
    const auto& kernel = test::debian_kernel();
    ASSERT_GT(kernel.size(), 1u << 20) << "run 'make deps' to fetch Debian's kernel";
    KernelSegment seg = load_zimage32(kernel, 0x40000000);
    EXPECT_EQ(seg.start, 0x40008000u);
    EXPECT_EQ(seg.end, 0x40008000u + kernel.size());
    EXPECT_EQ(seg.entry, 0x40008000u); // position independent
}

TEST(ZImage, TooShortForTheHeader)
{
    std::vector<uint8_t> image(0x2f, 0);
    EXPECT_NE(error_of(image).find("too short"), std::string::npos) << error_of(image);
    EXPECT_NE(error_of({}).find("0 bytes"), std::string::npos);
}

TEST(ZImage, WrongMagic)
{
    std::vector<uint8_t> image = test::debian_kernel();
    image[0x24] ^= 0xff;
    EXPECT_NE(error_of(image).find("no magic 0x016f2818"), std::string::npos) << error_of(image);
}

TEST(ZImage, TruncatedFileIsRefused)
{
    const auto& kernel = test::debian_kernel();
    std::vector<uint8_t> half(kernel.begin(), kernel.begin() + kernel.size() / 2);
    std::string error = error_of(half);
    EXPECT_NE(error.find("truncated"), std::string::npos) << error;
    EXPECT_NE(error.find(std::to_string(kernel.size())), std::string::npos) << error;
    std::vector<uint8_t> one_short(kernel.begin(), kernel.end() - 1);
    EXPECT_NE(error_of(one_short).find("truncated"), std::string::npos);
}

TEST(ZImage, CorruptStartAndEnd)
{
    std::vector<uint8_t> image = test::debian_kernel();
    put_word(image, 0x2c, 0);
    EXPECT_NE(error_of(image).find("corrupt"), std::string::npos) << error_of(image);
    put_word(image, 0x28, 0x50000000);
    put_word(image, 0x2c, 0x50001000);
    EXPECT_NE(error_of(image).find("outside where it is loaded"), std::string::npos) << error_of(image);
}

TEST(ZImage, AbsoluteStartInsideTheImageIsTheEntry)
{
    std::vector<uint8_t> image(0x1000, 0);
    put_word(image, 0x24, kZImage32Magic);
    put_word(image, 0x28, 0x40008000);
    put_word(image, 0x2c, 0x40009000);
    KernelSegment seg = load_zimage32(image, 0x40000000);
    EXPECT_EQ(seg.entry, 0x40008000u);
    EXPECT_EQ(seg.end, 0x40009000u);
}

TEST(ZImage, ExtraBytesAfterTheImageAreKept)
{
    std::vector<uint8_t> image = test::debian_kernel();
    image.resize(image.size() + 4096, 0xee); // e.g. an appended device tree
    KernelSegment seg = load_zimage32(image, 0x40000000);
    EXPECT_EQ(seg.end - seg.start, image.size());
}

} // namespace
} // namespace xc
