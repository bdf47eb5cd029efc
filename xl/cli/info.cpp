// xl info: the host (uname, as xl reads it itself) and the hypervisor (from
// the toolstack daemon), one "name : value" line each in xl's order; with a
// field name, only the value of the lines that start with it.
#include <sys/utsname.h>

#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include "cli/commands.hpp"
#include "cli/daemon_client.hpp"
#include "include/public/sysctl.hpp"

namespace xl {
namespace {

std::string scheduler_name(int64_t id)
{
    switch (id) {
    case 5: return "credit";
    case 6: return "credit2";
    case 7: return "arinc653";
    case 8: return "rtds";
    case 9: return "null";
    }
    return "unknown";
}

std::string virt_caps(uint32_t caps)
{
    const std::pair<bool, const char*> words[] = {
        {bool(caps & xen::PHYSCAP_hvm), "hvm"},
        {(caps & xen::PHYSCAP_hvm) && (caps & xen::PHYSCAP_directio), "hvm_directio"},
        {bool(caps & xen::PHYSCAP_pv), "pv"},
        {(caps & xen::PHYSCAP_pv) && (caps & xen::PHYSCAP_directio), "pv_directio"},
        {bool(caps & xen::PHYSCAP_hap), "hap"},
        {bool(caps & xen::PHYSCAP_shadow), "shadow"},
        {bool(caps & xen::PHYSCAP_iommu_hap_pt_share), "iommu_hap_pt_share"},
        {bool(caps & xen::PHYSCAP_vmtrace), "vmtrace"},
        {bool(caps & xen::PHYSCAP_vpmu), "vpmu"},
        {bool(caps & xen::PHYSCAP_gnttab_v1), "gnttab-v1"},
        {bool(caps & xen::PHYSCAP_gnttab_v2), "gnttab-v2"},
    };
    std::string out;
    for (const auto& [set, word] : words)
        if (set) out += (out.empty() ? "" : " ") + std::string(word);
    return out;
}

std::string format(const char* f, auto... args)
{
    char buffer[256];
    std::snprintf(buffer, sizeof(buffer), f, args...);
    return buffer;
}

} // namespace

int cmd_info(const Globals&, const std::vector<std::string>& args)
{
    int exit_code = 0;
    auto line = parse_command_line(*find_command("info"), args, exit_code);
    if (!line) return exit_code;
    return with_daemon([&](DaemonClient& client) {
        json::Value info = *client.call("info").get("info");
        auto n = [&](const char* key) { return info.get(key)->as_integer(key); };
        auto s = [&](const char* key) { return info.get(key)->as_string(key); };
        utsname host{};
        ::uname(&host);
        const int64_t pages_per_mib = (1 << 20) / 4096;
        std::string hw;
        for (const json::Value& word : info.get("hw_cap")->items())
            hw += (hw.empty() ? "" : ":") + format("%08x", unsigned(word.as_integer("hw_cap")));
        const int64_t khz = n("cpu_khz");
        std::string version = format("%lld.%lld", (long long)n("xen_major"), (long long)n("xen_minor")) + s("xen_extra");
        const std::vector<std::pair<const char*, std::string>> lines = {
            {"host", host.nodename},
            {"release", host.release},
            {"version", host.version},
            {"machine", host.machine},
            {"nr_cpus", std::to_string(n("nr_cpus"))},
            {"max_cpu_id", std::to_string(n("max_cpu_id"))},
            {"nr_nodes", std::to_string(n("nr_nodes"))},
            {"cores_per_socket", std::to_string(n("cores_per_socket"))},
            {"threads_per_core", std::to_string(n("threads_per_core"))},
            {"cpu_mhz", format("%lld.%03lld", (long long)(khz / 1000), (long long)(khz % 1000))},
            {"hw_caps", hw},
            {"virt_caps", virt_caps(uint32_t(n("capabilities")))},
            {"total_memory", std::to_string(n("total_pages") / pages_per_mib)},
            {"free_memory", std::to_string((n("free_pages") - n("outstanding_pages")) / pages_per_mib)},
            {"sharing_freed_memory", "0"},
            {"sharing_used_memory", "0"},
            {"outstanding_claims", std::to_string(n("outstanding_pages") / pages_per_mib)},
            {"free_cpus", "0"},
            {"xen_major", std::to_string(n("xen_major"))},
            {"xen_minor", std::to_string(n("xen_minor"))},
            {"xen_extra", s("xen_extra")},
            {"xen_version", version},
            {"xen_caps", s("xen_caps")},
            {"xen_scheduler", scheduler_name(n("scheduler"))},
            {"xen_pagesize", std::to_string(n("pagesize"))},
            {"platform_params", format("virt_start=0x%llx", (unsigned long long)n("virt_start"))},
            {"xen_changeset", s("changeset")},
            {"xen_commandline", s("commandline")},
            {"cc_compiler", s("cc_compiler")},
            {"cc_compile_by", s("cc_compile_by")},
            {"cc_compile_domain", s("cc_compile_domain")},
            {"cc_compile_date", s("cc_compile_date")},
            {"build_id", s("build_id")},
            {"xend_config_format", "4"},
        };
        const std::string field = line->positionals.empty() ? "" : line->positionals[0];
        for (const auto& [name, value] : lines) {
            if (field.empty())
                std::printf("%-23s: %s\n", name, value.c_str());
            else if (std::string(name).rfind(field, 0) == 0)
                std::printf("%s\n", value.c_str());
        }
        return 0;
    });
}

} // namespace xl
