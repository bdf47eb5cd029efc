#pragma once
// Reading a device tree back in tests: one property as a string (with its
// NULs) or as cells, "<no node>" / "<no property>" / {} when absent.
#include <libfdt.h>

#include <cstdint>
#include <string>
#include <vector>

namespace test {

inline std::string fdt_str(const void* fdt, const char* path, const char* prop)
{
    int node = fdt_path_offset(fdt, path);
    if (node < 0) return "<no node>";
    int len;
    auto* v = static_cast<const char*>(fdt_getprop(fdt, node, prop, &len));
    return v ? std::string(v, size_t(len)) : "<no property>";
}

inline std::vector<uint32_t> fdt_cells(const void* fdt, const char* path, const char* prop)
{
    std::vector<uint32_t> out;
    int node = fdt_path_offset(fdt, path);
    int len = 0;
    auto* v = static_cast<const fdt32_t*>(node >= 0 ? fdt_getprop(fdt, node, prop, &len) : nullptr);
    for (int i = 0; v && i < len / 4; ++i) out.push_back(fdt32_to_cpu(v[i]));
    return out;
}

} // namespace test
