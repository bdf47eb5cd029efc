#include "domain/domain_spec.hpp"

#include <cctype>

namespace toolstack {
namespace {

const struct {
    ShutdownAction action;
    const char* name;
} kActions[] = {
    {ShutdownAction::Destroy, "destroy"},
    {ShutdownAction::Restart, "restart"},
    {ShutdownAction::RestartRename, "restart_rename"},
    {ShutdownAction::Preserve, "preserve"},
    {ShutdownAction::CoredumpDestroy, "coredump_destroy"},
    {ShutdownAction::CoredumpRestart, "coredump_restart"},
    {ShutdownAction::SoftReset, "soft_reset"},
};

const json::Value* member(const json::Value* object, std::string_view key)
{
    return object && object->is_object() ? object->get(key) : nullptr;
}

uint64_t unsigned_field(const json::Value* object, std::string_view key, std::string_view where, uint64_t fallback)
{
    const json::Value* v = member(object, key);
    if (!v) return fallback;
    int64_t n = v->as_integer(std::string(where) + "." + std::string(key));
    if (n < 0) throw SpecError(std::string(where) + "." + std::string(key) + " is negative");
    return uint64_t(n);
}

std::string string_field(const json::Value* object, std::string_view key, std::string_view where)
{
    const json::Value* v = member(object, key);
    return v ? v->as_string(std::string(where) + "." + std::string(key)) : std::string();
}

ShutdownAction action_field(const json::Value& config, std::string_view key, ShutdownAction fallback)
{
    const json::Value* v = config.get(key);
    return v ? action_from_name(v->as_string(key)) : fallback;
}

int hex_digit(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    c = char(std::tolower(static_cast<unsigned char>(c)));
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

} // namespace

ShutdownAction action_from_name(std::string_view name)
{
    for (const auto& a : kActions)
        if (name == a.name) return a.action;
    throw SpecError("unknown action on shutdown \"" + std::string(name) + "\"");
}

const char* action_name(ShutdownAction action)
{
    for (const auto& a : kActions)
        if (a.action == action) return a.name;
    return "destroy";
}

void parse_uuid(std::string_view text, uint8_t (&out)[16])
{
    unsigned byte = 0;
    for (size_t i = 0; i < text.size();) {
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (text[i] != '-') break;
            ++i;
            continue;
        }
        int hi = hex_digit(text[i]), lo = i + 1 < text.size() ? hex_digit(text[i + 1]) : -1;
        if (hi < 0 || lo < 0 || byte >= 16) break;
        out[byte++] = uint8_t(hi << 4 | lo);
        i += 2;
    }
    if (byte != 16 || text.size() != 36) throw SpecError("malformed UUID \"" + std::string(text) + "\"");
}

bool valid_domain_name(std::string_view name)
{
    // libxl refuses empty names and names of digits only (they read as ids).
    if (name.empty() || name.size() > 64) return false;
    bool all_digits = true;
    for (char c : name) {
        if (c == '/' || c == '\0' || std::iscntrl(static_cast<unsigned char>(c))) return false;
        all_digits = all_digits && std::isdigit(static_cast<unsigned char>(c));
    }
    return !all_digits;
}

DomainSpec domain_spec_from(const json::Value& config)
{
    if (!config.is_object()) throw SpecError("the domain configuration is not a JSON object");
    const json::Value* c_info = config.get("c_info");
    const json::Value* b_info = config.get("b_info");
    if (!c_info || !c_info->is_object()) throw SpecError("the domain configuration has no c_info");
    DomainSpec spec;
    spec.name = string_field(c_info, "name", "c_info");
    if (!valid_domain_name(spec.name)) throw SpecError("invalid domain name \"" + spec.name + "\"");
    std::string type = string_field(c_info, "type", "c_info");
    if (!type.empty() && type != "pvh") throw SpecError("domain type \"" + type + "\" is not supported on ARM (only pvh)");
    spec.uuid = string_field(c_info, "uuid", "c_info");
    uint8_t bytes[16];
    parse_uuid(spec.uuid, bytes);
    for (char& c : spec.uuid) c = char(std::tolower(static_cast<unsigned char>(c)));

    spec.max_vcpus = unsigned(unsigned_field(b_info, "max_vcpus", "b_info", 1));
    if (spec.max_vcpus == 0 || spec.max_vcpus > 128) throw SpecError("b_info.max_vcpus must be 1 to 128");
    spec.online_vcpus = spec.max_vcpus;
    if (const json::Value* avail = member(b_info, "avail_vcpus")) {
        if (!avail->is_array()) throw SpecError("b_info.avail_vcpus: expected an array");
        spec.online_vcpus = unsigned(avail->items().size());
        if (spec.online_vcpus == 0 || spec.online_vcpus > spec.max_vcpus)
            throw SpecError("b_info.avail_vcpus: 1 to max_vcpus vCPUs must be online");
    }
    spec.max_memkb = unsigned_field(b_info, "max_memkb", "b_info", 32 * 1024);
    spec.target_memkb = unsigned_field(b_info, "target_memkb", "b_info", spec.max_memkb);
    if (spec.max_memkb < 1024 || spec.target_memkb > spec.max_memkb)
        throw SpecError("b_info: memory must be at least 1 MiB and no more than maxmem");
    spec.shadow_memkb = unsigned_field(b_info, "shadow_memkb", "b_info", 0);
    if (member(b_info, "max_grant_frames"))
        spec.max_grant_frames = int32_t(unsigned_field(b_info, "max_grant_frames", "b_info", 0));
    if (member(b_info, "max_maptrack_frames"))
        spec.max_maptrack_frames = int32_t(unsigned_field(b_info, "max_maptrack_frames", "b_info", 0));
    spec.max_event_channels = uint32_t(unsigned_field(b_info, "event_channels", "b_info", 1023));
    spec.kernel = string_field(b_info, "kernel", "b_info");
    if (spec.kernel.empty()) throw SpecError("no kernel given (b_info.kernel)");
    spec.ramdisk = string_field(b_info, "ramdisk", "b_info");
    spec.cmdline = string_field(b_info, "cmdline", "b_info");
    spec.device_tree = string_field(b_info, "device_tree", "b_info");
    if (!spec.device_tree.empty()) throw SpecError("a partial device tree (device_tree) is not supported");
    const json::Value* arch = member(b_info, "arch_arm");
    spec.vuart = string_field(arch, "vuart", "b_info.arch_arm") == "sbsa_uart";
    std::string gic = string_field(arch, "gic_version", "b_info.arch_arm");
    if (!gic.empty() && gic != "v2" && gic != "default") throw SpecError("gic_version " + gic + " is not supported (v2 only)");

    // Disks and vifs are wired by the device layer; other kinds are not.
    spec.disks = disks_from(config);
    spec.nics = nics_from(config);
    for (const NicDevice& nic : spec.nics)
        if (nic.mac.empty()) throw SpecError("nic " + std::to_string(nic.devid) + ": no MAC address (assign_macs gives one)");
    for (const char* kind : {"channels", "dtdevs", "pcidevs"})
        if (const json::Value* devices = config.get(kind); devices && devices->is_array() && !devices->items().empty())
            throw SpecError(std::string(kind) + ": this toolstack does not set up such devices yet");

    // libxl's JSON leaves out a field at its type's zero, which for these is
    // "destroy": xl writes "on_reboot": "restart" itself when it applies.
    spec.on_poweroff = action_field(config, "on_poweroff", ShutdownAction::Destroy);
    spec.on_reboot = action_field(config, "on_reboot", ShutdownAction::Destroy);
    spec.on_watchdog = action_field(config, "on_watchdog", ShutdownAction::Destroy);
    spec.on_crash = action_field(config, "on_crash", ShutdownAction::Destroy);
    return spec;
}

} // namespace toolstack
