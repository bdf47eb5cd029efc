#pragma once
// One entry of xl.cfg's `disk = [...]` (xl-disk-configuration(5)): the
// positional form `target,format,vdev,access`, `key=value` items, flags,
// and the deprecated `[format:]target,vdev[:devtype],access` form.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "device/vdev.hpp"

namespace xl::cfg {

struct DiskSpec {
    std::string target;                // empty: an empty (cdrom) drive
    std::string format = "raw";        // raw qcow qcow2 vhd qed empty
    std::string vdev;                  // e.g. xvda
    bool readonly = false;             // access r/ro
    bool cdrom = false;                // devtype=cdrom
    std::string backend = "0";         // backend domain name or id
    std::string backendtype;           // phy qdisk standalone; empty: automatic
    std::string script;                // hotplug script; empty: "block"
    std::string specification = "xen"; // xen virtio
    bool direct_io_safe = false;
    std::optional<bool> discard;       // unset: on for read-write disks
    bool trusted = true;
};

// nullopt on a malformed entry, with `error` saying what is wrong.
std::optional<DiskSpec> parse_disk_spec(std::string_view spec, std::string& error);

// The xenstore device number of a virtual device name (the toolstack's).
using toolstack::vdev_to_devid;

} // namespace xl::cfg
