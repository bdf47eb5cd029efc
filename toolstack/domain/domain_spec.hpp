#pragma once
// What the toolstack builds a domain from: libxl's JSON domain configuration
// (what `xl create -n` prints) read into the fields creation needs, with
// libxl's defaults for what the JSON leaves out. The JSON itself is kept as
// given: it is what `xl list -l` shows.
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

#include <vector>

#include "device/device_spec.hpp"
#include "json/json.hpp"

namespace toolstack {

class SpecError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// libxl_action_on_shutdown, spelled as its JSON.
enum class ShutdownAction { Destroy, Restart, RestartRename, Preserve, CoredumpDestroy, CoredumpRestart, SoftReset };
ShutdownAction action_from_name(std::string_view name); // throws SpecError
const char* action_name(ShutdownAction action);

struct DomainSpec {
    std::string name;
    std::string uuid; // lowercase, 8-4-4-4-12
    unsigned max_vcpus = 1;
    unsigned online_vcpus = 1;
    uint64_t max_memkb = 0;
    uint64_t target_memkb = 0;
    uint64_t shadow_memkb = 0; // 0: libxl's default
    int32_t max_grant_frames = -1, max_maptrack_frames = -1;
    uint32_t max_event_channels = 1023;
    std::string kernel, ramdisk, cmdline, device_tree;
    bool vuart = false;
    ShutdownAction on_poweroff = ShutdownAction::Destroy;
    ShutdownAction on_reboot = ShutdownAction::Destroy;
    ShutdownAction on_watchdog = ShutdownAction::Destroy;
    ShutdownAction on_crash = ShutdownAction::Destroy;
    std::vector<DiskDevice> disks;
    std::vector<NicDevice> nics; // each with its MAC (assign_macs)
};

// Throws SpecError naming the field at fault.
DomainSpec domain_spec_from(const json::Value& config);

// 16 bytes of a UUID's text form; throws SpecError when malformed.
void parse_uuid(std::string_view text, uint8_t (&out)[16]);
bool valid_domain_name(std::string_view name);

} // namespace toolstack
