#pragma once
// xl's command table: one place that holds every sub-command, its summary,
// usage, options and handler. A command without a handler says so and
// exits non-zero.
#include <string>
#include <vector>

namespace xl {

struct Globals {
    int verbose = 0;
    bool dry_run = false; // -N
    bool force = false;   // -f
    bool timestamps = false;
};

using Handler = int (*)(const Globals& globals, const std::vector<std::string>& args);

struct CommandInfo {
    const char* name;
    const char* summary;
};

struct Command {
    const char* name;
    const char* summary;
    const char* global_flags = "tT"; // the usage line's [-v...] letters after v
    const char* usage = "";
    const char* options = nullptr;   // the --help "Options:" block
    Handler handler = nullptr;
};

const std::vector<CommandInfo>& command_summaries();
const std::vector<Command>& commands();
const Command* find_command(const std::string& name);

int print_help();                          // `xl help`
int print_command_help(const Command& c);  // `xl CMD --help`

// Handlers
int cmd_help(const Globals&, const std::vector<std::string>& args);
int cmd_create(const Globals& globals, const std::vector<std::string>& args);

} // namespace xl
