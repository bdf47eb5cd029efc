#pragma once
// A guest's configuration as xl reads it from xl.cfg: every key that applies
// to an ARM guest, with Xen's defaults, validated strictly (a malformed
// value is an error naming the file, the line and the key).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "config/disk_spec.hpp"
#include "config/vif_spec.hpp"

namespace xl::cfg {

enum class Action { Destroy, Restart, RenameRestart, Preserve, CoredumpDestroy, CoredumpRestart, SoftReset };

struct DomainConfig {
    std::string name;
    std::string type = "pvh";      // pvh (the ARM default; pv becomes pvh), hvm
    std::string uuid;              // generated when not given
    uint64_t memory_mb = 32;
    uint64_t maxmem_mb = 32;
    unsigned vcpus = 1;
    unsigned maxvcpus = 1;
    std::string kernel, ramdisk, cmdline, device_tree;
    std::vector<DiskSpec> disks;
    std::vector<VifSpec> vifs;
    Action on_poweroff = Action::Destroy;
    Action on_reboot = Action::Restart;
    Action on_watchdog = Action::Destroy;
    Action on_crash = Action::Destroy;
    Action on_soft_reset = Action::SoftReset;
    std::string gic_version = "default";
    std::string tee = "none";
    bool vuart = false;
    std::optional<bool> sdl, vnc; // HVM display (kept for the dry-run output)
};

// nullopt when the configuration is unusable; `errors` says why.
std::optional<DomainConfig> domain_config_from(const Config& config, std::vector<Error>& errors);

const char* action_name(Action a); // as libxl's JSON spells it ("soft_reset")
std::string random_uuid();

} // namespace xl::cfg
