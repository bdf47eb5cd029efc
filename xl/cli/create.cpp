// xl create: parse the configuration (with `key=value` overrides from the
// command line) and, for now, print it (-n / -N). Building the domain needs
// the hypervisor's domctl, which comes next.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "cli/dryrun_json.hpp"
#include "config/domain_config.hpp"

namespace xl {

int cmd_create(const Globals& globals, const std::vector<std::string>& args)
{
    int exit_code = 0;
    auto line = parse_command_line(*find_command("create"), args, exit_code);
    if (!line) return exit_code;
    bool dry_run = globals.dry_run || line->has("n");
    std::string file = line->value("f");
    // As xl: `key=value` words override the file, the first other word is the
    // file, and a second one (or one besides -f) is a usage error.
    std::vector<std::string> overrides;
    for (const std::string& word : line->positionals) {
        if (word.find('=') != std::string::npos) {
            overrides.push_back(word);
        } else if (file.empty()) {
            file = word;
        } else {
            print_command_help(*find_command("create"));
            return 2;
        }
    }
    // xl's words and exit statuses (libxl's ERROR_INVAL and ERROR_FAIL).
    if (file.empty()) {
        std::fprintf(stderr, "Config file not specified and none in save file\n");
        return 6;
    }
    if (std::FILE* f = std::fopen(file.c_str(), "r")) {
        std::fclose(f);
    } else {
        std::fprintf(stderr, "Failed to read config file: %s: %s\n", file.c_str(), std::strerror(errno));
        return 3;
    }
    if (!line->has("q")) std::fprintf(stderr, "Parsing config from %s\n", file.c_str());
    std::vector<cfg::Error> errors;
    auto config = cfg::Config::load(file, errors);
    for (const std::string& o : overrides)
        if (config) config->apply_override(o, errors);
    std::optional<cfg::DomainConfig> domain;
    if (config && errors.empty()) domain = cfg::domain_config_from(*config, errors);
    if (!domain || !errors.empty()) {
        for (const cfg::Error& e : errors) std::fprintf(stderr, "%s\n", e.format().c_str());
        std::fprintf(stderr, "Failed to parse config: Invalid argument\n");
        return 1;
    }
    for (const std::string& w : domain->warnings) std::fprintf(stderr, "%s\n", w.c_str());
    if (!dry_run) {
        std::fprintf(stderr, "xl create: creating domains is not implemented yet (use -n for a dry run)\n");
        return 1;
    }
    std::fputs(dryrun_json(*domain).c_str(), stdout); // yajl ends the document with a newline
    return 0;
}

} // namespace xl
