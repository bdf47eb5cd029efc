// The node requests (READ, WRITE, MKDIR, RM, DIRECTORY, GET/SET_PERMS) with
// Xen's permission, existence-probing and quota rules, against a NodeView so
// the same code serves plain requests and transactions. Paths given here
// are absolute and already validated.
#pragma once
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "change.hpp"
#include "node_view.hpp"
#include "permissions.hpp"
#include "quotas.hpp"
#include "wire.hpp"

namespace xenstored {

class NodeOps {
public:
    using DomainExists = std::function<bool(std::uint32_t)>;

    NodeOps(NodeView& view, const Caller& caller, const Quotas& quotas, std::vector<Change>& changes)
        : view_(view), caller_(caller), quotas_(quotas), changes_(changes) {}

    Error read(std::string_view path, std::string& value);
    Error write(std::string_view path, std::string_view value);
    Error mkdir(std::string_view path);
    Error rm(std::string_view path);
    Error directory(std::string_view path, const Node*& node);
    Error get_perms(std::string_view path, PermList& perms);
    Error set_perms(std::string_view path, PermList perms, const DomainExists& exists);

private:
    // The node if the caller holds `need` on it; otherwise ENOENT or EACCES
    // as Xen decides it from the nearest existing ancestor.
    Error lookup(std::string_view path, std::uint8_t need, const Node*& node);
    Error create(std::string_view path, std::string_view value);
    Error check_size(const Node& node) const;
    bool quotas_apply() const { return !caller_.privileged; }
    // A transaction over its node quota fails whatever the request was.
    Error finish(Error e) const { return view_.within_limits() ? e : Error::NoSpc; }

    NodeView& view_;
    const Caller& caller_;
    const Quotas& quotas_;
    std::vector<Change>& changes_;
};

}  // namespace xenstored
