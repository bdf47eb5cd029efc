#pragma once
// The guest's device tree, as libxl builds it for Xen 4.17 (the node-level
// writer is shared with the hypervisor's dom0less builder).
#include <cstdint>
#include <vector>

#include "dom_builder.hpp"

namespace xc {

std::vector<uint8_t> make_guest_dtb(const BuildRequest& request, const std::vector<Range>& ram, Range initrd,
                                    const std::vector<Range>& extended);

} // namespace xc
