#include "transaction.hpp"

namespace xenstored {

Transaction::Transaction(Store& store, std::size_t node_limit) : store_(store), node_limit_(node_limit) {
    store_.next_generation();  // as Xen: starting a transaction is an event in time
}

void Transaction::note_access(std::string_view path) {
    if (accessed_.find(path) != accessed_.end()) return;
    if (node_limit_ != 0 && accessed_.size() >= node_limit_) {
        over_limit_ = true;
        return;
    }
    const Node* base = store_.find(path);
    Seen seen{base ? base->generation : kAbsent, base ? std::optional<Node>(*base) : std::nullopt};
    accessed_.emplace(std::string(path), std::move(seen));
}

const Node* Transaction::current(std::string_view path) const {
    auto it = overlay_.find(path);
    if (it != overlay_.end()) return it->second ? &*it->second : nullptr;
    auto seen = accessed_.find(path);
    if (seen != accessed_.end()) return seen->second.node ? &*seen->second.node : nullptr;
    return store_.find(path);  // only over the node quota, which fails the transaction
}

const Node* Transaction::get(std::string_view path) {
    note_access(path);
    return current(path);
}

void Transaction::put(const std::string& path, Node node) {
    note_access(path);
    if (over_limit_) return;  // doomed to fail: keep no more copies
    if (const Node* old = current(path)) owned_delta_[old->owner()] -= 1;
    owned_delta_[node.owner()] += 1;
    overlay_[path] = std::move(node);
}

void Transaction::erase(const std::string& path) {
    note_access(path);
    if (over_limit_) return;
    if (const Node* old = current(path)) owned_delta_[old->owner()] -= 1;
    overlay_[path] = std::nullopt;
}

std::uint32_t Transaction::nodes_owned(std::uint32_t domid) const {
    long count = static_cast<long>(store_.nodes_owned(domid));
    if (auto it = owned_delta_.find(domid); it != owned_delta_.end()) count += it->second;
    return count < 0 ? 0 : static_cast<std::uint32_t>(count);
}

void Transaction::record_changes(std::vector<Change> changes) {
    // One entry per node and kind, however often the node was rewritten:
    // the list stays bounded by the nodes the transaction touched.
    for (auto& c : changes) {
        std::string key = std::to_string(static_cast<int>(c.kind)) + c.path;
        auto [it, fresh] = recorded_.emplace(std::move(key), changes_.size());
        if (fresh) changes_.push_back(std::move(c));
        // Watchers that could read the node before the transaction (and
        // may no longer) must still hear: keep the oldest permissions.
        else if (!changes_[it->second].old_perms && c.old_perms) changes_[it->second].old_perms = std::move(c.old_perms);
    }
}

Error Transaction::commit(std::vector<Change>& changes) {
    if (over_limit_) return Error::NoSpc;
    // Everything the transaction looked at, written or not, must be as it
    // was: a write of a parent carries its child list, which a concurrent
    // change to the parent would make stale.
    for (const auto& [path, seen] : accessed_) {
        const Node* now = store_.find(path);
        if ((now ? now->generation : kAbsent) != seen.generation) return Error::Again;
    }
    for (auto& [path, node] : overlay_) {
        if (node) store_.put(path, std::move(*node));
        else store_.erase(path);
    }
    overlay_.clear();
    changes = std::move(changes_);
    return Error::Ok;
}

}  // namespace xenstored
