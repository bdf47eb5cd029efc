#pragma once
// xl's command table: one place that holds every sub-command, its summary,
// usage, options and handler. A command without a handler says so and
// exits non-zero.
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace xl {

struct Globals {
    int verbose = 0;
    bool dry_run = false; // -N
    bool force = false;   // -f
    bool progress_with_cr = false; // -t
    bool timestamps = false;       // -T
};

using Handler = int (*)(const Globals& globals, const std::vector<std::string>& args);

struct CommandInfo {
    const char* name;
    const char* summary;
};

struct LongOption {
    const char* name;
    bool has_arg;
    char short_name; // 0: a long option only
};

// How xl prints a command's help and checks its command line.
struct CommandUsage {
    const char* name;
    const char* global_flags; // the usage line's [-v...] letters after v
    const char* usage;
    const char* options;      // the --help "Options:" block, or nullptr
    int min_args;             // positional arguments required
    const char* optstring;    // getopt letters; nullptr: the command reads its arguments itself
    std::vector<LongOption> long_options;
};

struct Command {
    const char* name;
    const char* summary;
    const CommandUsage* usage = nullptr;
    Handler handler = nullptr;
    const char* deprecation = nullptr; // printed on stderr whenever it is run
};

// A command line as xl's commands take it (getopt_long; options first).
struct CommandLine {
    std::vector<std::pair<std::string, std::string>> options; // short letter or long name, and argument
    std::vector<std::string> positionals;
    bool has(const std::string& option) const;
    std::string value(const std::string& option) const; // the last one given
};

const std::vector<CommandInfo>& command_summaries();
const std::vector<CommandUsage>& command_usages();
const std::vector<Command>& commands();
const Command* find_command(const std::string& name);

int print_help();                          // `xl help`
int print_command_help(const Command& c);  // `xl CMD --help`

// Parses `args` (args[0] is the command) as xl does: -h/--help prints the
// help (exit 0); an unknown option or a missing option argument prints
// "option `X' not supported." (exit 2); too few positional arguments print
// "'xl CMD' requires at least N arguments." and the help (exit 2). Returns
// nullopt with `exit_code` set when the command must stop there.
std::optional<CommandLine> parse_command_line(const Command& c, const std::vector<std::string>& args, int& exit_code);

// Handlers
int cmd_help(const Globals&, const std::vector<std::string>& args);
int cmd_create(const Globals& globals, const std::vector<std::string>& args);
int cmd_list(const Globals& globals, const std::vector<std::string>& args);
int cmd_destroy(const Globals& globals, const std::vector<std::string>& args);
int cmd_shutdown(const Globals& globals, const std::vector<std::string>& args);
int cmd_reboot(const Globals& globals, const std::vector<std::string>& args);
int cmd_pause(const Globals& globals, const std::vector<std::string>& args);
int cmd_unpause(const Globals& globals, const std::vector<std::string>& args);
int cmd_rename(const Globals& globals, const std::vector<std::string>& args);
int cmd_domid(const Globals& globals, const std::vector<std::string>& args);
int cmd_domname(const Globals& globals, const std::vector<std::string>& args);
int cmd_console(const Globals& globals, const std::vector<std::string>& args);
int cmd_info(const Globals& globals, const std::vector<std::string>& args);
int cmd_uptime(const Globals& globals, const std::vector<std::string>& args);
int cmd_dmesg(const Globals& globals, const std::vector<std::string>& args);
int cmd_vcpu_list(const Globals& globals, const std::vector<std::string>& args);
int cmd_vcpu_pin(const Globals& globals, const std::vector<std::string>& args);
int cmd_vcpu_set(const Globals& globals, const std::vector<std::string>& args);
int cmd_mem_set(const Globals& globals, const std::vector<std::string>& args);
int cmd_mem_max(const Globals& globals, const std::vector<std::string>& args);
int cmd_debug_keys(const Globals& globals, const std::vector<std::string>& args);
int cmd_block_attach(const Globals& globals, const std::vector<std::string>& args);
int cmd_block_list(const Globals& globals, const std::vector<std::string>& args);
int cmd_block_detach(const Globals& globals, const std::vector<std::string>& args);
int cmd_network_attach(const Globals& globals, const std::vector<std::string>& args);
int cmd_network_list(const Globals& globals, const std::vector<std::string>& args);
int cmd_network_detach(const Globals& globals, const std::vector<std::string>& args);

} // namespace xl
