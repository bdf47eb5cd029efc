// The buffer between a console's ring and its pty: the cap from `limit`
// and what overflow discard or keep do with it.
#include <gtest/gtest.h>

#include "console/output_buffer.hpp"

namespace console {
namespace {

TEST(ConsoleBuffer, AppendsAndConsumes)
{
    OutputBuffer b(100, true);
    b.append("hello ");
    b.append("world");
    EXPECT_EQ(b.data(), "hello world");
    b.consume(6);
    EXPECT_EQ(b.data(), "world");
    b.consume(100);
    EXPECT_TRUE(b.empty());
}

TEST(ConsoleBuffer, DiscardDropsTheOldestBeyondFiveQuartersOfTheCap)
{
    OutputBuffer b(100, true);
    b.append(std::string(100, 'a'));
    b.append(std::string(25, 'b')); // 125 = 5/4 of the cap: kept
    EXPECT_EQ(b.size(), 125u);
    EXPECT_TRUE(b.has_room());
    b.append("c"); // over: back to the cap, oldest first
    EXPECT_EQ(b.size(), 100u);
    EXPECT_EQ(b.discarded(), 26u);
    EXPECT_EQ(b.data().back(), 'c');
    EXPECT_EQ(b.data().substr(0, 74), std::string(74, 'a'));
}

TEST(ConsoleBuffer, DiscardAfterPartialConsume)
{
    OutputBuffer b(8, true);
    b.append("0123456789"); // exactly 5/4 of 8
    b.consume(3);
    b.append("abcdef"); // 13 > 10: keep the last 8
    EXPECT_EQ(b.data(), "89abcdef");
}

TEST(ConsoleBuffer, KeepStopsTakingAtTheCap)
{
    OutputBuffer b(10, false);
    b.append(std::string(10, 'x'));
    EXPECT_FALSE(b.has_room());
    b.append(std::string(10, 'y')); // never dropped
    EXPECT_EQ(b.size(), 20u);
    b.consume(11);
    EXPECT_TRUE(b.has_room());
}

TEST(ConsoleBuffer, NoCapMeansNoLimit)
{
    OutputBuffer b(0, true);
    b.append(std::string(1 << 20, 'z'));
    EXPECT_EQ(b.size(), size_t(1) << 20);
    EXPECT_TRUE(b.has_room());
}

} // namespace
} // namespace console
