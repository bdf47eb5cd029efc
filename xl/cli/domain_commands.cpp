// xl's commands on running domains, each a request to the toolstack daemon:
// destroy, shutdown, reboot, pause, unpause, rename, domid, domname, console.
#include <cstdio>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "cli/console_attach.hpp"
#include "cli/daemon_client.hpp"

namespace xl {
namespace {

// Parses the command line; nullopt means "stop with exit_code".
std::optional<CommandLine> parse(const char* name, const std::vector<std::string>& args, int& exit_code)
{
    return parse_command_line(*find_command(name), args, exit_code);
}

// pause, unpause, destroy: one request on one domain.
int simple(const char* name, const char* op, const std::vector<std::string>& args)
{
    int exit_code = 0;
    auto line = parse(name, args, exit_code);
    if (!line) return exit_code;
    return with_daemon([&](DaemonClient& client) {
        client.call(op, domain_request(line->positionals[0]));
        return 0;
    });
}

int shutdown_or_reboot(const char* name, bool reboot, const std::vector<std::string>& args)
{
    int exit_code = 0;
    auto line = parse(name, args, exit_code);
    if (!line) return exit_code;
    bool all = line->has("a"), wait = line->has("w");
    if (!all && line->positionals.empty()) {
        std::fprintf(stderr, "You must specify -a or a domain id.\n\n");
        print_command_help(*find_command(name));
        return 2;
    }
    return with_daemon([&](DaemonClient& client) {
        // Each target's domid and UUID, taken before the requests: the wait
        // is for that domain, which may be gone (or replaced) by then.
        std::vector<std::pair<long long, std::string>> targets;
        if (all) {
            for (const json::Value& d : client.call("list").get("domains")->items())
                if (d.get("domid")->as_integer("domid") != 0)
                    targets.emplace_back(d.get("domid")->as_integer("domid"), d.get("uuid")->as_string("uuid"));
        } else {
            json::Value r = client.call("resolve", domain_request(line->positionals[0]));
            targets.emplace_back(r.get("domid")->as_integer("domid"), r.get("uuid")->as_string("uuid"));
        }
        for (const auto& [domid, uuid] : targets) {
            std::fprintf(stderr, "%s domain %lld\n", reboot ? "Rebooting" : "Shutting down", domid);
            try {
                client.call(reboot ? "reboot" : "shutdown", domain_request(std::to_string(domid)));
            } catch (const DaemonError& e) {
                std::fprintf(stderr, "%s\n%s failed (rc=%d)\n", e.what(), reboot ? "reboot" : "shutdown", e.rc());
                return 1;
            }
        }
        if (!wait) return 0;
        std::fprintf(stderr, "Waiting for %zu domains\n", targets.size());
        for (const auto& [domid, uuid] : targets) {
            json::Value which = json::Value::object();
            which.set("domid", json::Value::integer(domid));
            which.set("uuid", json::Value::string(uuid));
            client.call("wait", which);
            std::fprintf(stderr, "Domain %lld has been %s.\n", domid, reboot ? "rebooted" : "shut down");
        }
        return 0;
    });
}

} // namespace

int cmd_destroy(const Globals& globals, const std::vector<std::string>& args)
{
    int exit_code = 0;
    auto line = parse("destroy", args, exit_code);
    if (!line) return exit_code;
    const std::string& domain = line->positionals[0];
    if (domain == "0" && !line->has("f") && !globals.force) {
        std::fprintf(stderr, "Not destroying domain 0; use -f to force.\n"
                             "This can only be done when using a disaggregated hardware domain and toolstack.\n\n");
        return 1;
    }
    return with_daemon([&](DaemonClient& client) {
        try {
            client.call("destroy", domain_request(domain));
        } catch (const DaemonError& e) {
            std::fprintf(stderr, "%s\ndestroy failed (rc=%d)\n", e.what(), e.rc());
            return 1;
        }
        return 0;
    });
}

int cmd_shutdown(const Globals&, const std::vector<std::string>& args) { return shutdown_or_reboot("shutdown", false, args); }
int cmd_reboot(const Globals&, const std::vector<std::string>& args) { return shutdown_or_reboot("reboot", true, args); }
int cmd_pause(const Globals&, const std::vector<std::string>& args) { return simple("pause", "pause", args); }
int cmd_unpause(const Globals&, const std::vector<std::string>& args) { return simple("unpause", "unpause", args); }

int cmd_rename(const Globals&, const std::vector<std::string>& args)
{
    int exit_code = 0;
    auto line = parse("rename", args, exit_code);
    if (!line) return exit_code;
    return with_daemon([&](DaemonClient& client) {
        json::Value fields = domain_request(line->positionals[0]);
        fields.set("name", json::Value::string(line->positionals[1]));
        try {
            client.call("rename", fields);
        } catch (const DaemonError& e) {
            std::fprintf(stderr, "%s\nCan't rename domain '%s'.\n", e.what(), line->positionals[0].c_str());
            return 1;
        }
        return 0;
    });
}

int cmd_domid(const Globals&, const std::vector<std::string>& args)
{
    int exit_code = 0;
    auto line = parse("domid", args, exit_code);
    if (!line) return exit_code;
    return with_daemon([&](DaemonClient& client) {
        json::Value r = client.call("resolve", domain_request(line->positionals[0]));
        std::printf("%lld\n", static_cast<long long>(r.get("domid")->as_integer("domid")));
        return 0;
    });
}

int cmd_domname(const Globals&, const std::vector<std::string>& args)
{
    int exit_code = 0;
    auto line = parse("domname", args, exit_code);
    if (!line) return exit_code;
    return with_daemon([&](DaemonClient& client) {
        json::Value r = client.call("resolve", domain_request(line->positionals[0]));
        std::printf("%s\n", r.get("name")->as_string("name").c_str());
        return 0;
    });
}

int cmd_console(const Globals&, const std::vector<std::string>& args)
{
    int exit_code = 0;
    auto line = parse("console", args, exit_code);
    if (!line) return exit_code;
    std::string type = line->has("t") ? line->value("t") : "pv";
    if (type != "pv" && type != "vuart" && type != "serial") {
        std::fprintf(stderr, "console type supported are: pv, serial, vuart\n");
        return 1;
    }
    if (line->has("n") && line->value("n") != "0") {
        std::fprintf(stderr, "Unable to attach console: only console 0 is served\n");
        return 1;
    }
    std::string tty;
    int rc = with_daemon([&](DaemonClient& client) {
        json::Value fields = domain_request(line->positionals[0]);
        fields.set("type", json::Value::string(type == "vuart" ? "vuart" : "pv"));
        tty = client.call("console", fields).get("tty")->as_string("tty");
        return 0;
    });
    return rc ? rc : attach_console(tty);
}

} // namespace xl
