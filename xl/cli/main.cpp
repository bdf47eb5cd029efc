// xl: the Xen toolstack's command line, compatible with Xen 4.17's.
#include <cstdio>
#include <string>
#include <vector>

#include "cli/commands.hpp"

int main(int argc, char** argv)
{
    xl::Globals globals;
    int i = 1;
    // Global options come before the sub-command: -v (repeatable) -N -f -t -T.
    for (; i < argc && argv[i][0] == '-' && argv[i][1]; ++i) {
        for (const char* f = argv[i] + 1; *f; ++f) {
            switch (*f) {
            case 'v': ++globals.verbose; break;
            case 'N': globals.dry_run = true; break;
            case 'f': globals.force = true; break;
            case 't': globals.timestamps = true; break;
            case 'T': break;
            case 'h': return xl::print_help();
            default:
                std::fprintf(stderr, "xl: unknown global option -%c\n", *f);
                xl::print_help();
                return 2;
            }
        }
    }
    if (i >= argc) {
        xl::print_help();
        return 2;
    }
    std::vector<std::string> args(argv + i, argv + argc);
    if (args[0] == "help") return xl::cmd_help(globals, args);
    const xl::Command* command = xl::find_command(args[0]);
    if (!command) {
        std::fprintf(stderr, "command not implemented\n");
        return 1;
    }
    if (args.size() > 1 && (args[1] == "--help" || args[1] == "-h") && args[0] != "create")
        return xl::print_command_help(*command);
    if (!command->handler) {
        std::fprintf(stderr, "xl: `%s' is not implemented yet\n", command->name);
        return 1;
    }
    return command->handler(globals, args);
}
