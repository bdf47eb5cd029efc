#pragma once
// Reads the platform description from a flattened device tree (libfdt).
#include "boot/platform.hpp"
#include "lib/status.hpp"

namespace hv {

// Fills `out`; on a malformed tree returns Invalid with `error` naming what.
// Strings in `out` point into the blob, which must stay in place.
Status parse_device_tree(const void* fdt, PlatformInfo& out, const char*& error);

} // namespace hv
