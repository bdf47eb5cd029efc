#include "store.hpp"

namespace xenstored {

Store::Store() {
    auto make = [&](const std::string& path, std::vector<std::string> children) {
        Node node;
        node.perms = {PermEntry{0, kNone}};
        node.children = std::move(children);
        put(path, std::move(node));
    };
    make("/", {"tool"});
    make("/tool", {"xenstored"});
    make("/tool/xenstored", {});
}

const Node* Store::find(std::string_view path) const {
    auto it = nodes_.find(path);
    return it == nodes_.end() ? nullptr : &it->second;
}

void Store::put(const std::string& path, Node node) {
    node.generation = next_generation();
    auto it = nodes_.find(path);
    if (it == nodes_.end()) {
        count_owner(node.owner(), +1);
        nodes_.emplace(path, std::move(node));
        return;
    }
    if (it->second.owner() != node.owner()) {
        count_owner(it->second.owner(), -1);
        count_owner(node.owner(), +1);
    }
    it->second = std::move(node);
}

void Store::erase(std::string_view path) {
    auto it = nodes_.find(path);
    if (it == nodes_.end()) return;
    count_owner(it->second.owner(), -1);
    nodes_.erase(it);
}

std::uint32_t Store::nodes_owned(std::uint32_t domid) const {
    auto it = owned_.find(domid);
    return it == owned_.end() ? 0 : it->second;
}

void Store::for_each(const std::function<void(const std::string&, const Node&)>& visit) const {
    for (const auto& [path, node] : nodes_) visit(path, node);
}

void Store::for_each_mutable(const std::function<void(const std::string&, Node&)>& visit) {
    for (auto& [path, node] : nodes_) visit(path, node);
}

void Store::count_owner(std::uint32_t domid, int delta) {
    auto& count = owned_[domid];
    count = static_cast<std::uint32_t>(static_cast<int>(count) + delta);
    if (count == 0) owned_.erase(domid);
}

}  // namespace xenstored
