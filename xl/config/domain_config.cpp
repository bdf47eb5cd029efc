#include "config/domain_config.hpp"

#include <cctype>
#include <cstdio>
#include <random>

namespace xl::cfg {
namespace {

std::optional<Action> parse_action(const std::string& s)
{
    if (s == "destroy") return Action::Destroy;
    if (s == "restart") return Action::Restart;
    if (s == "rename-restart") return Action::RenameRestart;
    if (s == "preserve") return Action::Preserve;
    if (s == "coredump-destroy") return Action::CoredumpDestroy;
    if (s == "coredump-restart") return Action::CoredumpRestart;
    if (s == "soft-reset") return Action::SoftReset;
    return std::nullopt;
}

bool valid_uuid(const std::string& u)
{
    if (u.size() != 36) return false;
    for (size_t i = 0; i < u.size(); ++i) {
        bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? u[i] != '-' : !std::isxdigit(static_cast<unsigned char>(u[i]))) return false;
    }
    return true;
}

class Reader {
public:
    Reader(const Config& c, std::vector<Error>& errors) : c_(c), errors_(errors) {}
    void error(const char* key, const std::string& message)
    {
        const Setting* s = c_.setting(key);
        errors_.push_back(Error{c_.source(), s ? s->line : 0, message});
    }
    const Config& c_;
    std::vector<Error>& errors_;
};

} // namespace

const char* action_name(Action a)
{
    switch (a) {
    case Action::Destroy: return "destroy";
    case Action::Restart: return "restart";
    case Action::RenameRestart: return "rename_restart";
    case Action::Preserve: return "preserve";
    case Action::CoredumpDestroy: return "coredump_destroy";
    case Action::CoredumpRestart: return "coredump_restart";
    case Action::SoftReset: return "soft_reset";
    }
    return "destroy";
}

std::string random_uuid()
{
    std::random_device rd;
    unsigned char b[16];
    for (auto& x : b) x = static_cast<unsigned char>(rd());
    b[6] = static_cast<unsigned char>((b[6] & 0x0f) | 0x40); // version 4
    b[8] = static_cast<unsigned char>((b[8] & 0x3f) | 0x80); // RFC 4122 variant
    char out[37];
    std::snprintf(out, sizeof out, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0], b[1],
                  b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
    return out;
}

std::optional<DomainConfig> domain_config_from(const Config& c, std::vector<Error>& errors)
{
    size_t before = errors.size();
    Reader r(c, errors);
    DomainConfig d;

    auto name = c.get_string("name", errors);
    if (!name || name->empty()) {
        if (!c.setting("name")) errors.push_back(Error{c.source(), 0, "Domain name must be specified."});
    } else {
        d.name = *name;
    }
    if (auto type = c.get_string("type", errors)) {
        // Prefixes of hvm, pv, pvh, in that order, as xl matches them.
        if (*type == "hvm" || (type->size() && std::string("hvm").rfind(*type, 0) == 0)) d.type = "hvm";
        else if (*type == "pv" || *type == "pvh") d.type = "pvh"; // PV guests are PVH on ARM
        else r.error("type", "`type' must be \"pvh\", \"pv\" or \"hvm\", not \"" + *type + "\"");
    }
    if (auto uuid = c.get_string("uuid", errors)) {
        if (!valid_uuid(*uuid)) r.error("uuid", "`uuid' is not a UUID: \"" + *uuid + "\"");
        d.uuid = *uuid;
    } else {
        d.uuid = random_uuid();
    }
    if (auto m = c.get_number("memory", 1, 1ll << 40, errors)) d.memory_mb = uint64_t(*m);
    d.maxmem_mb = d.memory_mb;
    if (auto m = c.get_number("maxmem", 1, 1ll << 40, errors)) d.maxmem_mb = uint64_t(*m);
    if (d.maxmem_mb < d.memory_mb) r.error("maxmem", "`maxmem' is smaller than `memory'");
    if (auto v = c.get_number("vcpus", 1, 128, errors)) d.vcpus = unsigned(*v);
    d.maxvcpus = d.vcpus;
    if (auto v = c.get_number("maxvcpus", 1, 128, errors)) d.maxvcpus = unsigned(*v);
    if (d.maxvcpus < d.vcpus) r.error("maxvcpus", "maxvcpus < vcpus");

    for (const char* key : {"kernel", "ramdisk", "device_tree"}) {
        auto v = c.get_string(key, errors);
        if (!v) continue;
        std::string& field = std::string(key) == "kernel" ? d.kernel : std::string(key) == "ramdisk" ? d.ramdisk : d.device_tree;
        field = *v;
    }
    auto cmdline = c.get_string("cmdline", errors);
    auto root = c.get_string("root", errors);
    auto extra = c.get_string("extra", errors);
    if (cmdline) {
        d.cmdline = *cmdline;
    } else {
        if (root) d.cmdline = "root=" + *root;
        if (extra) d.cmdline += (d.cmdline.empty() ? "" : " ") + *extra;
    }
    if (d.kernel.empty() && (!d.ramdisk.empty() || !d.cmdline.empty()))
        errors.push_back(Error{c.source(), 0, "direct boot parameters specified but kernel missing"});

    if (auto disks = c.get_string_list("disk", errors)) {
        for (size_t i = 0; i < disks->size(); ++i) {
            std::string why;
            if (auto disk = parse_disk_spec((*disks)[i], why)) d.disks.push_back(*disk);
            else r.error("disk", "disk " + std::to_string(i) + " (\"" + (*disks)[i] + "\"): " + why);
        }
    }
    if (auto vifs = c.get_string_list("vif", errors)) {
        for (size_t i = 0; i < vifs->size(); ++i) {
            std::string why;
            if (auto vif = parse_vif_spec((*vifs)[i], why)) {
                if (!vif->devid) vif->devid = int(i);
                d.vifs.push_back(*vif);
            } else {
                r.error("vif", "vif " + std::to_string(i) + " (\"" + (*vifs)[i] + "\"): " + why);
            }
        }
    }
    struct {
        const char* key;
        Action* field;
    } actions[] = {{"on_poweroff", &d.on_poweroff}, {"on_reboot", &d.on_reboot}, {"on_watchdog", &d.on_watchdog},
                   {"on_crash", &d.on_crash}, {"on_soft_reset", &d.on_soft_reset}};
    for (auto& a : actions) {
        if (auto v = c.get_string(a.key, errors)) {
            if (auto act = parse_action(*v)) *a.field = *act;
            else r.error(a.key, std::string("`") + a.key + "': unknown action \"" + *v + "\"");
        }
    }
    if (auto g = c.get_string("gic_version", errors)) {
        if (*g != "v2" && *g != "v3" && *g != "default") r.error("gic_version", "`gic_version' must be v2, v3 or default");
        d.gic_version = *g;
    }
    if (auto t = c.get_string("tee", errors)) {
        if (*t != "none" && *t != "optee") r.error("tee", "`tee' must be none or optee");
        d.tee = *t;
    }
    if (auto v = c.get_string("vuart", errors)) {
        if (*v != "sbsa_uart") r.error("vuart", "`vuart' must be \"sbsa_uart\"");
        d.vuart = true;
    }
    if (c.setting("sdl")) d.sdl = c.get_bool("sdl", errors);
    if (c.setting("vnc")) d.vnc = c.get_bool("vnc", errors);
    if (errors.size() != before) return std::nullopt;
    return d;
}

} // namespace xl::cfg
