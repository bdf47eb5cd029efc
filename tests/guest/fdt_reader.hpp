#pragma once
// A minimal flattened-device-tree reader for the test guests (their MMU is
// off, so every load is a byte load: nothing may be unaligned).
#include <cstddef>
#include <cstdint>

namespace guest::fdt {

struct Property {
    const uint8_t* data = nullptr;
    uint32_t length = 0;
    bool found() const { return data != nullptr; }
    uint32_t cell(unsigned i) const;
    uint64_t cells(unsigned first, unsigned count) const;
};

bool valid(const void* blob);
// The first node whose "compatible" list contains `compatible`; -1 if none.
int find_compatible(const void* blob, const char* compatible);
// A direct child of the root by name ("psci", "hypervisor", ...); -1 if none.
int find_root_child(const void* blob, const char* name);
Property property(const void* blob, int node, const char* name);
// How many nodes have a name starting with `prefix` ("cpu@").
unsigned count_nodes(const void* blob, const char* prefix);

} // namespace guest::fdt
