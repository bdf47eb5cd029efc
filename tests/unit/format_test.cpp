#include <gtest/gtest.h>

#include <string>

#include "lib/format.hpp"

namespace {

std::string fmt(const char* f, auto... args)
{
    char buf[128];
    hv::format_to(buf, sizeof buf, f, args...);
    return buf;
}

TEST(Format, Conversions)
{
    EXPECT_EQ(fmt("%d %i %u", -42, 7, 3000000000u), "-42 7 3000000000");
    EXPECT_EQ(fmt("%x %X %c %s %%", 0xbeefu, 0xbeefu, 'q', "str"), "beef BEEF q str %");
    EXPECT_EQ(fmt("%lld %llx", -9000000000ll, 0x123456789abcdefull), "-9000000000 123456789abcdef");
    EXPECT_EQ(fmt("%zu %lu", size_t(17), 18ul), "17 18");
    const char* volatile none = nullptr; // hidden from the compiler's format checks
    EXPECT_EQ(fmt("%s", none), "(null)");
}

TEST(Format, FlagsAndWidths)
{
    EXPECT_EQ(fmt("[%5d][%-5d][%05d]", 42, 42, -42), "[   42][42   ][-0042]");
    EXPECT_EQ(fmt("[%#x][%#010x][%#X]", 255u, 255u, 255u), "[0xff][0x000000ff][0XFF]");
    EXPECT_EQ(fmt("[%8s][%-8s]", "ab", "ab"), "[      ab][ab      ]");
    EXPECT_EQ(fmt("%d", INT32_MIN), "-2147483648");
}

TEST(Format, StringPrecision)
{
    EXPECT_EQ(fmt("[%.3s][%.*s][%.10s]", "abcdef", 2, "xyz", "ab"), "[abc][xy][ab]");
    EXPECT_EQ(fmt("[%5.2s]", "abc"), "[   ab]");
}

TEST(Format, TruncatesAndReportsTheFullLength)
{
    char buf[8];
    size_t n = hv::format_to(buf, sizeof buf, "%s-%d", "abcdef", 12345);
    EXPECT_EQ(n, 12u);
    EXPECT_STREQ(buf, "abcdef-");
    EXPECT_EQ(hv::format_to(nullptr, 0, "%d", 123), 3u);
}

TEST(Format, UnknownConversionIsPrintedAsIs)
{
    EXPECT_EQ(fmt("%q %"), "%q ");
}

} // namespace
