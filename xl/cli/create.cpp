// xl create: parse the configuration (with `key=value` overrides from the
// command line); print it as libxl's JSON (-n / -N), or hand that JSON to the
// toolstack daemon, which builds the domain. -c attaches the console before
// the guest runs; -p leaves it paused.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include <unistd.h>

#include <fstream>
#include <iterator>

#include "cli/commands.hpp"
#include "cli/console_attach.hpp"
#include "cli/daemon_client.hpp"
#include "cli/dryrun_json.hpp"
#include "config/domain_config.hpp"

namespace xl {
namespace {

std::string absolute(const std::string& path)
{
    char cwd[4096];
    if (!::getcwd(cwd, sizeof(cwd))) return path;
    return std::string(cwd) + "/" + path;
}

std::string read_text(const std::string& file)
{
    std::ifstream in(file);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

int create_domain(const cfg::DomainConfig& domain, const std::string& file, bool paused, bool console)
{
    return with_daemon([&](DaemonClient& client) {
        json::Value fields = json::Value::object();
        fields.set("config", json::parse(dryrun_json(domain)));
        fields.set("source", json::Value::string(read_text(file)));
        fields.set("source_file", json::Value::string(file[0] == '/' ? file : absolute(file)));
        // With -c the guest starts once the console is attached.
        fields.set("paused", json::Value::boolean(paused || console));
        int64_t domid;
        try {
            domid = client.call("create", fields).get("domid")->as_integer("domid");
        } catch (const DaemonError& e) {
            std::fprintf(stderr, "libxl: error: %s\n", e.what());
            return -e.rc(); // as xl: the negated libxl error code
        }
        if (!console) return 0;
        json::Value which = domain_request(std::to_string(domid));
        std::string tty;
        try {
            tty = client.call("console", which).get("tty")->as_string("tty");
        } catch (const DaemonError& e) {
            // The guest runs all the same; only the console is missing.
            std::fprintf(stderr, "Unable to attach console: %s\n", e.what());
        }
        if (!paused) client.call("unpause", which);
        return tty.empty() ? 1 : attach_console(tty);
    });
}

} // namespace

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
    if (dry_run) {
        std::fputs(dryrun_json(*domain).c_str(), stdout); // yajl ends the document with a newline
        return 0;
    }
    // The daemon reads the images: paths are made absolute from here.
    for (std::string* path : {&domain->kernel, &domain->ramdisk, &domain->device_tree})
        if (!path->empty() && (*path)[0] != '/') *path = absolute(*path);
    return create_domain(*domain, file, line->has("p"), line->has("c"));
}

} // namespace xl
