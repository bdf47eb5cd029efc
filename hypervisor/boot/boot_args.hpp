#pragma once
// The hypervisor's command line (xen,xen-bootargs): space-separated
// "name" or "name=value" options, as Xen's.
#include <cstdint>
#include <string_view>

namespace hv {

void set_hypervisor_command_line(const char* line);
const char* hypervisor_command_line();

// The value of option `name` in `line`, or nullopt-like empty view with
// found=false. A bare "name" has an empty value.
struct BootOption {
    bool found = false;
    std::string_view value;
};
BootOption find_boot_option(std::string_view line, std::string_view name);

// "512M", "64k", "2G", "1048576" (bytes when no suffix) -> bytes; false on junk.
bool parse_size(std::string_view text, uint64_t& bytes);

} // namespace hv
