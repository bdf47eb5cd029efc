// One node of the store: its value, permissions, children (in creation
// order) and the generation of its last change, which transactions compare.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "permissions.hpp"

namespace xenstored {

struct Node {
    std::string value;
    PermList perms;
    std::vector<std::string> children;
    std::uint64_t generation = 0;

    std::uint32_t owner() const { return perms.empty() ? 0 : perms[0].domid; }

    // Bytes of the "name\0name\0..." list, as DIRECTORY returns it.
    std::size_t children_bytes() const {
        std::size_t total = 0;
        for (const auto& c : children) total += c.size() + 1;
        return total;
    }

    // Size of the record Xen 4.17 stores, which the node-size quota limits:
    // a 24-byte header, 8 bytes per permission, the value and child names.
    std::size_t record_size() const { return 24 + 8 * perms.size() + value.size() + children_bytes(); }
};

}  // namespace xenstored
