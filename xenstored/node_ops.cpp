#include "node_ops.hpp"

#include <algorithm>

#include "path.hpp"

namespace xenstored {

Error NodeOps::lookup(std::string_view path, std::uint8_t need, const Node*& node) {
    node = view_.get(path);
    if (node) {
        if ((access_for(caller_, node->perms) & need) == need) return Error::Ok;
        node = nullptr;
        return Error::Acces;
    }
    // Absent: say ENOENT only to someone with the right on the nearest
    // existing ancestor, so absence does not leak. Iterative: the depth is
    // chosen by the guest.
    std::string_view up = path;
    while (up != "/") {
        up = parent_path(up);
        if (const Node* ancestor = view_.get(up)) {
            return (access_for(caller_, ancestor->perms) & need) == need ? Error::NoEnt : Error::Acces;
        }
    }
    return Error::NoEnt;  // "/" always exists; not reached
}

Error NodeOps::check_size(const Node& node) const {
    if (quotas_apply() && node.record_size() >= quotas_.node_size) return Error::NoSpc;
    return Error::Ok;
}

Error NodeOps::create(std::string_view path, std::string_view value) {
    // Missing nodes from `path` up to the first existing ancestor.
    std::vector<std::string_view> missing{path};
    std::string_view up = parent_path(path);
    const Node* existing = view_.get(up);
    while (!existing) {
        missing.push_back(up);
        up = parent_path(up);
        existing = view_.get(up);
    }
    if (quotas_apply()) {
        std::uint64_t owned = view_.nodes_owned(caller_.domid);
        if (owned + missing.size() > quotas_.nodes) return Error::NoSpc;
    }
    // Check every record before changing anything: no partial creation.
    Node parent = *existing;
    parent.children.emplace_back(leaf_name(missing.back()));
    if (Error e = check_size(parent); e != Error::Ok) return e;
    PermList perms = existing->perms;
    if (!caller_.privileged) perms[0].domid = caller_.domid;  // the creator owns it
    for (std::size_t i = missing.size(); i-- > 0;) {
        Node node;
        node.perms = perms;
        if (i == 0) node.value = std::string(value);
        else node.children.emplace_back(leaf_name(missing[i - 1]));
        if (Error e = check_size(node); e != Error::Ok) return e;
    }
    view_.put(std::string(up), std::move(parent));
    for (std::size_t i = missing.size(); i-- > 0;) {
        Node node;
        node.perms = perms;
        if (i == 0) node.value = std::string(value);
        else node.children.emplace_back(leaf_name(missing[i - 1]));
        view_.put(std::string(missing[i]), std::move(node));
        changes_.push_back({std::string(missing[i]), ChangeKind::Modified, std::nullopt});
    }
    return Error::Ok;
}

Error NodeOps::read(std::string_view path, std::string& value) {
    const Node* node = nullptr;
    Error e = lookup(path, kRead, node);
    if (e == Error::Ok) value = node->value;
    return finish(e);
}

Error NodeOps::write(std::string_view path, std::string_view value) {
    const Node* node = nullptr;
    Error e = lookup(path, kWrite, node);
    if (e == Error::NoEnt) return finish(create(path, value));
    if (e != Error::Ok) return finish(e);
    Node updated = *node;
    updated.value = std::string(value);
    if (Error size = check_size(updated); size != Error::Ok) return size;
    view_.put(std::string(path), std::move(updated));
    changes_.push_back({std::string(path), ChangeKind::Modified, std::nullopt});
    return finish(Error::Ok);
}

Error NodeOps::mkdir(std::string_view path) {
    const Node* node = nullptr;
    Error e = lookup(path, kWrite, node);
    if (e == Error::Ok) return finish(Error::Ok);  // exists: nothing fires
    if (e != Error::NoEnt) return finish(e);
    return finish(create(path, ""));
}

Error NodeOps::rm(std::string_view path) {
    if (path == "/") return Error::Inval;
    const Node* node = nullptr;
    Error e = lookup(path, kWrite, node);
    if (e == Error::NoEnt) {
        // Absent but the parent exists: nothing to do, and that is success.
        return finish(view_.get(parent_path(path)) ? Error::Ok : Error::NoEnt);
    }
    if (e != Error::Ok) return finish(e);

    const std::string parent_name(parent_path(path));
    Node parent = *view_.get(parent_name);
    // Collect the subtree with an explicit stack, then delete leaves first.
    std::vector<std::string> doomed{std::string(path)};
    for (std::size_t i = 0; i < doomed.size(); ++i) {
        const Node* n = view_.get(doomed[i]);
        if (!n) continue;
        for (const auto& child : n->children) doomed.push_back(child_path(doomed[i], child));
    }
    if (!view_.within_limits()) return Error::NoSpc;
    for (std::size_t i = doomed.size(); i-- > 0;) {
        view_.erase(doomed[i]);
        changes_.push_back({doomed[i], i == 0 ? ChangeKind::RemovedRoot : ChangeKind::RemovedInside, std::nullopt});
    }
    auto leaf = leaf_name(path);
    std::erase_if(parent.children, [&](const std::string& c) { return c == leaf; });
    view_.put(parent_name, std::move(parent));
    return finish(Error::Ok);
}

Error NodeOps::directory(std::string_view path, const Node*& node) {
    return finish(lookup(path, kRead, node));
}

Error NodeOps::get_perms(std::string_view path, PermList& perms) {
    const Node* node = nullptr;
    Error e = lookup(path, kRead, node);
    if (e == Error::Ok) perms = node->perms;
    return finish(e);
}

Error NodeOps::set_perms(std::string_view path, PermList perms, const DomainExists& exists) {
    if (perms.empty()) return Error::Inval;
    if (quotas_apply() && perms.size() > quotas_.permissions) return Error::NoSpc;
    const Node* node = nullptr;
    Error e = lookup(path, kWrite | kOwner, node);
    if (e != Error::Ok) return finish(e);
    if (!caller_.privileged && perms[0].domid != node->owner()) return Error::Perm;
    if (!exists(perms[0].domid)) return Error::NoEnt;
    for (std::size_t i = 1; i < perms.size(); ++i) {
        if (!exists(perms[i].domid)) perms[i].bits |= kIgnore;
    }
    Node updated = *node;
    PermList old = updated.perms;
    updated.perms = std::move(perms);
    if (Error size = check_size(updated); size != Error::Ok) return size;
    if (quotas_apply() && updated.owner() != old[0].domid &&
        view_.nodes_owned(updated.owner()) >= quotas_.nodes) {
        return Error::NoSpc;
    }
    view_.put(std::string(path), std::move(updated));
    changes_.push_back({std::string(path), ChangeKind::Modified, std::move(old)});
    return finish(Error::Ok);
}

}  // namespace xenstored
