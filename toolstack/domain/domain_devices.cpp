#include "domain/domain_devices.hpp"

#include <chrono>
#include <cstdlib>

#include "hotplug/device_hotplug.hpp"
#include "xenstore/wait.hpp"

namespace toolstack {
namespace {

bool closed(xs::Client& xs, const DeviceId& id)
{
    std::optional<std::string> state = xs.read(0, backend_path(id) + "/state");
    // A back-end that never connected (or is gone) has nothing to release.
    if (!state) return true;
    int s = std::atoi(state->c_str());
    return s == int(XenbusState::Closed) || s == int(XenbusState::Unknown) || s == int(XenbusState::Initialising) ||
           s == int(XenbusState::InitWait);
}

} // namespace

void write_device_nodes(xs::Batch& xs, const DomainSpec& spec, uint32_t domid)
{
    for (const DiskDevice& disk : spec.disks) write_disk_nodes(xs, domid, disk);
    for (const NicDevice& nic : spec.nics) write_nic_nodes(xs, domid, nic);
}

void plug_devices(xs::Client& xs, const DomainSpec& spec, uint32_t domid)
{
    for (const DiskDevice& disk : spec.disks) plug_device(xs, {DeviceKind::Vbd, domid, disk.devid});
    for (const NicDevice& nic : spec.nics) plug_device(xs, {DeviceKind::Vif, domid, nic.devid});
}

std::vector<DeviceId> devices_of(xs::Client& xs, uint32_t domid)
{
    std::vector<DeviceId> out;
    for (DeviceKind kind : {DeviceKind::Vbd, DeviceKind::Vif})
        for (uint32_t devid : backend_devids(xs, kind, domid)) out.push_back({kind, domid, devid});
    return out;
}

std::string release_devices(xs::Client& xs, uint32_t domid, int timeout_ms)
{
    std::vector<DeviceId> devices = devices_of(xs, domid);
    if (devices.empty()) return "";
    xs::in_transaction(xs, [&](xs::Tx tx) {
        for (const DeviceId& id : devices) {
            xs.remove(tx, frontend_path(id));
            if (xs.read(tx, backend_path(id))) xs.write(tx, backend_path(id) + "/online", "0");
        }
    });
    // The back-ends see their front-ends go and close; blkback then drops
    // the disk (and its grant mappings), netback unregisters the vif.
    std::vector<std::string> states;
    for (const DeviceId& id : devices) states.push_back(backend_path(id) + "/state");
    xs::wait_until(xs, states, "release-" + std::to_string(domid), timeout_ms, [&] {
        for (const DeviceId& id : devices)
            if (!closed(xs, id)) return false;
        return true;
    });
    std::string errors;
    for (const DeviceId& id : devices) {
        std::string error = unplug_device(xs, id);
        if (!error.empty()) errors += (errors.empty() ? "" : "; ") + std::string(kind_name(id.kind)) + " " + std::to_string(id.devid) + ": " + error;
    }
    return errors;
}

} // namespace toolstack
