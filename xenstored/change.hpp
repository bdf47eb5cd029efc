// A change to the tree that watches may have to hear about.
#pragma once
#include <optional>
#include <string>

#include "permissions.hpp"

namespace xenstored {

enum class ChangeKind {
    Modified,        // written or created: fires watches on the node and above
    RemovedRoot,     // root of a removed subtree: node and above
    RemovedInside,   // removed below the root: only watches set exactly here
};

struct Change {
    std::string path;
    ChangeKind kind = ChangeKind::Modified;
    // SET_PERMS: the permissions before, so watchers losing access still hear.
    std::optional<PermList> old_perms;
};

}  // namespace xenstored
