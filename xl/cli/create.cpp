// xl create: parse the configuration (with `key=value` overrides from the
// command line) and, for now, print it (-n / -N). Building the domain needs
// the hypervisor interfaces of libxc, which come next.
#include <cstdio>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "cli/dryrun_json.hpp"
#include "config/domain_config.hpp"

namespace xl {

int cmd_create(const Globals& globals, const std::vector<std::string>& args)
{
    bool dry_run = globals.dry_run;
    std::string file;
    std::vector<std::string> overrides;
    for (size_t i = 1; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "-n" || a == "--dryrun") {
            dry_run = true;
        } else if (a == "-h" || a == "--help") {
            return print_command_help(*find_command("create"));
        } else if (a == "-f" || a.rfind("--defconfig=", 0) == 0) {
            std::string value = a == "-f" ? (i + 1 < args.size() ? args[++i] : "") : a.substr(12);
            if (value.empty()) {
                std::fprintf(stderr, "xl create: -f needs a file name\n");
                return 2;
            }
            file = value;
        } else if (a == "-c" || a == "-d" || a == "-e" || a == "-F" || a == "-p" || a == "-q" || a == "--quiet" ||
                   a == "-V" || a == "--vncviewer" || a == "-A" || a == "--vncviewer-autopass" ||
                   a == "--ignore-global-affinity-masks") {
            // Accepted; they matter once domains are really created.
        } else if (!a.empty() && a[0] == '-') {
            std::fprintf(stderr, "xl create: unknown option '%s'\n", a.c_str());
            return 2;
        } else if (a.find('=') != std::string::npos) {
            overrides.push_back(a);
        } else if (file.empty()) {
            file = a;
        } else {
            overrides.push_back(a); // xl treats further words as overrides too: let the parser judge
        }
    }
    if (file.empty()) {
        std::fprintf(stderr, "xl create: no configuration file given\n");
        print_command_help(*find_command("create"));
        return 2;
    }
    std::fprintf(stderr, "Parsing config from %s\n", file.c_str());
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
    if (!dry_run) {
        std::fprintf(stderr, "xl create: creating domains is not implemented yet (use -n for a dry run)\n");
        return 1;
    }
    std::fputs(dryrun_json(*domain).c_str(), stdout); // yajl ends the document with a newline
    return 0;
}

} // namespace xl
