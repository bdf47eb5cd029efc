#pragma once
// The domain configuration as `xl create -n` prints it: libxl's JSON for a
// libxl_domain_config, pretty-printed by yajl with four-space indents;
// fields that hold their default value are left out, as libxl does.
#include <string>

#include "config/domain_config.hpp"

namespace xl {

std::string dryrun_json(const cfg::DomainConfig& config);

} // namespace xl
