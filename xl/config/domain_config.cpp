#include "config/domain_config.hpp"

#include "config/config_reader.hpp"

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


} // namespace

const char* action_name(Action a)
{
    switch (a) {
    case Action::Destroy: return "destroy";
    case Action::Restart: return "restart";
    case Action::RenameRestart: return "restart_rename";
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

std::optional<DomainConfig> domain_config_from(const Config& c, std::vector<Error>& errors, const HostFacts& host)
{
    size_t before = errors.size();
    ConfigReader r(c, errors);
    DomainConfig d;
    read_identity(r, d);
    read_sizes(r, d);
    read_affinity(r, d, host);
    read_boot(r, d);
    read_arm(r, d);
    read_devices(r, d);

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
    if (errors.size() != before) return std::nullopt;
    return d;
}

} // namespace xl::cfg
