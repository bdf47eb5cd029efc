// The xl.cfg parser: every lexical case, every error with its file and
// line, += and overrides, typed lookups, and Debian's example files.
#include "config/config.hpp"

#include <gtest/gtest.h>

#include <filesystem>

namespace xl::cfg {
namespace {

struct Parsed {
    std::optional<Config> config;
    std::vector<Error> errors;
    std::string first_error() const { return errors.empty() ? "" : errors.front().format(); }
};

Parsed parse(std::string_view text)
{
    Parsed p;
    p.config = Config::parse(text, "guest.cfg", p.errors);
    return p;
}

TEST(XlCfg, StringsNumbersAndLists)
{
    auto p = parse("name = \"guest\"\nkernel='/boot/zImage' ; memory = 512\nvcpus=0x2\n"
                   "disk = [ 'file:/a,xvda,w',\n    \"phy:/dev/b,xvdb,r\", ]\n"
                   "nested = [ [1, 2], [ 'x' ], [] ]\nempty = []\n");
    ASSERT_TRUE(p.config) << p.first_error();
    const Config& c = *p.config;
    EXPECT_EQ(c.find("name")->text, "guest");
    EXPECT_EQ(c.find("kernel")->text, "/boot/zImage");
    EXPECT_EQ(c.find("memory")->kind, Value::Kind::Number);
    EXPECT_EQ(c.find("memory")->text, "512");
    EXPECT_EQ(c.find("memory")->line, 2);
    std::vector<Error> errors;
    EXPECT_EQ(c.get_number("vcpus", 1, 128, errors), 2);
    ASSERT_EQ(c.find("disk")->items.size(), 2u);
    EXPECT_EQ(c.find("disk")->items[1].text, "phy:/dev/b,xvdb,r");
    EXPECT_EQ(c.find("disk")->items[1].line, 5);
    ASSERT_EQ(c.find("nested")->items.size(), 3u);
    EXPECT_EQ(c.find("nested")->items[0].items[1].text, "2");
    EXPECT_TRUE(c.find("nested")->items[2].items.empty());
    EXPECT_TRUE(c.find("empty")->items.empty());
    EXPECT_EQ(c.find("absent"), nullptr);
}

TEST(XlCfg, EscapesInBothQuotes)
{
    auto p = parse(R"(a = "q\"s\'b\\t\tn\n" )" "\n" R"(b = 'single \' double " \x41\101' )");
    ASSERT_TRUE(p.config) << p.first_error();
    EXPECT_EQ(p.config->find("a")->text, "q\"s'b\\t\tn\n");
    EXPECT_EQ(p.config->find("b")->text, "single ' double \" AA");
}

TEST(XlCfg, CommentsAndBlankLinesAndLastLineWithoutNewline)
{
    auto p = parse("# a comment\n\n   \nname = 'x' # trailing comment\n;;\nvcpus = 4");
    ASSERT_TRUE(p.config) << p.first_error();
    EXPECT_EQ(p.config->settings().size(), 2u);
    EXPECT_EQ(p.config->setting("vcpus")->line, 6);
}

TEST(XlCfg, LastAssignmentWinsAndPlusEqualsConcatenates)
{
    auto p = parse("memory = 256\nmemory = 512\nextra = 'console=hvc0'\nextra += ' quiet'\n"
                   "vif = ['a']\nvif += ['b', 'c']\n");
    ASSERT_TRUE(p.config) << p.first_error();
    EXPECT_EQ(p.config->find("memory")->text, "512");
    EXPECT_EQ(p.config->find("extra")->text, "console=hvc0 quiet");
    EXPECT_EQ(p.config->find("vif")->items.size(), 3u);
    EXPECT_EQ(p.config->settings().size(), 6u); // as written
}

TEST(XlCfg, PlusEqualsTypeErrors)
{
    auto p = parse("memory = 256\nmemory += 1\n");
    EXPECT_FALSE(p.config);
    EXPECT_EQ(p.first_error(), "guest.cfg:2: `memory': can't use += with numbers");
    p = parse("vif = ['a']\nvif += 'b'\n");
    EXPECT_FALSE(p.config);
    EXPECT_NE(p.first_error().find("guest.cfg:2: `vif': += of a string"), std::string::npos);
}

TEST(XlCfg, SyntaxErrorsNameFileLineAndToken)
{
    struct Case {
        const char* text;
        const char* error;
    } cases[] = {
        {"type = pvh\n", "guest.cfg:1: config parsing error near `pvh': a bare word is not a value: quote it"},
        {"Name = 'x'\n", "guest.cfg:1: config parsing error near `Name': keys are lowercase letters, digits, '_' and '.'"},
        {"my-key = 1\n", "guest.cfg:1: config parsing error near `my-key': keys are lowercase letters, digits, '_' and '.'"},
        {"a = 'unterminated\n", "guest.cfg:1: config parsing error near `'unterminated': unterminated string (a string cannot contain a newline)"},
        {"a = 'bad \\q escape'\n", "guest.cfg:1: config parsing error near `'bad \\q escape'': unknown escape \\q in a string"},
        {"\n\na = [1, 2\n", "guest.cfg:4: config parsing error near `<newline>': expected `,' or `]' in a list"},
        {"a = 1 b = 2\n", "guest.cfg:1: config parsing error near `b': syntax error"},
        {"a = (1, 2)\n", "guest.cfg:1: config parsing error near `(1': unexpected character (this looks like Python, which xl.cfg is not)"},
        {"a\n", "guest.cfg:1: config parsing error near `<newline>': expected `=' or `+=' after the key"},
        {"= 3\n", "guest.cfg:1: config parsing error near `=': expected a key (lowercase letters, digits, '_', '.')"},
        {"a = [1 2]\n", "guest.cfg:1: config parsing error near `2': expected `,' or `]' in a list"},
        {"a = 1 \\\n  + 2\n", "guest.cfg:1: config parsing error near `\\': unexpected character"},
    };
    for (const Case& c : cases) {
        auto p = parse(c.text);
        EXPECT_FALSE(p.config) << c.text;
        EXPECT_EQ(p.first_error(), c.error) << c.text;
    }
}

TEST(XlCfg, BadEscapeRunningIntoTheEndOfInput)
{
    // Found by the fuzzer: skipping the rest of a bad string must stop at the
    // end of the input even when it ends in a backslash.
    for (const char* text : {"a = 'x\\q\\", "a = 'x\\q\\\\", "a = \"\\q"}) {
        auto p = parse(text);
        EXPECT_FALSE(p.config) << text;
        EXPECT_NE(p.first_error().find("unknown escape \\q"), std::string::npos) << p.first_error();
    }
}

TEST(XlCfg, BackslashNewlineDoesNotContinueAString)
{
    auto p = parse("a = 'one \\\ntwo'\nb = 'x\n");
    EXPECT_FALSE(p.config);
    ASSERT_GE(p.errors.size(), 2u);
    EXPECT_EQ(p.errors[0].line, 1);
    EXPECT_NE(p.errors[0].message.find("unterminated string"), std::string::npos) << p.first_error();
    EXPECT_EQ(p.errors.back().line, 3); // later lines keep their numbers
}

TEST(XlCfg, EveryBadLineIsReported)
{
    auto p = parse("a = 1\nb = bad\nc = 3\nd = worse\n");
    EXPECT_FALSE(p.config);
    ASSERT_EQ(p.errors.size(), 2u);
    EXPECT_EQ(p.errors[0].line, 2);
    EXPECT_EQ(p.errors[1].line, 4);
}

TEST(XlCfg, DeeplyNestedListsAreRefusedNotRecursedInto)
{
    std::string text = "a = " + std::string(100000, '[') + std::string(100000, ']') + "\n";
    auto p = parse(text);
    EXPECT_FALSE(p.config);
    EXPECT_NE(p.first_error().find("nested too deeply"), std::string::npos);
}

TEST(XlCfg, CommandLineOverrides)
{
    auto p = parse("memory = 256\nname = 'a'\n");
    ASSERT_TRUE(p.config);
    std::vector<Error> errors;
    EXPECT_TRUE(p.config->apply_override("memory=1024", errors));
    EXPECT_TRUE(p.config->apply_override("name+='-b'", errors));
    EXPECT_EQ(p.config->find("memory")->text, "1024");
    EXPECT_EQ(p.config->find("name")->text, "a-b");
    EXPECT_FALSE(p.config->apply_override("memory", errors));
    ASSERT_FALSE(errors.empty());
    EXPECT_EQ(errors.back().source, "command line");
    EXPECT_FALSE(p.config->apply_override("a=1;b=2", errors)); // one setting at a time
}

TEST(XlCfg, TypedLookupsAreStrict)
{
    auto p = parse("memory = 'lots'\nvcpus = \"4\"\nmaxvcpus = 0x10\nbig = 99999\nlist = [1]\nflag = 0\n");
    ASSERT_TRUE(p.config);
    const Config& c = *p.config;
    std::vector<Error> errors;
    EXPECT_FALSE(c.get_number("memory", 1, 1 << 20, errors));
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_EQ(errors[0].format(), "guest.cfg:1: `memory' must be a number, not \"lots\"");
    EXPECT_EQ(c.get_number("vcpus", 1, 128, errors), 4); // a string holding a number is a number
    EXPECT_EQ(c.get_number("maxvcpus", 1, 128, errors), 16);
    EXPECT_FALSE(c.get_number("big", 1, 1000, errors));
    EXPECT_EQ(errors.back().format(), "guest.cfg:4: `big' = 99999 is out of range (1 to 1000)");
    EXPECT_FALSE(c.get_string("list", errors));
    EXPECT_EQ(errors.back().line, 5);
    EXPECT_EQ(c.get_bool("flag", errors), false);
    EXPECT_EQ(c.get_string_list("vcpus", errors), std::vector<std::string>{"4"});
    EXPECT_EQ(to_number("010"), 8); // C rules: leading 0 is octal
    EXPECT_FALSE(to_number("12abc"));
}

TEST(XlCfg, MissingFileIsAnError)
{
    std::vector<Error> errors;
    EXPECT_FALSE(Config::load("/nonexistent/guest.cfg", errors));
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_EQ(errors[0].format(), "/nonexistent/guest.cfg:0: cannot open the configuration file");
}

TEST(XlCfg, DebiansExampleConfigsParse)
{
    namespace fs = std::filesystem;
    ASSERT_TRUE(fs::is_directory(XL_EXAMPLES_DIR)) << XL_EXAMPLES_DIR << " missing: run 'make deps'";
    unsigned seen = 0;
    for (const auto& entry : fs::directory_iterator(XL_EXAMPLES_DIR)) {
        std::string name = entry.path().filename().string();
        if (name.rfind("xlexample.", 0) != 0) continue;
        std::vector<Error> errors;
        auto c = Config::load(entry.path().string(), errors);
        EXPECT_TRUE(c) << name << ": " << (errors.empty() ? "" : errors[0].format());
        if (c) {
            EXPECT_TRUE(c->find("name")) << name;
        }
        ++seen;
    }
    EXPECT_GE(seen, 3u); // hvm, pvlinux, pvhlinux
}

} // namespace
} // namespace xl::cfg
