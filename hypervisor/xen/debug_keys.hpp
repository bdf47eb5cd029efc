#pragma once
// XEN_SYSCTL_debug_keys (xl debug-keys): keys handled as if typed on the
// hypervisor's console, their output in its log (xl dmesg).
#include "include/public/sysctl.hpp"

namespace hv {

class Domain;

// -EINVAL past kMaxDebugKeys keys, -EFAULT if they cannot be read. Each
// distinct key runs once per call, so that one call's output is bounded.
long debug_keys(Domain& caller, const xen::xen_sysctl_debug_keys& keys);

inline constexpr uint32_t kMaxDebugKeys = 16;

} // namespace hv
