// What an operation sees of the tree: the committed store directly, or a
// transaction's private overlay on it. Operations are written once against
// this interface.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "node.hpp"
#include "store.hpp"

namespace xenstored {

class NodeView {
public:
    virtual ~NodeView() = default;
    // nullptr when absent. Inside a transaction this records the access.
    virtual const Node* get(std::string_view path) = 0;
    virtual void put(const std::string& path, Node node) = 0;
    virtual void erase(const std::string& path) = 0;
    virtual std::uint32_t nodes_owned(std::uint32_t domid) const = 0;
    // False once a transaction touched more nodes than its quota allows.
    virtual bool within_limits() const { return true; }
};

// Operations outside any transaction act on the store itself.
class DirectView final : public NodeView {
public:
    explicit DirectView(Store& store) : store_(store) {}
    const Node* get(std::string_view path) override { return store_.find(path); }
    void put(const std::string& path, Node node) override { store_.put(path, std::move(node)); }
    void erase(const std::string& path) override { store_.erase(path); }
    std::uint32_t nodes_owned(std::uint32_t domid) const override { return store_.nodes_owned(domid); }

private:
    Store& store_;
};

}  // namespace xenstored
