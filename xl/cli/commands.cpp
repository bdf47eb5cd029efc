#include "cli/commands.hpp"

#include <cstdio>
#include <cstring>

namespace xl {
namespace {

struct Extra {
    const char* name;
    const char* global_flags;
    const char* usage;
    const char* options;
    Handler handler;
};

// Usage and options as Xen 4.17's xl prints them, for the commands whose
// help texts users and scripts rely on; the rest use the summary alone.
const Extra kExtras[] = {
    {"create", "tTfN", "<ConfigFile> [options] [vars]",
     "-c                      Connect to the console after the domain is created.\n"
     "-d                      Enable debug messages.\n"
     "-e                      Do not wait in the background for the death of the domain.\n"
     "-F                      Run in foreground until death of the domain.\n"
     "-f FILE, --defconfig=FILE\n"
     "                     Use the given configuration file.\n"
     "-h                      Print this help.\n"
     "-n, --dryrun            Dry run - prints the resulting configuration\n"
     "                         (deprecated in favour of global -N option).\n"
     "-p                      Leave the domain paused after it is created.\n"
     "-q, --quiet             Quiet.\n"
     "-V, --vncviewer         Connect to the VNC display after the domain is created.\n"
     "-A, --vncviewer-autopass\n"
     "                        Pass VNC password to viewer via stdin.\n"
     "--ignore-global-affinity-masks Ignore global masks in xl.conf.",
     cmd_create},
    {"list", "tT", "[options] [Domain]\n",
     "-l, --long              Output all VM details\n"
     "-v, --verbose           Prints out UUIDs and security context\n"
     "-Z, --context           Prints out security context\n"
     "-c, --cpupool           Prints the cpupool the domain is in\n"
     "-n, --numa              Prints out NUMA node affinity",
     nullptr},
    {"destroy", "tT", "<Domain>", nullptr, nullptr},
    {"shutdown", "tT", "[options] <-a|Domain>", nullptr, nullptr},
    {"reboot", "tT", "[options] <-a|Domain>", nullptr, nullptr},
    {"console", "tT", "[options] <Domain>", nullptr, nullptr},
    {"info", "tT", "[-n|--numa]", nullptr, nullptr},
    {"pause", "tT", "<Domain>", nullptr, nullptr},
    {"unpause", "tT", "<Domain>", nullptr, nullptr},
    {"domid", "tT", "<DomainName>", nullptr, nullptr},
    {"domname", "tT", "<DomainId>", nullptr, nullptr},
    {"rename", "tT", "<Domain> <NewDomainName>", nullptr, nullptr},
    {"mem-set", "tT", "<Domain> <MemMB['b'|'k'|'m'|'g']>", nullptr, nullptr},
    {"mem-max", "tT", "<Domain> <MemMB['b'|'k'|'m'|'g']>", nullptr, nullptr},
    {"vcpu-list", "tT", "[Domain, ...]", nullptr, nullptr},
    {"vcpu-set", "tT", "<Domain> <vCPUs>", nullptr, nullptr},
    {"uptime", "tT", "[-s] [Domain]", nullptr, nullptr},
    {"block-attach", "tT", "<Domain> <disk-spec-component(s)>...", nullptr, nullptr},
    {"block-list", "tT", "<Domain(s)>", nullptr, nullptr},
    {"block-detach", "tT", "<Domain> <DevId>", nullptr, nullptr},
    {"network-attach", "tT", "<Domain> [type=<type>] [mac=<mac>] [bridge=<bridge>] ...", nullptr, nullptr},
    {"network-list", "tT", "<Domain(s)>", nullptr, nullptr},
    {"network-detach", "tT", "<Domain> <DevId|mac>", nullptr, nullptr},
    {"dmesg", "tT", "[-c]", nullptr, nullptr},
};

} // namespace

const std::vector<Command>& commands()
{
    static const std::vector<Command> table = [] {
        std::vector<Command> t;
        for (const CommandInfo& info : command_summaries()) {
            Command c{info.name, info.summary};
            for (const Extra& e : kExtras)
                if (std::strcmp(e.name, info.name) == 0) {
                    c.global_flags = e.global_flags;
                    c.usage = e.usage;
                    c.options = e.options;
                    c.handler = e.handler;
                }
            t.push_back(c);
        }
        return t;
    }();
    return table;
}

const Command* find_command(const std::string& name)
{
    for (const Command& c : commands())
        if (name == c.name) return &c;
    return nullptr;
}

int print_help()
{
    std::printf("Usage xl [-vfNtT] <subcommand> [args]\n\nxl full list of subcommands:\n\n");
    for (const Command& c : commands()) {
        std::printf(" %-19s ", c.name);
        if (std::strlen(c.name) > 19) std::printf("\n %-19s ", "");
        std::printf("%s\n", c.summary);
    }
    return 0;
}

int print_command_help(const Command& c)
{
    std::printf("Usage: xl [-v%s] %s %s\n\n%s.\n\n", c.global_flags, c.name, c.usage, c.summary);
    if (c.options) std::printf("Options:\n\n%s\n", c.options);
    return 0;
}

int cmd_help(const Globals&, const std::vector<std::string>& args)
{
    if (args.size() > 1) {
        if (const Command* c = find_command(args[1])) return print_command_help(*c);
    }
    return print_help();
}

} // namespace xl
