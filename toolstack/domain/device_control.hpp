#pragma once
// PV devices on a running domain, as xl's block-/network-attach, -detach
// and -list drive them through libxl: one device's nodes in a transaction
// of their own, its host side plugged; a removal that asks the guest to
// let go first (§2.6); and what each device's front-end has published.
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "device/device_nodes.hpp"
#include "device/device_spec.hpp"
#include "xenstore/client.hpp"

namespace toolstack {

class DeviceError : public std::runtime_error {
public:
    enum class Reason { Exists, NotFound, Timeout, Failed };
    DeviceError(Reason reason, const std::string& message) : std::runtime_error(message), reason_(reason) {}
    Reason reason() const { return reason_; }

private:
    Reason reason_;
};

// The nodes written in one transaction (refused with Exists if any of the
// device's three directories is there), then the host side; a failure
// undoes both and throws (HotplugError from the host side).
void attach_disk(xs::Client& xs, uint32_t domid, const DiskDevice& disk);
void attach_nic(xs::Client& xs, uint32_t domid, const NicDevice& nic);

// The lowest vif devid above every one the domain has (libxl's choice).
uint32_t next_nic_devid(xs::Client& xs, uint32_t domid);

// How a removal treats a front-end that does not let go in time:
// Safe fails (the device stays, closing: libxl's safe_remove), Auto then
// forces it, Force removes the front-end first and never waits on it.
enum class RemoveMode { Safe, Auto, Force };

// Throws DeviceError NotFound (no such device) or Timeout (Safe only).
// Returns what failed undoing the host side, "" if nothing: the device is
// gone from xenstore either way.
std::string detach_device(xs::Client& xs, const DeviceId& id, RemoveMode mode, int timeout_ms = 10000);

// libxl_diskinfo / libxl_nicinfo: -1 where a node is absent.
struct DeviceInfo {
    DeviceId id;
    std::string backend;  // the back-end's path
    int backend_id = -1, frontend_id = -1;
    int state = -1;       // the front-end's
    int evtch = -1;
    int ring_ref = -1;                      // vbd
    int tx_ring_ref = -1, rx_ring_ref = -1; // vif
    std::string vdev;     // vbd: the back-end's dev
    std::string mac;      // vif
};

// The devices of `kind` that the toolstack gave `domid` (libxl's records
// under /libxl/D/device), in devid order, with what their front-ends say.
std::vector<DeviceInfo> list_devices(xs::Client& xs, uint32_t domid, DeviceKind kind);

} // namespace toolstack
