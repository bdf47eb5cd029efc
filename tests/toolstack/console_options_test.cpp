// xenconsoled's command line: Xen 4.17's options, and errors for the rest.
#include <gtest/gtest.h>

#include "console/options.hpp"

namespace console {
namespace {

using Action = ParsedCommandLine::Action;

TEST(ConsoleOptions, Defaults)
{
    ParsedCommandLine p = parse_options({});
    ASSERT_EQ(p.action, Action::Run);
    EXPECT_FALSE(p.options.interactive);
    EXPECT_EQ(p.options.log, LogSet::None);
    EXPECT_EQ(p.options.timestamp, LogSet::None);
    EXPECT_EQ(p.options.log_dir, "/var/log/xen/console");
    EXPECT_TRUE(p.options.discard_overflow);
    EXPECT_TRUE(p.options.pid_file.empty());
}

TEST(ConsoleOptions, AllForms)
{
    ParsedCommandLine p = parse_options({"-i", "--log=all", "--log-dir", "/tmp/c", "--pid-file=/run/xc.pid", "-tguest",
                                         "-o", "keep", "-v", "--replace-escape"});
    ASSERT_EQ(p.action, Action::Run) << p.error;
    EXPECT_TRUE(p.options.interactive);
    EXPECT_TRUE(p.options.verbose);
    EXPECT_TRUE(p.options.replace_escape);
    EXPECT_EQ(p.options.log, LogSet::All);
    EXPECT_EQ(p.options.log_dir, "/tmp/c");
    EXPECT_EQ(p.options.pid_file, "/run/xc.pid");
    EXPECT_EQ(p.options.timestamp, LogSet::Guest);
    EXPECT_FALSE(p.options.discard_overflow);

    p = parse_options({"--interactive", "--timestamp", "hv", "--overflow-data=discard", "--log", "guest"});
    ASSERT_EQ(p.action, Action::Run) << p.error;
    EXPECT_EQ(p.options.timestamp, LogSet::Hv);
    EXPECT_EQ(p.options.log, LogSet::Guest);
    EXPECT_TRUE(p.options.discard_overflow);

    p = parse_options({"-iv"});
    EXPECT_TRUE(p.options.interactive && p.options.verbose);
}

TEST(ConsoleOptions, HelpAndVersion)
{
    EXPECT_EQ(parse_options({"-h"}).action, Action::Help);
    EXPECT_EQ(parse_options({"--help"}).action, Action::Help);
    EXPECT_EQ(parse_options({"-V"}).action, Action::Version);
    EXPECT_EQ(parse_options({"--version"}).action, Action::Version);
}

TEST(ConsoleOptions, ErrorsAreOneLine)
{
    for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
             {"--bogus"}, {"-x"}, {"--log=sometimes"}, {"-t", "never"}, {"-o", "drop"}, {"--log"}, {"-t"},
             {"--interactive=yes"}, {"stray"}, {"--log-dir="}}) {
        ParsedCommandLine p = parse_options(args);
        EXPECT_EQ(p.action, Action::Error) << args[0];
        EXPECT_FALSE(p.error.empty()) << args[0];
        EXPECT_EQ(p.error.find('\n'), std::string::npos) << p.error;
    }
    EXPECT_NE(parse_options({"--bogus"}).error.find("--bogus"), std::string::npos);
}

} // namespace
} // namespace console
