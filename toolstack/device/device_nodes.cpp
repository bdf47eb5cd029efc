#include "device/device_nodes.hpp"

#include <cstdlib>
#include <utility>

namespace toolstack {
namespace {

using Perms = std::vector<std::string>;
using Keys = std::vector<std::pair<std::string, std::string>>;

constexpr uint32_t kBackendDomid = 0; // dom0 serves every device

std::string n(uint32_t domid) { return "n" + std::to_string(domid); }
std::string r(uint32_t domid) { return "r" + std::to_string(domid); }

// §2.5: one device's three directories. `ro_frontend` keys are the
// back-end's to write (the guest may only read them).
void write_device(xs::Batch& xs, const DeviceId& id, const Keys& frontend, const Keys& ro_frontend, const Keys& backend)
{
    const std::string fe = frontend_path(id), be = backend_path(id), libxl = libxl_path(id);
    const uint32_t d = id.domid, b = kBackendDomid;
    const Perms fe_perms{n(d), r(b)}, be_perms{n(b), r(d)};

    xs.remove(libxl);
    xs.write(libxl + "/frontend", fe);
    xs.write(libxl + "/backend", be);

    xs.remove(fe);
    xs.write(fe, "");
    xs.set_perms(fe, fe_perms);
    xs.write(fe + "/backend", be);
    xs.set_perms(fe + "/backend", fe_perms);
    Keys common_fe{{"backend-id", std::to_string(b)}, {"state", "1"}};
    for (const Keys* keys : {static_cast<const Keys*>(&common_fe), &frontend})
        for (const auto& [key, value] : *keys) {
            xs.write(fe + "/" + key, value);
            xs.set_perms(fe + "/" + key, fe_perms);
        }
    for (const auto& [key, value] : ro_frontend) {
        xs.write(fe + "/" + key, value);
        xs.set_perms(fe + "/" + key, be_perms);
    }

    xs.remove(be);
    xs.write(be, "");
    xs.set_perms(be, be_perms);
    xs.write(be + "/frontend", fe);
    Keys common_be{{"frontend-id", std::to_string(d)}, {"online", "1"}, {"state", "1"}};
    for (const Keys* keys : {static_cast<const Keys*>(&common_be), &backend})
        for (const auto& [key, value] : *keys) {
            xs.write(be + "/" + key, value);
            xs.write(libxl + "/" + key, value);
        }
}

} // namespace

const char* kind_name(DeviceKind kind) { return kind == DeviceKind::Vbd ? "vbd" : "vif"; }

std::string backend_path(const DeviceId& id)
{
    return "/local/domain/" + std::to_string(kBackendDomid) + "/backend/" + kind_name(id.kind) + "/" +
           std::to_string(id.domid) + "/" + std::to_string(id.devid);
}

std::string frontend_path(const DeviceId& id)
{
    return "/local/domain/" + std::to_string(id.domid) + "/device/" + kind_name(id.kind) + "/" + std::to_string(id.devid);
}

std::string libxl_path(const DeviceId& id)
{
    return "/libxl/" + std::to_string(id.domid) + "/device/" + kind_name(id.kind) + "/" + std::to_string(id.devid);
}

void write_disk_nodes(xs::Batch& xs, uint32_t domid, const DiskDevice& disk)
{
    const DeviceId id{DeviceKind::Vbd, domid, disk.devid};
    const char* type = disk.cdrom ? "cdrom" : "disk";
    Keys frontend{{"virtual-device", std::to_string(disk.devid)}, {"device-type", type}, {"trusted", "1"}};
    Keys backend{{"params", disk.target},
                 {"script", disk.script.empty() ? "/etc/xen/scripts/block" : disk.script},
                 {"removable", disk.cdrom ? "1" : "0"},
                 {"bootable", "1"},
                 {"dev", disk.vdev},
                 {"type", "phy"},
                 {"mode", disk.readwrite ? "w" : "r"},
                 {"device-type", type},
                 {"discard-enable", disk.discard ? "1" : "0"},
                 {"specification", "xen"}};
    if (disk.direct_io_safe) backend.emplace_back("direct-io-safe", "1");
    write_device(xs, id, frontend, {}, backend);
}

void write_nic_nodes(xs::Batch& xs, uint32_t domid, const NicDevice& nic)
{
    const DeviceId id{DeviceKind::Vif, domid, nic.devid};
    Keys frontend{{"handle", std::to_string(nic.devid)}, {"mac", nic.mac}, {"trusted", "1"}};
    Keys ro_frontend{{"mtu", std::to_string(nic.mtu)}};
    Keys backend{{"script", nic.script.empty() ? "/etc/xen/scripts/vif-bridge" : nic.script}};
    if (!nic.ifname.empty()) backend.emplace_back("vifname", nic.ifname);
    backend.emplace_back("mac", nic.mac);
    if (!nic.ip.empty()) backend.emplace_back("ip", nic.ip);
    if (!nic.gatewaydev.empty()) backend.emplace_back("gatewaydev", nic.gatewaydev);
    if (nic.rate_bytes_per_interval)
        backend.emplace_back("rate", std::to_string(*nic.rate_bytes_per_interval) + "," + std::to_string(nic.rate_interval_us));
    if (nic.mtu != 1500) backend.emplace_back("mtu", std::to_string(nic.mtu));
    backend.emplace_back("bridge", nic.bridge);
    backend.emplace_back("handle", std::to_string(nic.devid));
    backend.emplace_back("type", "vif");
    backend.emplace_back("hotplug-status", "");
    write_device(xs, id, frontend, ro_frontend, backend);
}

std::vector<uint32_t> backend_devids(xs::Client& xs, DeviceKind kind, uint32_t domid)
{
    std::vector<uint32_t> out;
    const std::string dir = "/local/domain/" + std::to_string(kBackendDomid) + "/backend/" + kind_name(kind) + "/" +
                            std::to_string(domid);
    for (const std::string& name : xs.directory(0, dir)) {
        char* end = nullptr;
        unsigned long v = std::strtoul(name.c_str(), &end, 10);
        if (!name.empty() && *end == '\0' && v <= 0xffffffffu) out.push_back(uint32_t(v));
    }
    return out;
}

void remove_device_nodes(xs::Client& xs, xs::Tx tx, const DeviceId& id, bool frontend)
{
    auto parent = [](const std::string& path) { return path.substr(0, path.rfind('/')); };
    auto remove_if_empty = [&](const std::string& path) {
        if (xs.directory(tx, path).empty()) xs.remove(tx, path);
    };
    // The front-end's and libxl's .../device/K go when empty (.../device is
    // the domain's skeleton); the back-end's .../backend/K/D and .../K too.
    if (frontend) {
        xs.remove(tx, frontend_path(id));
        remove_if_empty(parent(frontend_path(id)));
    }
    xs.remove(tx, libxl_path(id));
    remove_if_empty(parent(libxl_path(id)));
    xs.remove(tx, backend_path(id));
    remove_if_empty(parent(backend_path(id)));
    remove_if_empty(parent(parent(backend_path(id))));
}

} // namespace toolstack
