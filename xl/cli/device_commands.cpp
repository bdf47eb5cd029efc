// xl's PV device commands, each a request to the toolstack daemon:
// block-attach, block-list, block-detach, network-attach, network-list,
// network-detach, with xl's arguments, output and messages.
#include <cstdio>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "cli/daemon_client.hpp"
#include "cli/dryrun_json.hpp"
#include "config/disk_spec.hpp"
#include "config/vif_spec.hpp"

namespace xl {
namespace {

// libxl's "no such device" (ERROR_NOTFOUND) and "no such domain".
constexpr int kNoDevice = -23, kNoDomain = -21;

std::optional<CommandLine> parse(const char* name, const std::vector<std::string>& args, int& exit_code)
{
    return parse_command_line(*find_command(name), args, exit_code);
}

// The words after the domain, as one comma-separated specification (xl
// parses them as the parts of one).
std::string joined(const std::vector<std::string>& words, size_t from)
{
    std::string out;
    for (size_t i = from; i < words.size(); ++i) out += (out.empty() ? "" : ",") + words[i];
    return out;
}

int number(const json::Value& v, const char* key)
{
    const json::Value* n = v.get(key);
    return n ? int(n->as_integer(key)) : -1;
}

std::string text(const json::Value& v, const char* key)
{
    const json::Value* s = v.get(key);
    return s ? s->as_string(key) : std::string();
}

json::Value device_request(const std::string& domain, const char* kind)
{
    json::Value fields = domain_request(domain);
    fields.set("kind", json::Value::string(kind));
    return fields;
}

// block-attach and network-attach once the device's JSON is made.
int attach(const Globals& globals, const std::string& domain, const char* kind, const std::string& device_json,
           const char* failure)
{
    if (globals.dry_run) {
        std::printf("%s: %s\n", std::string(kind) == "vbd" ? "disk" : "vif", device_json.c_str());
        return 0;
    }
    return with_daemon([&](DaemonClient& client) {
        json::Value fields = device_request(domain, kind);
        fields.set("device", json::parse(device_json));
        try {
            client.call("device-attach", fields);
        } catch (const DaemonError& e) {
            std::fprintf(stderr, "libxl: error: %s\n%s\n", e.what(), failure);
            return 1;
        }
        return 0;
    });
}

// block-list, network-list: a header, then each domain's devices. A
// domain that is not there lists nothing; a name that names none is said.
template <class Row> int list(const char* name, const std::vector<std::string>& args, const char* kind, const char* header, Row&& row)
{
    int exit_code = 0;
    auto line = parse(name, args, exit_code);
    if (!line) return exit_code;
    return with_daemon([&](DaemonClient& client) {
        std::printf("%s", header);
        for (const std::string& domain : line->positionals) {
            json::Value reply;
            try {
                reply = client.call("device-list", device_request(domain, kind));
            } catch (const DaemonError& e) {
                if (e.rc() != kNoDomain) std::fprintf(stderr, "%s is an invalid domain identifier\n", domain.c_str());
                continue;
            }
            for (const json::Value& d : reply.get("devices")->items()) row(d);
        }
        return 0;
    });
}

} // namespace

int cmd_block_attach(const Globals& globals, const std::vector<std::string>& args)
{
    int exit_code = 0;
    auto line = parse("block-attach", args, exit_code);
    if (!line) return exit_code;
    std::string why;
    std::optional<cfg::DiskSpec> disk = cfg::parse_disk_spec(joined(line->positionals, 1), why);
    if (!disk) {
        std::fprintf(stderr, "command line: config parsing error in disk specification: %s\n", why.c_str());
        return 1;
    }
    return attach(globals, line->positionals[0], "vbd", disk_json(*disk), "libxl_device_disk_add failed.");
}

int cmd_network_attach(const Globals& globals, const std::vector<std::string>& args)
{
    int exit_code = 0;
    auto line = parse("network-attach", args, exit_code);
    if (!line) return exit_code;
    std::string why;
    std::optional<cfg::VifSpec> vif = cfg::parse_vif_spec(joined(line->positionals, 1), why);
    if (!vif) {
        std::fprintf(stderr, "command line: invalid vif specification: %s\n", why.c_str());
        return 1;
    }
    return attach(globals, line->positionals[0], "vif", nic_json(*vif), "libxl_device_nic_add failed.");
}

int cmd_block_list(const Globals&, const std::vector<std::string>& args)
{
    char header[128];
    std::snprintf(header, sizeof header, "%-5s %-3s %-6s %-5s %-6s %-8s %-30s\n", "Vdev", "BE", "handle", "state", "evt-ch",
                  "ring-ref", "BE-path");
    return list("block-list", args, "vbd", header, [](const json::Value& d) {
        std::printf("%-5d %-3d %-6d %-5d %-6d %-8d %-30s\n", number(d, "devid"), number(d, "backend_id"),
                    number(d, "frontend_id"), number(d, "state"), number(d, "evtch"), number(d, "rref"),
                    text(d, "backend").c_str());
    });
}

int cmd_network_list(const Globals&, const std::vector<std::string>& args)
{
    char header[128];
    std::snprintf(header, sizeof header, "%-3s %-2s %-17s %-6s %-5s %-6s %5s/%-5s %-30s\n", "Idx", "BE", "Mac Addr.",
                  "handle", "state", "evt-ch", "tx-", "rx-ring-ref", "BE-path");
    return list("network-list", args, "vif", header, [](const json::Value& d) {
        unsigned b[6] = {};
        std::sscanf(text(d, "mac").c_str(), "%2x:%2x:%2x:%2x:%2x:%2x", &b[0], &b[1], &b[2], &b[3], &b[4], &b[5]);
        std::printf("%-3d %-2d %02x:%02x:%02x:%02x:%02x:%02x", number(d, "devid"), number(d, "backend_id"), b[0], b[1], b[2],
                    b[3], b[4], b[5]);
        std::printf("%6d %5d %6d %5d/%-11d %-30s\n", number(d, "devid"), number(d, "state"), number(d, "evtch"),
                    number(d, "rref_tx"), number(d, "rref_rx"), text(d, "backend").c_str());
    });
}

// block-detach [-f] D VDEV, network-detach D DEVID|MAC.
int detach(const char* name, const char* kind, const std::vector<std::string>& args)
{
    int exit_code = 0;
    auto line = parse(name, args, exit_code);
    if (!line) return exit_code;
    const bool block = std::string(kind) == "vbd", force = line->has("f");
    const std::string& device = line->positionals[1];
    return with_daemon([&](DaemonClient& client) {
        json::Value fields = device_request(line->positionals[0], kind);
        fields.set("device", json::Value::string(device));
        fields.set("force", json::Value::boolean(force));
        try {
            client.call("device-detach", fields);
        } catch (const DaemonError& e) {
            if (e.rc() == kNoDevice)
                std::fprintf(stderr, block ? "Error: Device %s not connected.\n" : "Unknown device %s.\n", device.c_str());
            else
                std::fprintf(stderr, "libxl: error: %s\n%s\n", e.what(),
                             !block ? "libxl_device_nic_del failed."
                             : force ? "libxl_device_disk_destroy failed."
                                     : "libxl_device_disk_safe_remove failed.");
            return 1;
        }
        return 0;
    });
}

int cmd_block_detach(const Globals&, const std::vector<std::string>& args) { return detach("block-detach", "vbd", args); }
int cmd_network_detach(const Globals&, const std::vector<std::string>& args) { return detach("network-detach", "vif", args); }

} // namespace xl
