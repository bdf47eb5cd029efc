// The scalar keys of xl.cfg: identity, sizes and limits, boot, ARM features.
#include <cctype>

#include "config/config_reader.hpp"

namespace xl::cfg {
namespace {

bool valid_uuid(const std::string& u)
{
    if (u.size() != 36) return false;
    for (size_t i = 0; i < u.size(); ++i) {
        bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? u[i] != '-' : !std::isxdigit(static_cast<unsigned char>(u[i]))) return false;
    }
    return true;
}

} // namespace

void read_identity(ConfigReader& r, DomainConfig& d)
{
    auto name = r.string("name");
    if (!name || name->empty()) {
        if (!r.config.setting("name")) r.errors.push_back(Error{r.config.source(), 0, "Domain name must be specified."});
    } else {
        d.name = *name;
    }
    if (auto type = r.string("type")) {
        // Prefixes of hvm, pv, pvh, in that order, as xl matches them (so ""
        // is hvm and "p" is pv); PV guests are PVH on ARM.
        auto is_prefix_of = [&](const char* word) { return std::string(word).compare(0, type->size(), *type) == 0; };
        if (is_prefix_of("hvm")) d.type = "hvm";
        else if (is_prefix_of("pv") || is_prefix_of("pvh")) d.type = "pvh";
        else r.error("type", "`type' must be \"pvh\", \"pv\" or \"hvm\", not \"" + *type + "\"");
    }
    if (auto uuid = r.string("uuid")) {
        if (!valid_uuid(*uuid)) r.error("uuid", "`uuid' is not a UUID: \"" + *uuid + "\"");
        d.uuid = *uuid;
    } else {
        d.uuid = random_uuid();
    }
    // With init_seclabel the domain is built under it and runs under seclabel.
    auto seclabel = r.string("seclabel"), init_seclabel = r.string("init_seclabel");
    if (init_seclabel) {
        d.ssid_label = init_seclabel;
        d.exec_ssid_label = seclabel;
    } else {
        d.ssid_label = seclabel;
    }
    d.pool = r.string("pool");
    if (r.config.setting("driver_domain")) d.driver_domain = r.boolean("driver_domain");
    if (r.config.setting("xend_suspend_evtchn_compat"))
        d.xend_suspend_evtchn_compat = r.boolean("xend_suspend_evtchn_compat");
    if (auto p = r.string("passthrough")) {
        if (*p == "sync_pt") r.error("passthrough", "`passthrough' = \"sync_pt\" is for x86 guests only");
        else if (*p != "default" && *p != "disabled" && *p != "enabled" && *p != "share_pt")
            r.error("passthrough", "`passthrough' must be default, disabled, enabled or share_pt, not \"" + *p + "\"");
        else d.passthrough = *p;
    }
}

void read_sizes(ConfigReader& r, DomainConfig& d)
{
    if (auto m = r.number("memory", 1, 1ll << 40)) d.memory_mb = uint64_t(*m);
    if (auto m = r.number("maxmem", 1, 1ll << 40)) d.maxmem_mb = uint64_t(*m);
    // Stricter than xl, which lets libxl fail later.
    if (d.memory_mb && d.maxmem_mb && *d.maxmem_mb < *d.memory_mb) r.error("maxmem", "`maxmem' is smaller than `memory'");
    if (auto v = r.number("vcpus", 1, 128)) d.vcpus = unsigned(*v);
    if (auto v = r.number("maxvcpus", 1, 128)) d.maxvcpus = unsigned(*v);
    if (d.vcpus && d.maxvcpus && *d.maxvcpus < *d.vcpus) r.error("maxvcpus", "maxvcpus < vcpus");
    if (auto v = r.number("shadow_memory", 0, 1ll << 30)) d.shadow_memory_mb = uint64_t(*v);
    struct {
        const char* key;
        std::optional<uint32_t>* field;
        int64_t min, max;
    } limits[] = {{"max_grant_frames", &d.max_grant_frames, 1, 0xffffffff},
                  {"max_maptrack_frames", &d.max_maptrack_frames, 0, 0xffffffff},
                  {"max_grant_version", &d.max_grant_version, 1, 2},
                  {"max_event_channels", &d.max_event_channels, 1, 0xffffffff},
                  {"cpu_weight", &d.cpu_weight, 1, 65535},
                  {"cap", &d.cap, 0, 0xffffffff}};
    for (auto& l : limits)
        if (auto v = r.number(l.key, l.min, l.max)) *l.field = uint32_t(*v);
}

void read_boot(ConfigReader& r, DomainConfig& d)
{
    if (auto v = r.string("kernel")) d.kernel = *v;
    if (auto v = r.string("ramdisk")) d.ramdisk = *v;
    if (auto v = r.string("device_tree")) d.device_tree = *v;
    auto cmdline = r.string("cmdline");
    auto root = r.string("root");
    auto extra = r.string("extra");
    if (cmdline) {
        d.cmdline = *cmdline;
        if (root || extra) d.warnings.push_back("Warning: ignoring root= and extra= in favour of cmdline=");
    } else {
        if (root) d.cmdline = "root=" + *root;
        if (extra) d.cmdline += (d.cmdline.empty() ? "" : " ") + *extra;
    }
    if (d.kernel.empty() && (!d.ramdisk.empty() || !d.cmdline.empty()))
        r.errors.push_back(Error{r.config.source(), 0, "direct boot parameters specified but kernel missing"});
}

void read_arm(ConfigReader& r, DomainConfig& d)
{
    if (auto g = r.string("gic_version")) {
        if (*g != "v2" && *g != "v3" && *g != "default") r.error("gic_version", "`gic_version' must be v2, v3 or default");
        d.gic_version = *g;
    }
    if (auto t = r.string("tee")) {
        if (*t != "none" && *t != "optee") r.error("tee", "`tee' must be none or optee");
        d.tee = *t;
    }
    if (auto v = r.string("vuart")) {
        if (*v != "sbsa_uart") r.error("vuart", "`vuart' must be \"sbsa_uart\"");
        d.vuart = true;
    }
    if (r.config.setting("vpmu")) d.vpmu = r.boolean("vpmu");
    if (r.config.setting("acpi")) d.acpi = r.boolean("acpi");
    if (r.config.setting("sdl")) d.sdl = r.boolean("sdl");
    if (r.config.setting("vnc")) d.vnc = r.boolean("vnc");
}

} // namespace xl::cfg
