// The transport-independent core: connections, domains, the store, and the
// dispatch of every request to its handler. Transports feed it bytes and
// drain each connection's output queue; nothing here blocks.
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "change.hpp"
#include "connection.hpp"
#include "domain_backend.hpp"
#include "message_reader.hpp"
#include "quotas.hpp"
#include "store.hpp"

namespace xenstored {

struct DomainRecord {
    std::uint32_t domid = 0;
    std::uint32_t port = 0;
    Connection* conn = nullptr;
    std::optional<std::uint32_t> target;  // SET_TARGET
    bool shutdown_reported = false;       // @releaseDomain fired; RESUME re-arms
};

// How the daemon behaves beyond the quotas (the command line's -K, -w,
// --priv-domid).
struct DaemonSettings {
    std::uint32_t priv_domid = 0;              // privileged besides dom0; inherits orphans
    bool keep_orphans = false;                 // a released domain's nodes pass to priv_domid
    std::uint32_t watch_event_timeout_ms = 20000;  // a guest's unsent event is dropped (0: never)
};

struct Request {
    MsgHeader header{};
    std::string_view payload;
    MsgType type() const { return static_cast<MsgType>(header.type); }
};

class Daemon {
public:
    Daemon(Quotas quotas, DomainBackend& backend);
    ~Daemon();

    // A unix-socket client: privileged, treated as dom0.
    Connection& add_socket_connection();
    void remove_connection(Connection& conn);

    // Bytes arrived on `conn`; handles every complete request while the
    // connection is not backlogged. False means: drop the connection.
    bool receive(Connection& conn, std::span<const std::uint8_t> bytes);
    // Handles requests already buffered (after output drained).
    bool process_input(Connection& conn);
    // Output is over the quota: stop reading this connection for now.
    bool backlogged(const Connection& conn) const;
    // Drops the watch events that waited too long (-w watch-event=). The
    // transports call it before they send, never while a send of the
    // front message is in flight.
    void expire_events(Connection& conn);

    // One request, one reply (or a dropped connection for garbage).
    void handle(Connection& conn, const Request& req);

    // Domain lifecycle outside requests (dom0 start-up, VIRQ_DOM_EXC).
    Error introduce(std::uint32_t domid, std::uint64_t gfn, std::uint32_t port) {
        return introduce_with(backend_, domid, gfn, port);
    }
    // The same through another attacher (dom0's ring comes from /proc/xen).
    Error introduce_with(DomainBackend& attacher, std::uint32_t domid, std::uint64_t gfn, std::uint32_t port);
    void release_domain(std::uint32_t domid);
    void domain_shut_down(std::uint32_t domid);
    // VIRQ_DOM_EXC: asks the backend about every introduced domain, as
    // Xen's daemon does: one that shut down (or crashed) fires
    // @releaseDomain once; one that is dying or gone is released (its ring
    // unmapped, its connection, watches and owned nodes dropped).
    void check_domains();

    Store& store() { return store_; }
    Quotas& quotas() { return quotas_; }
    DaemonSettings& settings() { return settings_; }
    const std::map<std::uint32_t, DomainRecord>& domains() const { return domains_; }
    std::size_t connection_count() const { return connections_.size(); }
    // Log hooks: CONTROL print and notices; warnings (a soft quota
    // exceeded); the trace (-T).
    std::function<void(std::string_view)> log;
    std::function<void(std::string_view)> warn;
    // Milliseconds of a monotonic clock (tests set their own).
    std::function<std::int64_t()> clock_ms;
    std::function<void(const Connection&, bool incoming, const MsgHeader&, std::string_view)> trace;

private:
    // Replies.
    void reply(Connection& conn, const Request& req, std::string_view payload);
    void reply_ok(Connection& conn, const Request& req) { reply(conn, req, std::string_view("OK", 3)); }
    void reply_error(Connection& conn, const Request& req, Error e);

    Caller caller_of(const Connection& conn) const;
    std::size_t event_budget(const Connection& conn) const;
    // Queues a watch event (budget, deadline) and checks the soft quota.
    void queue_event(Connection& conn, std::string message);
    void check_soft_quota(Connection& conn);

    // Node requests (daemon_node_requests.cpp).
    void handle_node_request(Connection& conn, const Request& req);
    void handle_transaction_start(Connection& conn, const Request& req);
    void handle_transaction_end(Connection& conn, const Request& req);
    Error resolve(const Connection& conn, std::string_view raw, std::string& path) const;

    // Watches (daemon_watches.cpp).
    void handle_watch(Connection& conn, const Request& req);
    void handle_unwatch(Connection& conn, const Request& req);
    void handle_reset_watches(Connection& conn, const Request& req);
    void fire(const std::vector<Change>& changes);
    void fire_special(std::string_view name);
    bool may_see(const Connection& conn, const Change& change) const;

    // Domains (daemon_domains.cpp).
    void handle_domain_request(Connection& conn, const Request& req);
    void delete_owned_nodes(std::uint32_t domid);
    void hand_over_owned_nodes(std::uint32_t domid);
    Error set_special_perms(const Connection& conn, std::string_view name, PermList perms);

    // CONTROL (daemon_control.cpp).
    void handle_control(Connection& conn, const Request& req);

    Store store_;
    Quotas quotas_;
    DaemonSettings settings_;
    DomainBackend& backend_;
    std::map<std::uint32_t, std::unique_ptr<Connection>> connections_;
    std::map<std::uint32_t, DomainRecord> domains_;
    std::map<std::string, PermList, std::less<>> special_perms_;
    std::uint32_t next_connection_id_ = 1;
};

}  // namespace xenstored
