#pragma once
// The PV disks and network interfaces of a domain, read from libxl's JSON
// (`disks`, `nics`: what `xl create -n` prints) into what the toolstack
// needs to wire them: xenstore nodes (device_nodes) and the host side
// (hotplug). Checked here, so that a create refuses a device it cannot
// serve before anything is built.
#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "json/json.hpp"

namespace toolstack {

struct DiskDevice {
    uint32_t devid = 0;      // from vdev
    std::string vdev;        // e.g. xvda
    std::string target;      // image file or block device
    bool readwrite = true;
    bool cdrom = false;
    bool direct_io_safe = false;
    bool discard = true;     // default: on for read-write disks
    std::string script;      // a hotplug script the user named; empty: ours
};

struct NicDevice {
    uint32_t devid = 0;
    std::string mac;         // xx:xx:xx:xx:xx:xx, lowercase
    std::string bridge = "xenbr0";
    std::string ip, gatewaydev, ifname, script, model;
    uint32_t mtu = 1500;
    std::optional<uint64_t> rate_bytes_per_interval;
    uint32_t rate_interval_us = 50000;
};

// Throw SpecError (domain/domain_spec.hpp) naming the entry at fault.
std::vector<DiskDevice> disks_from(const json::Value& config);
// NICs without a MAC get none here (mac empty): see assign_macs.
std::vector<NicDevice> nics_from(const json::Value& config);
DiskDevice disk_from(const json::Value& disk);
NicDevice nic_from(const json::Value& nic, uint32_t default_devid);

// A MAC in Xen's range: 00:16:3e, then three random bytes with the top bit
// of the first cleared (libxl's choice).
std::string xen_mac(const std::array<uint8_t, 3>& random);
std::array<uint8_t, 3> random_mac_bytes(); // from std::random_device
// Gives each NIC without a MAC one, and writes it into `config` too (what
// libxl does, so that `xl list -l` and a restart show the same MAC).
void assign_macs(json::Value& config, const std::function<std::array<uint8_t, 3>()>& random);

} // namespace toolstack
