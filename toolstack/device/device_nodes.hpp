#pragma once
// The xenstore nodes of a PV disk (vbd) and network interface (vif), as
// libxl writes them (spec §2.5, §2.7, §2.8): the front-end directory the
// guest owns, the back-end directory dom0 owns, libxl's copy under
// /libxl/D/device, each key with its permissions. Written into a batch so
// that they join the domain's creation transaction, or form one of their
// own for a hot-plug.
#include <cstdint>
#include <string>
#include <vector>

#include "device/device_spec.hpp"
#include "xenstore/client.hpp"

namespace toolstack {

// XenbusState.
enum class XenbusState : int { Unknown = 0, Initialising, InitWait, Initialised, Connected, Closing, Closed };

// The two kinds of device this toolstack wires; their xenstore names.
enum class DeviceKind { Vbd, Vif };
const char* kind_name(DeviceKind kind);

struct DeviceId {
    DeviceKind kind;
    uint32_t domid;
    uint32_t devid;
};

std::string backend_path(const DeviceId& id);  // /local/domain/0/backend/K/D/N
std::string frontend_path(const DeviceId& id); // /local/domain/D/device/K/N
std::string libxl_path(const DeviceId& id);    // /libxl/D/device/K/N

void write_disk_nodes(xs::Batch& xs, uint32_t domid, const DiskDevice& disk);
void write_nic_nodes(xs::Batch& xs, uint32_t domid, const NicDevice& nic);

// The devices of `kind` whose back-ends in dom0 serve domain `domid`.
std::vector<uint32_t> backend_devids(xs::Client& xs, DeviceKind kind, uint32_t domid);

// The nodes of one device: front-end (unless `frontend` is false: a
// running guest's, removed by the caller outside the transaction), back-end
// and libxl's copy, with any parent left empty. Absent nodes are fine.
void remove_device_nodes(xs::Client& xs, xs::Tx tx, const DeviceId& id, bool frontend = true);

} // namespace toolstack
