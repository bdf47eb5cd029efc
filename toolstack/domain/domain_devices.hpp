#pragma once
// A domain's PV disks and vifs over its lifetime, as libxl handles them:
// their nodes join the creation transaction, their host side is plugged
// before the guest runs, and a teardown closes the front-ends, lets the
// back-ends let go, then undoes the host side. Every step reads xenstore,
// so that a daemon restarted half-way can finish the job.
#include <cstdint>
#include <string>
#include <vector>

#include "device/device_nodes.hpp"
#include "domain/domain_spec.hpp"
#include "xenstore/client.hpp"

namespace toolstack {

void write_device_nodes(xs::Batch& xs, const DomainSpec& spec, uint32_t domid);

// Each device's host side, in the config's order; throws HotplugError with
// the first failure (the caller tears the domain down).
void plug_devices(xs::Client& xs, const DomainSpec& spec, uint32_t domid);

// The devices serving `domid`, found from the back-ends in dom0.
std::vector<DeviceId> devices_of(xs::Client& xs, uint32_t domid);

// Front-ends removed and back-ends set offline in one transaction, a wait
// of up to `timeout_ms` for the back-ends to close (blkback releases the
// disk), then the host side undone. The back-end nodes stay: remove them
// with the domain's. Best effort: returns what failed, "" if nothing.
std::string release_devices(xs::Client& xs, uint32_t domid, int timeout_ms = 5000);

} // namespace toolstack
