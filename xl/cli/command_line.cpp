// A command's options and arguments, parsed with GNU getopt_long exactly as
// xl's commands parse theirs (so the same command lines work, and the same
// ones are refused with the same words).
#include <getopt.h>

#include <cstdio>
#include <cstring>

#include "cli/commands.hpp"

namespace xl {

bool CommandLine::has(const std::string& option) const
{
    for (const auto& [name, value] : options)
        if (name == option) return true;
    return false;
}

std::string CommandLine::value(const std::string& option) const
{
    std::string last;
    for (const auto& [name, value] : options)
        if (name == option) last = value;
    return last;
}

std::optional<CommandLine> parse_command_line(const Command& c, const std::vector<std::string>& args, int& exit_code)
{
    CommandLine line;
    const CommandUsage* u = c.usage;
    if (!u || !u->optstring) { // the command reads its arguments itself
        line.positionals.assign(args.begin() + 1, args.end());
        return line;
    }
    // Long-only options get values past any character.
    constexpr int kLongOnly = 256;
    std::vector<option> longs;
    for (size_t i = 0; i < u->long_options.size(); ++i) {
        const LongOption& l = u->long_options[i];
        longs.push_back({l.name, l.has_arg ? required_argument : no_argument, nullptr,
                         l.short_name ? l.short_name : kLongOnly + int(i)});
    }
    longs.push_back({"help", no_argument, nullptr, 'h'});
    longs.push_back({nullptr, 0, nullptr, 0});
    // "+": options stop at the first argument, as xl's do (`xl create g.cfg
    // -q` is two arguments).
    std::string optstring = std::string("+h") + u->optstring;

    std::vector<std::string> storage(args);
    std::vector<char*> argv;
    for (auto& a : storage) argv.push_back(a.data());
    argv.push_back(nullptr);
    optind = 0; // a full re-initialisation of getopt's state
    opterr = 0;
    for (;;) {
        int opt = getopt_long(int(argv.size() - 1), argv.data(), optstring.c_str(), longs.data(), nullptr);
        if (opt == -1) break;
        if (opt == 'h') {
            print_command_help(c);
            exit_code = 0;
            return std::nullopt;
        }
        if (opt == '?' || opt == ':') {
            // As xl: the letter, or a NUL byte for a long option.
            std::fputs("option `", stderr);
            std::fputc(optopt, stderr);
            std::fputs("' not supported.\n", stderr);
            exit_code = 2;
            return std::nullopt;
        }
        std::string name = opt >= kLongOnly ? u->long_options[size_t(opt - kLongOnly)].name : std::string(1, char(opt));
        line.options.emplace_back(name, optarg ? optarg : "");
    }
    for (size_t i = size_t(optind); i + 1 < argv.size(); ++i) line.positionals.push_back(argv[i]);
    if (int(line.positionals.size()) < u->min_args) {
        std::fprintf(stderr, "'xl %s' requires at least %d argument%s.\n\n", c.name, u->min_args,
                     u->min_args > 1 ? "s" : "");
        print_command_help(c);
        exit_code = 2;
        return std::nullopt;
    }
    return line;
}

} // namespace xl
