// xl's command lines: options before and after arguments, long options,
// and the refusals xl gives (the oracle test compares them with Debian's xl).
#include <gtest/gtest.h>

#include "cli/commands.hpp"

namespace xl {
namespace {

std::optional<CommandLine> parse(std::vector<std::string> args, int& exit_code)
{
    testing::internal::CaptureStdout();
    testing::internal::CaptureStderr();
    auto line = parse_command_line(*find_command(args[0]), args, exit_code);
    testing::internal::GetCapturedStdout();
    testing::internal::GetCapturedStderr();
    return line;
}

TEST(CommandLine, OptionsFirstLongAndShort)
{
    int code = -1;
    auto line = parse({"create", "-p", "--defconfig=x.cfg", "--ignore-global-affinity-masks", "guest.cfg", "memory=64"}, code);
    ASSERT_TRUE(line);
    EXPECT_TRUE(line->has("p"));
    EXPECT_EQ(line->value("f"), "x.cfg");
    EXPECT_TRUE(line->has("ignore-global-affinity-masks"));
    EXPECT_EQ(line->positionals, (std::vector<std::string>{"guest.cfg", "memory=64"}));
    // After the first argument nothing is an option any more, as in xl.
    line = parse({"create", "guest.cfg", "-q"}, code);
    ASSERT_TRUE(line);
    EXPECT_EQ(line->positionals, (std::vector<std::string>{"guest.cfg", "-q"}));
}

TEST(CommandLine, UniquePrefixesNameCommands)
{
    EXPECT_STREQ(find_command("li")->name, "list");
    EXPECT_STREQ(find_command("sched-credit")->name, "sched-credit"); // exact wins over sched-credit2
    EXPECT_EQ(find_command("sched-cred"), nullptr);                   // ambiguous
    EXPECT_EQ(find_command(""), nullptr);
}

TEST(CommandLine, Refusals)
{
    int code = -1;
    EXPECT_FALSE(parse({"destroy"}, code));
    EXPECT_EQ(code, 2); // too few arguments
    EXPECT_FALSE(parse({"destroy", "-Q", "1"}, code));
    EXPECT_EQ(code, 2); // unknown option
    EXPECT_FALSE(parse({"create", "-f"}, code));
    EXPECT_EQ(code, 2); // missing option argument
    EXPECT_FALSE(parse({"list", "--help"}, code));
    EXPECT_EQ(code, 0);
    auto line = parse({"vcpu-pin", "-f", "1", "0", "all"}, code);
    ASSERT_TRUE(line);
    EXPECT_EQ(line->positionals.size(), 3u);
}

TEST(CommandLine, EveryCommandHasItsUsage)
{
    for (const Command& c : commands()) EXPECT_TRUE(c.usage) << c.name;
}

} // namespace
} // namespace xl
