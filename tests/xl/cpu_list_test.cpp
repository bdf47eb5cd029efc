// CPU lists of `cpus`/`cpus_soft`, applied left to right.
#include "config/cpu_list.hpp"

#include <gtest/gtest.h>

namespace xl::cfg {
namespace {

std::vector<unsigned> cpus(const char* list, unsigned host = 8)
{
    std::string error;
    auto map = parse_cpu_list(list, host, error);
    EXPECT_TRUE(map) << list << ": " << error;
    return map ? map->set_bits() : std::vector<unsigned>{};
}

TEST(CpuList, SinglesRangesAndExclusions)
{
    EXPECT_EQ(cpus("3"), (std::vector<unsigned>{3}));
    EXPECT_EQ(cpus("0-3,5,^1"), (std::vector<unsigned>{0, 2, 3, 5}));
    EXPECT_EQ(cpus("all,^0-6"), (std::vector<unsigned>{7}));
    EXPECT_EQ(cpus("1,,2"), (std::vector<unsigned>{1, 2})); // empty items are skipped
    EXPECT_EQ(cpus("0, 2- 3"), (std::vector<unsigned>{0, 2, 3})); // spaces before numbers, as strtoul
    EXPECT_EQ(cpus("+1"), (std::vector<unsigned>{1}));
}

TEST(CpuList, BitmapIsWholeBytesOfTheHost)
{
    EXPECT_EQ(cpus("all", 2).size(), 8u);
    EXPECT_EQ(cpus("all", 12).size(), 16u);
    EXPECT_EQ(cpus("7-9", 2), (std::vector<unsigned>{7})); // beyond the bitmap: ignored
}

TEST(CpuList, TheSingleNumaNodeHoldsEveryCpu)
{
    EXPECT_EQ(cpus("node:0", 4), (std::vector<unsigned>{0, 1, 2, 3}));
    EXPECT_EQ(cpus("nodes:0,^2", 4), (std::vector<unsigned>{0, 1, 3}));
}

TEST(CpuList, Malformed)
{
    std::string error;
    for (const char* bad : {"x", "1-", "-1", "3-1", "1.5", "^all", "node:1", "1 ", "99999999999999999999999", "+-1"}) {
        error.clear();
        EXPECT_FALSE(parse_cpu_list(bad, 8, error)) << bad;
        EXPECT_FALSE(error.empty()) << bad;
    }
}

} // namespace
} // namespace xl::cfg
