#include "domain/device_control.hpp"

#include <algorithm>
#include <cstdlib>
#include <optional>

#include "hotplug/device_hotplug.hpp"
#include "xenstore/wait.hpp"

namespace toolstack {
namespace {

std::string describe(const DeviceId& id)
{
    return std::string(kind_name(id.kind)) + " " + std::to_string(id.devid) + " of domain " + std::to_string(id.domid);
}

// A number a guest (or anyone) wrote: -1 unless it is all digits.
int number_or_none(const std::optional<std::string>& text)
{
    if (!text || text->empty() || text->size() > 9) return -1;
    for (char c : *text)
        if (c < '0' || c > '9') return -1;
    return std::atoi(text->c_str());
}

std::vector<uint32_t> numeric_entries(xs::Client& xs, const std::string& dir)
{
    std::vector<uint32_t> out;
    for (const std::string& name : xs.directory(0, dir)) {
        int n = number_or_none(name);
        if (n >= 0) out.push_back(uint32_t(n));
    }
    std::sort(out.begin(), out.end());
    return out;
}

template <class Write> void attach(xs::Client& xs, const DeviceId& id, Write&& write_nodes)
{
    xs::in_transaction(xs, [&](xs::Tx tx) {
        for (const std::string& path : {frontend_path(id), backend_path(id), libxl_path(id)})
            if (xs.read(tx, path)) throw DeviceError(DeviceError::Reason::Exists, describe(id) + " already exists (" + path + ")");
        xs::Batch batch(xs, tx);
        write_nodes(batch);
        batch.run();
    });
    try {
        plug_device(xs, id);
    } catch (...) {
        unplug_device(xs, id);
        xs::in_transaction(xs, [&](xs::Tx tx) { remove_device_nodes(xs, tx, id); });
        throw;
    }
}

} // namespace

void attach_disk(xs::Client& xs, uint32_t domid, const DiskDevice& disk)
{
    attach(xs, {DeviceKind::Vbd, domid, disk.devid}, [&](xs::Batch& batch) { write_disk_nodes(batch, domid, disk); });
}

void attach_nic(xs::Client& xs, uint32_t domid, const NicDevice& nic)
{
    attach(xs, {DeviceKind::Vif, domid, nic.devid}, [&](xs::Batch& batch) { write_nic_nodes(batch, domid, nic); });
}

uint32_t next_nic_devid(xs::Client& xs, uint32_t domid)
{
    // dom0's records only: the guest's own device directory is its to fill
    // with any number.
    const DeviceId any{DeviceKind::Vif, domid, 0};
    auto dir = [](const std::string& path) { return path.substr(0, path.rfind('/')); };
    uint32_t next = 0;
    for (const std::string& d : {dir(libxl_path(any)), dir(backend_path(any))})
        for (uint32_t devid : numeric_entries(xs, d)) next = std::max(next, devid + 1);
    return next;
}

std::string detach_device(xs::Client& xs, const DeviceId& id, RemoveMode mode, int timeout_ms)
{
    const std::string be = backend_path(id);
    if (!xs.read(0, libxl_path(id)) && !xs.read(0, be))
        throw DeviceError(DeviceError::Reason::NotFound, describe(id) + " does not exist");

    // §2.6: the back-end offline and closing; the front-end sees it and
    // closes (blkfront refuses while the disk is in use), the back-end then
    // closes too and, being offline, lets the device go.
    bool connected = false;
    // The guest's nodes go without a transaction: a guest that keeps
    // rewriting them must not make a commit fail for ever.
    auto remove_frontend = [&] {
        try {
            xs.remove(0, frontend_path(id));
        } catch (const xs::XenstoreError&) {
        }
    };
    auto ask_to_close = [&](bool take_frontend) {
        if (take_frontend) remove_frontend();
        xs::in_transaction(xs, [&](xs::Tx tx) {
            std::optional<std::string> state = xs.read(tx, be + "/state");
            if (!state) return;
            xs.write(tx, be + "/online", "0");
            int s = std::atoi(state->c_str());
            // A back-end that never went past InitWait has no front-end to
            // wait for: nothing was mapped.
            connected = s > int(XenbusState::InitWait);
            if (s != int(XenbusState::Closed)) xs.write(tx, be + "/state", std::to_string(int(XenbusState::Closing)));
        });
    };
    auto closed = [&] {
        std::optional<std::string> state = xs.read(0, be + "/state");
        return !state || std::atoi(state->c_str()) == int(XenbusState::Closed);
    };
    const std::string token = "detach-" + std::string(kind_name(id.kind)) + "-" + std::to_string(id.domid) + "-" +
                              std::to_string(id.devid);
    auto wait_closed = [&] { return !connected || xs::wait_until(xs, {be + "/state"}, token, timeout_ms, closed); };

    ask_to_close(mode == RemoveMode::Force);
    if (!wait_closed()) {
        if (mode == RemoveMode::Safe)
            throw DeviceError(DeviceError::Reason::Timeout,
                              describe(id) + " was not released within " + std::to_string(timeout_ms / 1000) +
                                  " s (still in use in the guest?); it is left closing: detach it again once the guest "
                                  "lets go, or force it");
        if (mode == RemoveMode::Auto) {
            // libxl's automatic fallback: the front-end goes, and the
            // back-end with it at once, whatever the guest thinks (a short
            // wait: the daemon serves nothing else meanwhile).
            ask_to_close(true);
            xs::wait_until(xs, {be + "/state"}, token, std::min(timeout_ms, 2000), closed);
        }
    }
    std::string error = unplug_device(xs, id);
    remove_frontend();
    xs::in_transaction(xs, [&](xs::Tx tx) { remove_device_nodes(xs, tx, id, false); });
    return error;
}

std::vector<DeviceInfo> list_devices(xs::Client& xs, uint32_t domid, DeviceKind kind)
{
    std::vector<DeviceInfo> out;
    const DeviceId any{kind, domid, 0};
    const std::string records = libxl_path(any).substr(0, libxl_path(any).rfind('/'));
    for (uint32_t devid : numeric_entries(xs, records)) {
        DeviceInfo info;
        info.id = {kind, domid, devid};
        const std::string libxl = libxl_path(info.id), fe = frontend_path(info.id);
        // The back-end's path from libxl's record: the front-end's copy is
        // the guest's to rewrite.
        std::optional<std::string> backend = xs.read(0, libxl + "/backend");
        if (!backend) continue;
        info.backend = *backend;
        const std::string prefix = "/local/domain/";
        if (info.backend.rfind(prefix, 0) == 0)
            info.backend_id = number_or_none(info.backend.substr(prefix.size(), info.backend.find('/', prefix.size()) - prefix.size()));
        info.frontend_id = number_or_none(xs.read(0, info.backend + "/frontend-id"));
        info.state = number_or_none(xs.read(0, fe + "/state"));
        info.evtch = number_or_none(xs.read(0, fe + "/event-channel"));
        if (kind == DeviceKind::Vbd) {
            info.ring_ref = number_or_none(xs.read(0, fe + "/ring-ref"));
            info.vdev = xs.read(0, libxl + "/dev").value_or("");
        } else {
            info.tx_ring_ref = number_or_none(xs.read(0, fe + "/tx-ring-ref"));
            info.rx_ring_ref = number_or_none(xs.read(0, fe + "/rx-ring-ref"));
            info.mac = xs.read(0, libxl + "/mac").value_or("");
        }
        out.push_back(std::move(info));
    }
    return out;
}

} // namespace toolstack
