// INTRODUCE, RELEASE, GET_DOMAIN_PATH, IS_DOMAIN_INTRODUCED, RESUME,
// SET_TARGET, and what a domain's departure does to the store.
#include <algorithm>

#include "daemon.hpp"
#include "node_ops.hpp"
#include "path.hpp"
#include "request_args.hpp"

namespace xenstored {

Error Daemon::introduce_with(DomainBackend& attacher, std::uint32_t domid, std::uint64_t gfn, std::uint32_t port) {
    if (domid >= kDomidFirstReserved || port == 0) return Error::Inval;
    if (auto it = domains_.find(domid); it != domains_.end()) {
        // Already known (e.g. after resume): only the event channel changes.
        if (!it->second.conn) return Error::Ok;
        Error e = attacher.rebind(*it->second.conn, domid, port);
        if (e == Error::Ok) it->second.port = port;
        return e;
    }
    auto id = next_connection_id_++;
    const bool privileged = domid == 0 || domid == settings_.priv_domid;
    auto conn = std::make_unique<Connection>(id, domid, privileged, true);
    if (Error e = attacher.attach(*conn, domid, gfn, port); e != Error::Ok) return e;
    DomainRecord record;
    record.domid = domid;
    record.port = port;
    record.conn = conn.get();
    auto transport = conn->transport;
    connections_.emplace(id, std::move(conn));
    domains_.emplace(domid, record);
    if (transport) transport->start();
    if (domid != 0) fire_special("@introduceDomain");
    return Error::Ok;
}

void Daemon::release_domain(std::uint32_t domid) {
    auto it = domains_.find(domid);
    if (it == domains_.end()) return;
    Connection* conn = it->second.conn;
    domains_.erase(it);
    if (conn) remove_connection(*conn);
    for (auto& [id, other] : domains_) {
        if (other.target == domid) other.target.reset();
    }
    fire_special("@releaseDomain");
    if (settings_.keep_orphans) {
        hand_over_owned_nodes(domid);
    } else {
        delete_owned_nodes(domid);
    }
    // Grants to this domid must not pass to a later domain reusing it.
    store_.for_each_mutable([domid](const std::string&, Node& node) {
        for (std::size_t i = 1; i < node.perms.size(); ++i) {
            if (node.perms[i].domid == domid) node.perms[i].bits |= kIgnore;
        }
    });
    // The special watches' permissions forget it too; an owner it was
    // hands them to the privileged domain, as Xen's daemon does.
    for (auto& [name, perms] : special_perms_) {
        if (!perms.empty() && perms[0].domid == domid) perms[0].domid = settings_.priv_domid;
        for (std::size_t i = perms.size(); i-- > 1;) {
            if (perms[i].domid == domid) perms.erase(perms.begin() + static_cast<long>(i));
        }
    }
}

void Daemon::domain_shut_down(std::uint32_t domid) {
    auto it = domains_.find(domid);
    if (it == domains_.end() || it->second.shutdown_reported) return;
    it->second.shutdown_reported = true;
    fire_special("@releaseDomain");
}

void Daemon::check_domains() {
    std::vector<std::uint32_t> gone;
    for (auto& [domid, record] : domains_) {
        if (domid == 0) continue;
        switch (backend_.domain_state(domid)) {
        case DomainState::Running: break;
        case DomainState::ShutDown: domain_shut_down(domid); break;
        case DomainState::Dying:
        case DomainState::Gone: gone.push_back(domid); break;
        }
    }
    for (auto domid : gone) release_domain(domid);
}

void Daemon::delete_owned_nodes(std::uint32_t domid) {
    std::vector<std::string> owned;
    store_.for_each([&](const std::string& path, const Node& node) {
        if (path != "/" && node.owner() == domid) owned.push_back(path);
    });
    // Shortest first: removing a subtree root takes its owned children too.
    std::sort(owned.begin(), owned.end(),
              [](const std::string& a, const std::string& b) { return a.size() < b.size(); });
    const Caller dom0{0, true, std::nullopt};
    for (const auto& path : owned) {
        if (!store_.find(path)) continue;
        DirectView view(store_);
        std::vector<Change> changes;
        NodeOps(view, dom0, quotas_, changes).rm(path);
        fire(changes);
    }
}

// -K: the nodes stay, owned by the privileged domain (dom0 unless
// --priv-domid), so a later domain with the same id cannot reclaim them and
// they count towards no guest's quota. No watch fires: nothing visible to
// the owner's readers changed but the owner.
void Daemon::hand_over_owned_nodes(std::uint32_t domid) {
    std::vector<std::string> owned;
    store_.for_each([&](const std::string& path, const Node& node) {
        if (node.owner() == domid) owned.push_back(path);
    });
    for (const auto& path : owned) {
        Node node = *store_.find(path);
        node.perms[0].domid = settings_.priv_domid;
        store_.put(path, std::move(node));
    }
}

Error Daemon::set_special_perms(const Connection& conn, std::string_view name, PermList perms) {
    auto it = special_perms_.find(name);
    if (it == special_perms_.end()) return Error::Inval;
    const auto rights = access_for(caller_of(conn), it->second);
    if ((rights & (kWrite | kOwner)) != (kWrite | kOwner)) return Error::Acces;
    it->second = std::move(perms);
    return Error::Ok;
}

void Daemon::handle_domain_request(Connection& conn, const Request& req) {
    auto number = [](std::string_view s) { return static_cast<std::uint32_t>(std::min<std::uint64_t>(lenient_number(s), UINT32_MAX)); };
    const auto type = req.type();

    if (type == MsgType::Introduce || type == MsgType::SetTarget) {
        auto args = split_args(req.payload);
        if (type == MsgType::Introduce) {
            if (!args || args->size() < 3 || args->size() > 4) return reply_error(conn, req, Error::Inval);
            Error e = introduce(number((*args)[0]), lenient_number((*args)[1]), number((*args)[2]));
            return e == Error::Ok ? reply_ok(conn, req) : reply_error(conn, req, e);
        }
        if (!args || args->size() != 2) return reply_error(conn, req, Error::Inval);
        auto domain = domains_.find(number((*args)[0]));
        auto target = number((*args)[1]);
        if (domain == domains_.end() || !domains_.count(target)) return reply_error(conn, req, Error::NoEnt);
        domain->second.target = target;
        return reply_ok(conn, req);
    }

    auto arg = single_arg(req.payload);
    if (!arg) return reply_error(conn, req, Error::Inval);
    const std::uint32_t domid = number(*arg);
    switch (type) {
    case MsgType::GetDomainPath: {
        std::string out = domain_path(domid);
        out.push_back('\0');
        return reply(conn, req, out);
    }
    case MsgType::IsDomainIntroduced: {
        const bool known = domid == kDomidSelf || domains_.count(domid);
        return reply(conn, req, std::string_view(known ? "T" : "F", 2));
    }
    case MsgType::Release:
        if (domid == 0) return reply_error(conn, req, Error::Inval);
        if (!domains_.count(domid)) return reply_error(conn, req, Error::NoEnt);
        // The reply goes first: the releasing connection may be the domain's.
        reply_ok(conn, req);
        return release_domain(domid);
    case MsgType::Resume: {
        auto it = domains_.find(domid);
        if (it == domains_.end()) return reply_error(conn, req, Error::NoEnt);
        it->second.shutdown_reported = false;
        return reply_ok(conn, req);
    }
    default:
        return reply_error(conn, req, Error::NoSys);
    }
}

}  // namespace xenstored
