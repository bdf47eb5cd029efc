// xl: the Xen toolstack's command line, compatible with Xen 4.17's.
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "cli/commands.hpp"

int main(int argc, char** argv)
{
    xl::Globals globals;
    // Global options come before the sub-command, as getopt("+vftTN") reads
    // them (its own message for a bad one, then xl's).
    int opt;
    while ((opt = getopt(argc, argv, "+vftTN")) != -1) {
        switch (opt) {
        case 'v': ++globals.verbose; break;
        case 'N': globals.dry_run = true; break;
        case 'f': globals.force = true; break;
        case 't': globals.progress_with_cr = true; break;
        case 'T': globals.timestamps = true; break;
        default: std::fprintf(stderr, "unknown global option\n"); return 1;
        }
    }
    if (optind >= argc) {
        xl::print_help();
        return 1;
    }
    std::vector<std::string> args(argv + optind, argv + argc);
    if (args[0] == "help") return xl::cmd_help(globals, args);
    const xl::Command* command = xl::find_command(args[0]);
    if (!command) {
        std::fprintf(stderr, "command not implemented\n");
        return 1;
    }
    if (globals.dry_run && !(command->usage && std::strchr(command->usage->global_flags, 'N'))) {
        std::fprintf(stderr, "command does not implement -N (dryrun) option\n");
        return 1;
    }
    if (command->deprecation) std::fputs(command->deprecation, stderr);
    if (command->handler) return command->handler(globals, args);
    // Not implemented yet: the command line is still checked as xl does.
    int exit_code = 0;
    if (!xl::parse_command_line(*command, args, exit_code)) return exit_code;
    std::fprintf(stderr, "xl: `%s' is not implemented yet\n", command->name);
    return 1;
}
