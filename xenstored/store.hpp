// The committed tree: a flat map from absolute path to node, so that no
// operation needs recursion, plus the global generation counter and the
// number of nodes each domain owns (for its quota).
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "node.hpp"

namespace xenstored {

struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

class Store {
public:
    // A fresh store, as Xen 4.17's: "/", "/tool" and "/tool/xenstored", n0.
    Store();

    const Node* find(std::string_view path) const;
    // Stores `node` at `path` with a new generation; the parent's child list
    // is the caller's business.
    void put(const std::string& path, Node node);
    void erase(std::string_view path);

    std::uint64_t next_generation() { return ++generation_; }
    std::uint64_t generation() const { return generation_; }
    std::uint32_t nodes_owned(std::uint32_t domid) const;
    std::size_t size() const { return nodes_.size(); }

    void for_each(const std::function<void(const std::string&, const Node&)>& visit) const;
    // Lets a domain's release rewrite permission entries in place.
    void for_each_mutable(const std::function<void(const std::string&, Node&)>& visit);

private:
    void count_owner(std::uint32_t domid, int delta);

    std::unordered_map<std::string, Node, StringHash, std::equal_to<>> nodes_;
    std::unordered_map<std::uint32_t, std::uint32_t> owned_;
    std::uint64_t generation_ = 0;
};

}  // namespace xenstored
