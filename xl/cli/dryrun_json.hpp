#pragma once
// The domain configuration as `xl create -n` prints it: libxl's JSON for a
// libxl_domain_config, pretty-printed by yajl with four-space indents;
// fields that hold their default value are left out, as libxl does.
#include <string>

#include "config/domain_config.hpp"

namespace xl {

std::string dryrun_json(const cfg::DomainConfig& config);

// One entry of its `disks` / `nics` (what block-attach -N and
// network-attach -N print, and what they send to the daemon).
std::string disk_json(const cfg::DiskSpec& disk);
std::string nic_json(const cfg::VifSpec& vif);

} // namespace xl
