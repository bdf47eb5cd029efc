#pragma once
// xl.cfg's CPU lists (`cpus`, `cpus_soft`): "all", "3", "0-3", "^1",
// "node:0"/"nodes:0-1", comma-separated, applied left to right to a bitmap
// as wide as the host's CPU bitmap (whole bytes, as libxl allocates it).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace xl::cfg {

struct CpuBitmap {
    std::vector<bool> bits;
    bool empty() const;
    std::vector<unsigned> set_bits() const;
    bool operator==(const CpuBitmap&) const = default;
};

// `host_cpus` sizes the bitmap; the host has a single NUMA node. nullopt
// with `error` set when the list is malformed.
std::optional<CpuBitmap> parse_cpu_list(std::string_view list, unsigned host_cpus, std::string& error);

} // namespace xl::cfg
