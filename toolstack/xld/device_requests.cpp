// The daemon's PV device requests: attach, detach and list a running
// domain's disks and vifs, keeping our stored configuration in step (libxl
// does the same to its domain userdata).
#include <cctype>

#include "device/device_spec.hpp"
#include "device/vdev.hpp"
#include "domain/device_control.hpp"
#include "domain/domain_spec.hpp"
#include "hotplug/hotplug_error.hpp"
#include "xld/domain_manager.hpp"

namespace xld {
namespace {

using toolstack::DeviceKind;

const char* list_key(DeviceKind kind) { return kind == DeviceKind::Vbd ? "disks" : "nics"; }

std::string lower(std::string s)
{
    for (char& c : s) c = char(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

ApiError from(const toolstack::DeviceError& e)
{
    using Reason = toolstack::DeviceError::Reason;
    switch (e.reason()) {
    case Reason::Exists: return ApiError(e.what(), kErrorDeviceExists);
    case Reason::NotFound: return ApiError(e.what(), kErrorDeviceNotFound);
    case Reason::Timeout: return ApiError(e.what(), kErrorTimedOut);
    case Reason::Failed: break;
    }
    return ApiError(e.what(), kErrorFail);
}

// The devid of an entry of a stored `disks`/`nics` list.
uint32_t devid_of(DeviceKind kind, const json::Value& entry, uint32_t index)
{
    return kind == DeviceKind::Vbd ? toolstack::disk_from(entry).devid : toolstack::nic_from(entry, index).devid;
}

// `entries` without the device `devid`. A nic's default devid is its
// position, so each kept nic gets its devid written in.
void drop_device(DeviceKind kind, json::Value& entries, uint32_t devid)
{
    json::Value kept = json::Value::array();
    uint32_t index = 0;
    for (const json::Value& entry : entries.items()) {
        json::Value copy = entry;
        uint32_t id = ~0u; // an entry this daemon cannot read is kept as it is
        try {
            id = devid_of(kind, entry, index);
        } catch (const std::exception&) {
        }
        if (kind == DeviceKind::Vif && id != ~0u && !copy.get("devid")) copy.set("devid", json::Value::integer(id));
        if (id != devid) kept.push(std::move(copy));
        ++index;
    }
    entries = std::move(kept);
}

} // namespace

void DomainManager::check_running(uint32_t domid)
{
    if (domid == 0) throw ApiError("dom0's devices are not the toolstack's to attach or detach", kErrorInval);
    auto info = info_of(domid);
    if (!info) throw ApiError("Domain " + std::to_string(domid) + " does not exist.", kErrorDomainNotFound);
    if (info->flags & (xen::DOMINF_dying | xen::DOMINF_shutdown))
        throw ApiError("domain " + std::to_string(domid) + " is shutting down", kErrorInval);
}

void DomainManager::edit_devices(uint32_t domid, const char* list, const std::function<void(json::Value&)>& edit)
{
    std::optional<DomainRecord> record = record_for(domid);
    if (!record) return;
    json::Value config = json::parse(record->config);
    json::Value entries = config.get(list) ? *config.get(list) : json::Value::array();
    edit(entries);
    if (entries.items().empty())
        config.erase(list);
    else
        config.set(list, std::move(entries));
    state_.set_config(record->uuid, json::write(config, true));
}

json::Value DomainManager::attach_device(uint32_t domid, DeviceKind kind, json::Value device)
{
    check_running(domid);
    if (!device.is_object()) throw ApiError("a device is a JSON object", kErrorInval);
    try {
        if (kind == DeviceKind::Vbd) {
            toolstack::DiskDevice disk = toolstack::disk_from(device);
            toolstack::attach_disk(xs_, domid, disk);
        } else {
            if (!device.get("devid"))
                device.set("devid", json::Value::integer(toolstack::next_nic_devid(xs_, domid)));
            if (!device.get("mac")) device.set("mac", json::Value::string(toolstack::xen_mac(toolstack::random_mac_bytes())));
            toolstack::NicDevice nic = toolstack::nic_from(device, 0);
            toolstack::attach_nic(xs_, domid, nic);
        }
    } catch (const toolstack::SpecError& e) {
        throw ApiError(std::string("invalid device: ") + e.what(), kErrorInval);
    } catch (const toolstack::DeviceError& e) {
        throw from(e);
    } catch (const toolstack::HotplugError& e) {
        throw ApiError(e.what(), kErrorFail);
    }
    edit_devices(domid, list_key(kind), [&](json::Value& entries) {
        drop_device(kind, entries, devid_of(kind, device, 0));
        entries.push(device);
    });
    if (auto record = record_for(domid))
        state_.log_event(record->uuid, domid, std::string(kind_name(kind)) + " attached: " + json::write(device));
    return device;
}

void DomainManager::detach_device(uint32_t domid, DeviceKind kind, const std::string& which, bool force)
{
    if (domid == 0) throw ApiError("dom0's devices are not the toolstack's to attach or detach", kErrorInval);
    if (!exists(domid)) throw ApiError("Domain " + std::to_string(domid) + " does not exist.", kErrorDomainNotFound);
    std::optional<uint32_t> devid;
    if (kind == DeviceKind::Vif && which.find(':') != std::string::npos) {
        for (const toolstack::DeviceInfo& nic : toolstack::list_devices(xs_, domid, kind))
            if (lower(nic.mac) == lower(which)) devid = nic.id.devid;
    } else if (kind == DeviceKind::Vbd) {
        devid = toolstack::vdev_to_devid(which);
    } else if (!which.empty() && which.size() < 6 && which.find_first_not_of("0123456789") == std::string::npos) {
        devid = uint32_t(std::stoul(which));
    }
    if (!devid) throw ApiError("no device " + which + " on domain " + std::to_string(domid), kErrorDeviceNotFound);
    // block-detach asks the guest and fails if it holds on (libxl's
    // safe_remove); -f does not ask; network-detach forces after the wait.
    using Mode = toolstack::RemoveMode;
    Mode mode = force ? Mode::Force : kind == DeviceKind::Vbd ? Mode::Safe : Mode::Auto;
    std::string error;
    try {
        error = toolstack::detach_device(xs_, {kind, domid, *devid}, mode);
    } catch (const toolstack::DeviceError& e) {
        throw from(e);
    }
    edit_devices(domid, list_key(kind), [&](json::Value& entries) { drop_device(kind, entries, *devid); });
    if (auto record = record_for(domid))
        state_.log_event(record->uuid, domid, std::string(kind_name(kind)) + " " + std::to_string(*devid) + " detached");
    if (!error.empty()) log_("domain " + std::to_string(domid) + ": detaching " + kind_name(kind) + " " + which + ": " + error);
}

json::Value DomainManager::list_devices(uint32_t domid, DeviceKind kind)
{
    json::Value out = json::Value::array();
    for (const toolstack::DeviceInfo& d : toolstack::list_devices(xs_, domid, kind)) {
        json::Value v = json::Value::object();
        v.set("devid", json::Value::integer(d.id.devid));
        v.set("backend", json::Value::string(d.backend));
        v.set("backend_id", json::Value::integer(d.backend_id));
        v.set("frontend_id", json::Value::integer(d.frontend_id));
        v.set("state", json::Value::integer(d.state));
        v.set("evtch", json::Value::integer(d.evtch));
        if (kind == DeviceKind::Vbd) {
            v.set("rref", json::Value::integer(d.ring_ref));
            v.set("vdev", json::Value::string(d.vdev));
        } else {
            v.set("rref_tx", json::Value::integer(d.tx_ring_ref));
            v.set("rref_rx", json::Value::integer(d.rx_ring_ref));
            v.set("mac", json::Value::string(d.mac));
        }
        out.push(std::move(v));
    }
    return out;
}

} // namespace xld
