#pragma once
// The host side of a PV device, what Xen's hotplug scripts do, in C++:
// - a disk (`block`): an image file is bound to a loop device, a block
//   device is used as it is; its number goes to the back-end's
//   physical-device, which starts blkback;
// - a vif (`vif-bridge`): once netback has made vifD.N, it is renamed (if
//   the config names it), given the bridge's MTU, brought up and added to
//   the bridge; hotplug-status "connected" lets netback connect.
// A script the user named is run instead of ours. Everything is read from
// the back-end's xenstore nodes, so that teardown needs no other record.
#include <cstdint>

#include "device/device_nodes.hpp"
#include "xenstore/client.hpp"

namespace toolstack {

// On failure the back-end gets hotplug-status "error" (or "busy") and
// hotplug-error, and HotplugError is thrown.
void plug_device(xs::Client& xs, const DeviceId& id, int timeout_ms = 10000);

// The host side undone: the loop device unbound, the vif out of its bridge,
// or the user's script run with remove/offline. Reads the back-end's nodes,
// so call it before they go. Best effort: returns what failed, "" if nothing.
std::string unplug_device(xs::Client& xs, const DeviceId& id);

// The default scripts' paths: what the back-end's `script` holds when the
// toolstack does the work itself.
inline constexpr const char* kDefaultBlockScript = "/etc/xen/scripts/block";
inline constexpr const char* kDefaultVifScript = "/etc/xen/scripts/vif-bridge";

} // namespace toolstack
