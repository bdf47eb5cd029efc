#include "cli/commands.hpp"

#include <cstdio>
#include <cstring>

namespace xl {
namespace {

struct Implementation {
    const char* name;
    Handler handler;
};
const Implementation kImplemented[] = {
    {"create", cmd_create},   {"list", cmd_list},       {"destroy", cmd_destroy}, {"shutdown", cmd_shutdown},
    {"reboot", cmd_reboot},   {"pause", cmd_pause},     {"unpause", cmd_unpause}, {"rename", cmd_rename},
    {"domid", cmd_domid},     {"domname", cmd_domname}, {"console", cmd_console},
    {"info", cmd_info},       {"uptime", cmd_uptime},   {"dmesg", cmd_dmesg},     {"vcpu-list", cmd_vcpu_list},
    {"vcpu-pin", cmd_vcpu_pin}, {"vcpu-set", cmd_vcpu_set}, {"mem-set", cmd_mem_set}, {"mem-max", cmd_mem_max},
    {"debug-keys", cmd_debug_keys},
    {"block-attach", cmd_block_attach}, {"block-list", cmd_block_list}, {"block-detach", cmd_block_detach},
    {"network-attach", cmd_network_attach}, {"network-list", cmd_network_list}, {"network-detach", cmd_network_detach},
};

struct Deprecation {
    const char* name;
    const char* warning;
};
const Deprecation kDeprecated[] = {
    {"button-press", "WARNING: \"button-press\" is deprecated. Please use \"trigger\"\n"},
    {"config-update", "WARNING: xl now has better capability to manage domain configuration, avoid using this "
                      "command when possible\n"},
};

} // namespace

const std::vector<Command>& commands()
{
    static const std::vector<Command> table = [] {
        std::vector<Command> t;
        for (const CommandInfo& info : command_summaries()) {
            Command c{info.name, info.summary};
            for (const CommandUsage& u : command_usages())
                if (std::strcmp(u.name, info.name) == 0) c.usage = &u;
            for (const Implementation& i : kImplemented)
                if (std::strcmp(i.name, info.name) == 0) c.handler = i.handler;
            for (const Deprecation& d : kDeprecated)
                if (std::strcmp(d.name, info.name) == 0) c.deprecation = d.warning;
            t.push_back(c);
        }
        return t;
    }();
    return table;
}

const Command* find_command(const std::string& name)
{
    // An exact name, else a prefix of exactly one command (`xl li`), as xl.
    const Command* prefix_of = nullptr;
    unsigned prefixes = 0;
    for (const Command& c : commands()) {
        if (name == c.name) return &c;
        if (!name.empty() && std::strncmp(c.name, name.c_str(), name.size()) == 0) prefix_of = &c, ++prefixes;
    }
    return prefixes == 1 ? prefix_of : nullptr;
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
    const CommandUsage* u = c.usage;
    std::printf("Usage: xl [-v%s] %s %s\n\n%s.\n\n", u ? u->global_flags : "tT", c.name, u ? u->usage : "", c.summary);
    if (u && u->options) std::printf("Options:\n\n%s\n", u->options);
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
