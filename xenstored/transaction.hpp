// An optimistic transaction: a private overlay of the nodes it wrote, and a
// snapshot (with its generation) of every node it looked at, so it keeps
// seeing what it first saw. Commit succeeds only if none of those nodes
// changed meanwhile; then the overlay is applied at once.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "change.hpp"
#include "node_view.hpp"
#include "wire.hpp"

namespace xenstored {

class Transaction final : public NodeView {
public:
    // `node_limit` bounds the distinct nodes touched (0 = unbounded).
    Transaction(Store& store, std::size_t node_limit);

    const Node* get(std::string_view path) override;
    void put(const std::string& path, Node node) override;
    void erase(const std::string& path) override;
    std::uint32_t nodes_owned(std::uint32_t domid) const override;
    bool within_limits() const override { return !over_limit_; }

    void record_changes(std::vector<Change> changes);

    // EAGAIN on conflict, ENOSPC if a quota broke inside; on success the
    // overlay is in the store and `changes` tells the watches.
    Error commit(std::vector<Change>& changes);

    std::size_t touched() const { return accessed_.size(); }
    // What it holds, in node copies and queued changes (tests check bounds).
    std::size_t copies() const { return accessed_.size() + overlay_.size(); }
    std::size_t pending_changes() const { return changes_.size(); }

private:
    void note_access(std::string_view path);
    const Node* current(std::string_view path) const;

    static constexpr std::uint64_t kAbsent = 0;  // real generations start at 1
    Store& store_;
    std::size_t node_limit_;
    bool over_limit_ = false;
    std::unordered_map<std::string, std::optional<Node>, StringHash, std::equal_to<>> overlay_;
    struct Seen {
        std::uint64_t generation;
        std::optional<Node> node;  // as first seen
    };
    std::unordered_map<std::string, Seen, StringHash, std::equal_to<>> accessed_;
    std::unordered_map<std::uint32_t, long> owned_delta_;
    std::vector<Change> changes_;
    std::unordered_map<std::string, std::size_t> recorded_;  // kind + path -> index in changes_
};

}  // namespace xenstored
