// xl list: the domains in Xen's columns (or -l, libxl's JSON of each domain
// the daemon knows), from the toolstack daemon.
#include <cstdio>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "cli/daemon_client.hpp"
#include "include/public/domctl.hpp"

namespace xl {
namespace {

int64_t field(const json::Value& d, const char* key) { return d.get(key)->as_integer(key); }

void print_row(const json::Value& d, bool verbose)
{
    const uint32_t flags = uint32_t(field(d, "flags"));
    const bool shutdown = flags & xen::DOMINF_shutdown;
    const unsigned reason = (flags >> xen::DOMINF_shutdownshift) & xen::DOMINF_shutdownmask;
    static const char kReasons[] = "-rscwS";
    const unsigned long mem = (uint64_t(field(d, "tot_pages")) + uint64_t(field(d, "outstanding_pages"))) * 4 / 1024;
    std::printf("%-40s %5d %5lu %5d     %c%c%c%c%c%c  %8.1f", d.get("name")->as_string("name").c_str(),
                int(field(d, "domid")), mem, int(field(d, "online_vcpus")), flags & xen::DOMINF_running ? 'r' : '-',
                flags & xen::DOMINF_blocked ? 'b' : '-', flags & xen::DOMINF_paused ? 'p' : '-', shutdown ? 's' : '-',
                shutdown && reason < 6 ? kReasons[reason] : '-', flags & xen::DOMINF_dying ? 'd' : '-',
                double(field(d, "cpu_time_ns")) / 1e9);
    if (verbose) {
        std::printf(" %s", d.get("uuid")->as_string("uuid").c_str());
        if (shutdown)
            std::printf(" %8x", reason);
        else
            std::printf(" %8s", "-");
        std::printf(" %16s", "-");
    }
    std::printf("\n");
}

} // namespace

int cmd_list(const Globals&, const std::vector<std::string>& args)
{
    int exit_code = 0;
    auto line = parse_command_line(*find_command("list"), args, exit_code);
    if (!line) return exit_code;
    const bool long_form = line->has("l") || line->has("long");
    const bool verbose = line->has("v") || line->has("verbose");
    return with_daemon([&](DaemonClient& client) {
        std::optional<int64_t> only;
        if (!line->positionals.empty()) {
            try {
                only = client.call("resolve", domain_request(line->positionals[0])).get("domid")->as_integer("domid");
            } catch (const DaemonError& e) {
                std::fprintf(stderr, "%s\n", e.what());
                return 1;
            }
        }
        json::Value request = json::Value::object();
        request.set("long", json::Value::boolean(long_form));
        const json::Value domains = *client.call("list", request).get("domains");
        if (long_form) {
            json::Value out = json::Value::array();
            for (const json::Value& d : domains.items()) {
                if ((only && field(d, "domid") != *only) || !d.get("config")) continue;
                json::Value entry = json::Value::object();
                entry.set("domid", json::Value::integer(field(d, "domid")));
                entry.set("config", *d.get("config"));
                out.push(std::move(entry));
            }
            std::fputs(json::write(out, true).c_str(), stdout);
            return 0;
        }
        std::printf("Name                                        ID   Mem VCPUs\tState\tTime(s)");
        if (verbose) std::printf("   UUID                            Reason-Code\tSecurity Label");
        std::printf("\n");
        for (const json::Value& d : domains.items())
            if (!only || field(d, "domid") == *only) print_row(d, verbose);
        return 0;
    });
}

} // namespace xl
