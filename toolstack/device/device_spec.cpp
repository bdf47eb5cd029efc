#include "device/device_spec.hpp"

#include <cctype>
#include <cstdio>
#include <random>
#include <set>

#include "device/vdev.hpp"
#include "domain/domain_spec.hpp"

namespace toolstack {
namespace {

std::string text(const json::Value& object, const char* key, const std::string& where)
{
    const json::Value* v = object.get(key);
    return v ? v->as_string(where + "." + key) : std::string();
}

int64_t number(const json::Value& object, const char* key, const std::string& where, int64_t fallback)
{
    const json::Value* v = object.get(key);
    return v ? v->as_integer(where + "." + key) : fallback;
}

// libxl's defbool: "True", "False" or absent ("default").
std::optional<bool> defbool(const json::Value& object, const char* key, const std::string& where)
{
    const json::Value* v = object.get(key);
    if (!v) return std::nullopt;
    if (v->kind() == json::Value::Kind::Bool) return v->as_bool(where + "." + key);
    const std::string& s = v->as_string(where + "." + key);
    if (s == "True") return true;
    if (s == "False") return false;
    if (s == "default") return std::nullopt;
    throw SpecError(where + "." + key + ": expected True or False, not \"" + s + "\"");
}

bool parse_mac(const std::string& mac)
{
    unsigned b[6];
    char end;
    return mac.size() == 17 &&
           std::sscanf(mac.c_str(), "%2x:%2x:%2x:%2x:%2x:%2x%c", &b[0], &b[1], &b[2], &b[3], &b[4], &b[5], &end) == 6;
}

std::string lower(std::string s)
{
    for (char& c : s)
        if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
    return s;
}

// Names that become a file in /sys, a xenstore key or an interface name:
// nothing that could climb out of where they are put.
bool plain_name(const std::string& s, size_t max)
{
    if (s.empty() || s.size() > max) return false;
    for (char c : s)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.')) return false;
    return s != "." && s != "..";
}

} // namespace

DiskDevice disk_from(const json::Value& disk)
{
    DiskDevice d;
    d.vdev = text(disk, "vdev", "disk");
    const std::string where = "disk " + (d.vdev.empty() ? std::string("?") : d.vdev);
    if (!disk.is_object()) throw SpecError("disks: an entry is not a JSON object");
    auto devid = vdev_to_devid(d.vdev);
    if (!devid) throw SpecError(where + ": invalid vdev \"" + d.vdev + "\"");
    d.devid = *devid;
    if (std::string b = text(disk, "backend_domname", where); !b.empty() && b != "0" && b != "Domain-0")
        throw SpecError(where + ": back-ends in a driver domain (" + b + ") are not supported: dom0 serves every disk");
    std::string format = text(disk, "format", where);
    if (!format.empty() && format != "raw")
        throw SpecError(where + ": format " + format +
                        " needs QEMU's qdisk back-end, which this toolstack does not have: convert the image to raw");
    std::string backend = text(disk, "backend", where);
    if (!backend.empty() && backend != "phy")
        throw SpecError(where + ": backendtype " + backend + " is not available (only phy, the kernel's blkback)");
    d.target = text(disk, "pdev_path", where);
    if (d.target.empty()) throw SpecError(where + ": an empty drive needs QEMU's qdisk back-end, which this toolstack does not have");
    if (d.target[0] != '/') throw SpecError(where + ": target " + d.target + " is not an absolute path");
    d.readwrite = number(disk, "readwrite", where, 0) != 0;
    d.cdrom = number(disk, "is_cdrom", where, 0) != 0;
    if (d.cdrom) d.readwrite = false;
    d.direct_io_safe = defbool(disk, "direct_io_safe", where).value_or(false);
    d.discard = defbool(disk, "discard_enable", where).value_or(d.readwrite);
    d.script = text(disk, "script", where);
    return d;
}

NicDevice nic_from(const json::Value& nic, uint32_t default_devid)
{
    if (!nic.is_object()) throw SpecError("nics: an entry is not a JSON object");
    NicDevice n;
    int64_t devid = number(nic, "devid", "nic", default_devid);
    if (devid < 0 || devid > 0xffff) throw SpecError("nic: devid " + std::to_string(devid) + " is out of range");
    n.devid = uint32_t(devid);
    const std::string where = "nic " + std::to_string(n.devid);
    if (std::string b = text(nic, "backend_domname", where); !b.empty() && b != "0" && b != "Domain-0")
        throw SpecError(where + ": back-ends in a driver domain (" + b + ") are not supported: dom0 serves every vif");
    if (std::string type = text(nic, "nictype", where); !type.empty() && type != "vif")
        throw SpecError(where + ": nictype " + type + " needs QEMU, which ARM guests do not have");
    n.mac = lower(text(nic, "mac", where));
    if (!n.mac.empty() && !parse_mac(n.mac)) throw SpecError(where + ": invalid MAC address \"" + n.mac + "\"");
    if (std::string bridge = text(nic, "bridge", where); !bridge.empty()) n.bridge = bridge;
    if (!plain_name(n.bridge, 15)) throw SpecError(where + ": invalid bridge name \"" + n.bridge + "\"");
    n.ifname = text(nic, "ifname", where);
    if (!n.ifname.empty() && !plain_name(n.ifname, 15)) throw SpecError(where + ": invalid vifname \"" + n.ifname + "\"");
    n.ip = text(nic, "ip", where);
    n.gatewaydev = text(nic, "gatewaydev", where);
    n.script = text(nic, "script", where);
    n.model = text(nic, "model", where);
    int64_t mtu = number(nic, "mtu", where, 1500);
    if (mtu < 68 || mtu > 65535) throw SpecError(where + ": mtu " + std::to_string(mtu) + " is out of range");
    n.mtu = uint32_t(mtu);
    if (const json::Value* rate = nic.get("rate_bytes_per_interval")) {
        int64_t bytes = rate->as_integer(where + ".rate_bytes_per_interval");
        int64_t interval = number(nic, "rate_interval_usecs", where, 50000);
        if (bytes <= 0 || interval <= 0 || interval > 0xffffffffll) throw SpecError(where + ": invalid rate");
        n.rate_bytes_per_interval = uint64_t(bytes);
        n.rate_interval_us = uint32_t(interval);
    }
    return n;
}

std::vector<DiskDevice> disks_from(const json::Value& config)
{
    std::vector<DiskDevice> disks;
    const json::Value* list = config.get("disks");
    if (!list) return disks;
    if (!list->is_array()) throw SpecError("disks: expected an array");
    std::set<uint32_t> seen;
    for (const json::Value& entry : list->items()) {
        disks.push_back(disk_from(entry));
        if (!seen.insert(disks.back().devid).second)
            throw SpecError("disk " + disks.back().vdev + ": the same virtual device is given twice");
    }
    return disks;
}

std::vector<NicDevice> nics_from(const json::Value& config)
{
    std::vector<NicDevice> nics;
    const json::Value* list = config.get("nics");
    if (!list) return nics;
    if (!list->is_array()) throw SpecError("nics: expected an array");
    std::set<uint32_t> seen;
    for (const json::Value& entry : list->items()) {
        nics.push_back(nic_from(entry, uint32_t(nics.size())));
        if (!seen.insert(nics.back().devid).second)
            throw SpecError("nic " + std::to_string(nics.back().devid) + ": the same devid is given twice");
    }
    return nics;
}

std::string xen_mac(const std::array<uint8_t, 3>& random)
{
    char mac[18];
    std::snprintf(mac, sizeof mac, "00:16:3e:%02x:%02x:%02x", random[0] & 0x7f, random[1], random[2]);
    return mac;
}

std::array<uint8_t, 3> random_mac_bytes()
{
    static std::random_device source;
    uint32_t r = source();
    return {uint8_t(r), uint8_t(r >> 8), uint8_t(r >> 16)};
}

void assign_macs(json::Value& config, const std::function<std::array<uint8_t, 3>()>& random)
{
    json::Value* list = config.get("nics");
    if (!list || !list->is_array()) return;
    json::Value rebuilt = json::Value::array();
    for (const json::Value& entry : list->items()) {
        json::Value nic = entry;
        if (nic.is_object() && !nic.get("mac")) nic.set("mac", json::Value::string(xen_mac(random())));
        rebuilt.push(std::move(nic));
    }
    config.set("nics", std::move(rebuilt));
}

} // namespace toolstack
