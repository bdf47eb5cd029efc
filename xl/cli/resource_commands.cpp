// xl's commands on a domain's resources and the host's console, each a
// request to the toolstack daemon: uptime, dmesg, vcpu-list, vcpu-pin,
// vcpu-set, mem-set, mem-max, debug-keys.
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "cli/daemon_client.hpp"
#include "config/cpu_list.hpp"

namespace xl {
namespace {

int64_t number(const json::Value& v, const char* key) { return v.get(key)->as_integer(key); }

// xl's uptime text: [N day(s), ]H:MM:SS, or H:MM in the short form.
std::string uptime_text(long seconds, bool short_form)
{
    long days = seconds / 86400, h = seconds / 3600 % 24, m = seconds / 60 % 60, s = seconds % 60;
    char buffer[64];
    std::string prefix = days ? std::to_string(days) + (days == 1 ? " day, " : " days, ") : "";
    if (short_form)
        std::snprintf(buffer, sizeof(buffer), "%2ld:%02ld", h, m);
    else
        std::snprintf(buffer, sizeof(buffer), "%2ld:%02ld:%02ld", h, m, s);
    return prefix + buffer;
}

long dom0_uptime()
{
    double up = 0;
    std::ifstream("/proc/uptime") >> up;
    return long(up);
}

// A size as mem-set and mem-max take it, in KiB: a number with b, k, m
// (the default), g or t.
std::optional<uint64_t> parse_size_kib(const std::string& text)
{
    char* end = nullptr;
    unsigned long long n = std::strtoull(text.c_str(), &end, 10);
    if (end == text.c_str() || text[0] == '-') return std::nullopt;
    std::string unit(end);
    if (unit.size() > 1) return std::nullopt;
    switch (unit.empty() ? 'm' : std::tolower(static_cast<unsigned char>(unit[0]))) {
    case 'b': return n / 1024;
    case 'k': return n;
    case 'm': return n << 10;
    case 'g': return n << 20;
    case 't': return n << 30;
    }
    return std::nullopt;
}

// A CPU mask as xl prints an affinity: all, none, or ranges (0-3,5).
std::string mask_text(uint64_t mask, unsigned cpus)
{
    uint64_t all = cpus >= 64 ? ~0ull : (1ull << cpus) - 1;
    if ((mask & all) == all) return "all";
    if (!(mask & all)) return "none";
    std::string out;
    for (unsigned c = 0; c < cpus;) {
        if (!(mask >> c & 1)) {
            ++c;
            continue;
        }
        unsigned end = c;
        while (end + 1 < cpus && (mask >> (end + 1) & 1)) ++end;
        out += (out.empty() ? "" : ",") + std::to_string(c) + (end > c ? "-" + std::to_string(end) : "");
        c = end + 1;
    }
    return out;
}

unsigned host_cpus(DaemonClient& client) { return unsigned(number(*client.call("info").get("info"), "nr_cpus")); }

int mem_command(const char* name, const char* op, const std::vector<std::string>& args)
{
    int exit_code = 0;
    auto line = parse_command_line(*find_command(name), args, exit_code);
    if (!line) return exit_code;
    std::optional<uint64_t> kib = parse_size_kib(line->positionals[1]);
    if (!kib) {
        std::fprintf(stderr, "invalid memory size: %s\n", line->positionals[1].c_str());
        return 1;
    }
    return with_daemon([&](DaemonClient& client) {
        json::Value fields = domain_request(line->positionals[0]);
        fields.set("memkb", json::Value::integer(int64_t(*kib)));
        try {
            client.call(op, fields);
        } catch (const DaemonError& e) {
            std::fprintf(stderr, "%s\ncannot set domid %s %s memory to : %s\n", e.what(), line->positionals[0].c_str(),
                         std::string(op) == "mem-set" ? "dynamic max" : "static max", line->positionals[1].c_str());
            return 1;
        }
        return 0;
    });
}

} // namespace

int cmd_uptime(const Globals&, const std::vector<std::string>& args)
{
    int exit_code = 0;
    auto line = parse_command_line(*find_command("uptime"), args, exit_code);
    if (!line) return exit_code;
    const bool short_form = line->has("s");
    return with_daemon([&](DaemonClient& client) {
        std::vector<int64_t> only;
        for (const std::string& d : line->positionals) only.push_back(number(client.call("resolve", domain_request(d)), "domid"));
        json::Value request = json::Value::object();
        request.set("start_time", json::Value::boolean(true));
        json::Value domains = *client.call("list", request).get("domains");
        if (!short_form) std::printf("%-33s %4s %s\n", "Name", "ID", "Uptime");
        const double now = double(std::time(nullptr));
        for (const json::Value& d : domains.items()) {
            int64_t domid = number(d, "domid");
            if (!only.empty() && std::find(only.begin(), only.end(), domid) == only.end()) continue;
            long up = 0;
            if (domid == 0) {
                up = dom0_uptime();
            } else if (const json::Value* start = d.get("start_time")) {
                up = long(now - std::strtod(start->as_string("start_time").c_str(), nullptr));
            }
            if (up < 0) up = 0;
            const std::string& name = d.get("name")->as_string("name");
            if (short_form) {
                char clock[16];
                std::time_t t = std::time(nullptr);
                std::strftime(clock, sizeof(clock), "%H:%M:%S", std::localtime(&t));
                std::printf(" %s up %s, %s (%lld)\n", clock, uptime_text(up, true).c_str(), name.c_str(), (long long)domid);
            } else {
                std::printf("%-33s %4lld %s\n", name.c_str(), (long long)domid, uptime_text(up, false).c_str());
            }
        }
        return 0;
    });
}

int cmd_dmesg(const Globals&, const std::vector<std::string>& args)
{
    int exit_code = 0;
    auto line = parse_command_line(*find_command("dmesg"), args, exit_code);
    if (!line) return exit_code;
    return with_daemon([&](DaemonClient& client) {
        json::Value request = json::Value::object();
        request.set("clear", json::Value::boolean(line->has("c")));
        std::fputs(client.call("dmesg", request).get("text")->as_string("text").c_str(), stdout);
        return 0;
    });
}

int cmd_debug_keys(const Globals&, const std::vector<std::string>& args)
{
    int exit_code = 0;
    auto line = parse_command_line(*find_command("debug-keys"), args, exit_code);
    if (!line) return exit_code;
    const std::string& keys = line->positionals[0];
    return with_daemon([&](DaemonClient& client) {
        json::Value request = json::Value::object();
        request.set("keys", json::Value::string(keys));
        try {
            client.call("debug-keys", request);
        } catch (const DaemonError&) {
            std::fprintf(stderr, "cannot send debug keys: %s\n", keys.c_str());
            return 1;
        }
        return 0;
    });
}

int cmd_vcpu_list(const Globals&, const std::vector<std::string>& args)
{
    int exit_code = 0;
    auto line = parse_command_line(*find_command("vcpu-list"), args, exit_code);
    if (!line) return exit_code;
    return with_daemon([&](DaemonClient& client) {
        const unsigned cpus = host_cpus(client);
        std::vector<json::Value> lists;
        if (line->positionals.empty()) {
            lists.push_back(*client.call("vcpu-list").get("vcpus"));
        } else {
            for (const std::string& d : line->positionals) lists.push_back(*client.call("vcpu-list", domain_request(d)).get("vcpus"));
        }
        std::printf("%-32s %5s %5s %5s %5s %9s %s\n", "Name", "ID", "VCPU", "CPU", "State", "Time(s)", "Affinity (Hard / Soft)");
        for (const json::Value& list : lists) {
            for (const json::Value& v : list.items()) {
                std::printf("%-32s %5u %5u ", v.get("name")->as_string("name").c_str(), unsigned(number(v, "domid")),
                            unsigned(number(v, "vcpu")));
                if (v.get("online")->as_bool("online"))
                    std::printf("%5u %3c%c- ", unsigned(number(v, "cpu")), v.get("running")->as_bool("running") ? 'r' : '-',
                                v.get("blocked")->as_bool("blocked") ? 'b' : '-');
                else
                    std::printf("%5c %3c%cp ", '-', '-', '-');
                std::printf("%9.1f  %s / %s\n", double(number(v, "cpu_time_ns")) / 1e9,
                            mask_text(uint64_t(number(v, "hard")), cpus).c_str(),
                            mask_text(uint64_t(number(v, "soft")), cpus).c_str());
            }
        }
        return 0;
    });
}

int cmd_vcpu_pin(const Globals&, const std::vector<std::string>& args)
{
    int exit_code = 0;
    auto line = parse_command_line(*find_command("vcpu-pin"), args, exit_code);
    if (!line) return exit_code;
    const std::vector<std::string>& p = line->positionals;
    return with_daemon([&](DaemonClient& client) {
        const unsigned cpus = host_cpus(client);
        json::Value fields = domain_request(p[0]);
        if (p[1] != "all") {
            char* end = nullptr;
            long vcpu = std::strtol(p[1].c_str(), &end, 10);
            if (end == p[1].c_str() || *end || vcpu < 0) {
                std::fprintf(stderr, "Error: Invalid argument %s as VCPU.\n", p[1].c_str());
                return 1;
            }
            fields.set("vcpu", json::Value::integer(vcpu));
        }
        // "-" leaves that mask as it is.
        auto mask = [&](const std::string& text, const char* key) {
            if (text == "-") return true;
            std::string error;
            auto bitmap = cfg::parse_cpu_list(text, cpus, error);
            if (!bitmap) {
                std::fprintf(stderr, "Invalid %s affinity \"%s\": %s\n", key, text.c_str(), error.c_str());
                return false;
            }
            uint64_t bits = 0;
            for (unsigned c : bitmap->set_bits())
                if (c < 64) bits |= 1ull << c;
            fields.set(key, json::Value::integer(int64_t(bits)));
            return true;
        };
        if (!mask(p[2], "hard") || (p.size() > 3 && !mask(p[3], "soft"))) return 1;
        client.call("vcpu-pin", fields);
        return 0;
    });
}

int cmd_vcpu_set(const Globals&, const std::vector<std::string>& args)
{
    int exit_code = 0;
    auto line = parse_command_line(*find_command("vcpu-set"), args, exit_code);
    if (!line) return exit_code;
    char* end = nullptr;
    long count = std::strtol(line->positionals[1].c_str(), &end, 10);
    if (end == line->positionals[1].c_str() || *end || count <= 0) {
        std::fprintf(stderr, "Invalid NUMBER: %s\n", line->positionals[1].c_str());
        return 1;
    }
    return with_daemon([&](DaemonClient& client) {
        json::Value fields = domain_request(line->positionals[0]);
        fields.set("count", json::Value::integer(count));
        client.call("vcpu-set", fields);
        return 0;
    });
}

int cmd_mem_set(const Globals&, const std::vector<std::string>& args) { return mem_command("mem-set", "mem-set", args); }
int cmd_mem_max(const Globals&, const std::vector<std::string>& args) { return mem_command("mem-max", "mem-max", args); }

} // namespace xl
