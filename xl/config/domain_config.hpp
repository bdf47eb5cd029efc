#pragma once
// A guest's configuration as xl reads it from xl.cfg: every key that applies
// to an ARM guest, validated strictly (a malformed value is an error naming
// the file, the line and the key). A key left out stays unset, so the
// defaults are applied where libxl applies them (and a dry run prints only
// what was given, as xl's does).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "config/cpu_list.hpp"
#include "config/device_specs.hpp"
#include "config/disk_spec.hpp"
#include "config/vif_spec.hpp"

namespace xl::cfg {

enum class Action { Destroy, Restart, RenameRestart, Preserve, CoredumpDestroy, CoredumpRestart, SoftReset };

struct DomainConfig {
    // What xl says on stderr and goes on (e.g. a key that another overrides).
    std::vector<std::string> warnings;
    // c_info
    std::string name;
    std::string type = "pvh"; // pvh (pv becomes pvh on ARM) or hvm
    std::string uuid;         // generated when not given
    std::optional<std::string> ssid_label, exec_ssid_label; // init_seclabel / seclabel
    std::optional<std::string> pool;
    std::optional<bool> driver_domain, xend_suspend_evtchn_compat;
    std::optional<std::string> passthrough; // default disabled enabled share_pt

    // b_info
    std::optional<uint64_t> memory_mb, maxmem_mb;
    std::optional<unsigned> vcpus, maxvcpus;
    std::vector<CpuBitmap> hard_affinity, soft_affinity; // one per vCPU, up to max_vcpus
    std::optional<bool> numa_placement;                  // false once affinity says where
    std::optional<uint64_t> shadow_memory_mb;
    std::optional<uint32_t> max_grant_frames, max_maptrack_frames, max_grant_version, max_event_channels;
    std::optional<uint32_t> cpu_weight, cap;
    std::vector<uint32_t> irqs;
    std::vector<IomemRange> iomem;
    std::string kernel, ramdisk, cmdline, device_tree;
    std::optional<bool> acpi, vpmu;
    std::string gic_version = "default"; // v2 v3 default
    std::string tee = "none";            // none optee
    bool vuart = false;                  // sbsa_uart
    std::optional<bool> sdl, vnc;        // HVM display (kept for the dry-run output)

    // devices
    std::vector<DiskSpec> disks;
    std::vector<VifSpec> vifs;
    std::vector<std::string> dtdevs;
    std::vector<ChannelSpec> channels;

    Action on_poweroff = Action::Destroy;
    Action on_reboot = Action::Restart;
    Action on_watchdog = Action::Destroy;
    Action on_crash = Action::Destroy;
    Action on_soft_reset = Action::SoftReset;

    // What the domain gets when a key was left out (libxl's defaults).
    uint64_t memory_or_default() const { return memory_mb.value_or(maxmem_mb.value_or(32)); }
    uint64_t maxmem_or_default() const { return maxmem_mb.value_or(memory_or_default()); }
    unsigned max_vcpus_or_default() const { return maxvcpus.value_or(vcpus.value_or(1)); }
};

struct HostFacts {
    // Sizes the CPU bitmaps of `cpus`/`cpus_soft`; without a hypervisor to
    // ask, 8 (any host with at most 8 CPUs has a one-byte bitmap).
    unsigned cpus = 8;
};

// nullopt when the configuration is unusable; `errors` says why.
std::optional<DomainConfig> domain_config_from(const Config& config, std::vector<Error>& errors,
                                               const HostFacts& host = {});

const char* action_name(Action a); // as libxl's JSON spells it ("restart_rename")
std::string random_uuid();

} // namespace xl::cfg
