#include "daemon.hpp"

#include <chrono>

namespace xenstored {

namespace {

// Which types only privileged connections may send (4.17's table).
bool privileged_only(MsgType type) {
    switch (type) {
    case MsgType::Control:
    case MsgType::Introduce:
    case MsgType::Release:
    case MsgType::IsDomainIntroduced:
    case MsgType::Resume:
    case MsgType::SetTarget:
        return true;
    default:
        return false;
    }
}

// Watch events queued towards a privileged client may use more room than
// a guest's memory quota, but not without bound.
constexpr std::size_t kPrivilegedQueueBytes = 16u << 20;

// A change of side of the soft quota is logged at most this often per
// connection, as Xen's daemon does.
constexpr std::int64_t kSoftQuotaLogIntervalMs = 10000;

std::int64_t steady_ms() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

}  // namespace

Daemon::Daemon(Quotas quotas, DomainBackend& backend) : clock_ms(steady_ms), quotas_(quotas), backend_(backend) {
    special_perms_["@introduceDomain"] = {PermEntry{0, kNone}};
    special_perms_["@releaseDomain"] = {PermEntry{0, kNone}};
}

Daemon::~Daemon() {
    for (auto& [id, conn] : connections_) {
        if (conn->transport) conn->transport->close();
    }
}

Connection& Daemon::add_socket_connection() {
    auto id = next_connection_id_++;
    auto conn = std::make_unique<Connection>(id, 0, true, false);
    auto& ref = *conn;
    connections_.emplace(id, std::move(conn));
    return ref;
}

void Daemon::remove_connection(Connection& conn) {
    if (conn.transport) conn.transport->close();
    for (auto& [domid, record] : domains_) {
        if (record.conn == &conn) record.conn = nullptr;
    }
    connections_.erase(conn.id());
}

bool Daemon::backlogged(const Connection& conn) const {
    if (conn.privileged()) return conn.queued_bytes() >= kPrivilegedQueueBytes;
    return conn.queued_replies() >= quotas_.outstanding || conn.queued_bytes() >= event_budget(conn);
}

std::size_t Daemon::event_budget(const Connection& conn) const {
    // memory=0 lifts the hard quota (as in Xen); the privileged bound stays.
    return conn.privileged() || quotas_.memory == 0 ? kPrivilegedQueueBytes : quotas_.memory;
}

void Daemon::queue_event(Connection& conn, std::string message) {
    // Only a guest's events expire, as in Xen: dom0 and socket clients
    // get theirs however late.
    const auto timeout = settings_.watch_event_timeout_ms;
    const bool timed = timeout && conn.is_domain() && !conn.privileged();
    if (conn.send_event(std::move(message), event_budget(conn), timed ? clock_ms() + timeout : 0)) check_soft_quota(conn);
}

void Daemon::expire_events(Connection& conn) {
    if (conn.drop_expired_events(clock_ms())) check_soft_quota(conn);
}

void Daemon::check_soft_quota(Connection& conn) {
    if (!conn.is_domain() || conn.privileged()) return;
    const auto soft = quotas_.memory_soft;
    const bool over = soft && conn.queued_bytes() >= soft;
    if (over == conn.soft_quota_reported) return;
    const auto now = clock_ms();
    if (conn.soft_quota_logged_at && now - conn.soft_quota_logged_at < kSoftQuotaLogIntervalMs) return;
    conn.soft_quota_reported = over;
    conn.soft_quota_logged_at = now;
    const std::string who = "domain " + std::to_string(conn.domid());
    if (over) {
        if (warn) {
            warn(who + " is over its soft memory quota: " + std::to_string(conn.queued_bytes()) +
                 " bytes queued, soft quota " + std::to_string(soft));
        }
    } else if (log) {
        log(who + " is under its soft memory quota again");
    }
}

bool Daemon::receive(Connection& conn, std::span<const std::uint8_t> bytes) {
    conn.reader.feed(bytes);
    return process_input(conn);
}

bool Daemon::process_input(Connection& conn) {
    while (!conn.closing && !backlogged(conn)) {
        auto msg = conn.reader.next();
        if (!msg) break;
        if (trace) trace(conn, true, msg->header, msg->payload);
        handle(conn, Request{msg->header, msg->payload});
    }
    check_soft_quota(conn);
    return !conn.reader.broken() && !conn.closing;
}

Caller Daemon::caller_of(const Connection& conn) const {
    Caller caller{conn.domid(), conn.privileged(), std::nullopt};
    if (auto it = domains_.find(conn.domid()); it != domains_.end()) caller.target = it->second.target;
    return caller;
}

void Daemon::reply(Connection& conn, const Request& req, std::string_view payload) {
    if (payload.size() > kPayloadMax) return reply_error(conn, req, Error::TooBig);
    if (trace) trace(conn, false, req.header, payload);
    conn.send_reply(encode_message(req.type(), req.header.req_id, req.header.tx_id, payload));
}

void Daemon::reply_error(Connection& conn, const Request& req, Error e) {
    std::string payload(error_name(e));
    payload.push_back('\0');
    MsgHeader header = req.header;
    header.type = static_cast<std::uint32_t>(MsgType::Error);
    if (trace) trace(conn, false, header, payload);
    conn.send_reply(encode_message(MsgType::Error, req.header.req_id, req.header.tx_id, payload));
}

void Daemon::handle(Connection& conn, const Request& req) {
    const auto type = req.type();
    const auto raw = req.header.type;
    if (raw >= static_cast<std::uint32_t>(MsgType::TypeCount) || type == MsgType::WatchEvent ||
        type == MsgType::Error || type == MsgType::Restrict) {
        return reply_error(conn, req, Error::NoSys);
    }
    if (privileged_only(type) && !conn.privileged()) return reply_error(conn, req, Error::Acces);

    switch (type) {
    case MsgType::Control: return handle_control(conn, req);
    case MsgType::Watch: return handle_watch(conn, req);
    case MsgType::Unwatch: return handle_unwatch(conn, req);
    case MsgType::ResetWatches: return handle_reset_watches(conn, req);
    case MsgType::TransactionStart: return handle_transaction_start(conn, req);
    case MsgType::TransactionEnd: return handle_transaction_end(conn, req);
    case MsgType::Introduce:
    case MsgType::Release:
    case MsgType::GetDomainPath:
    case MsgType::IsDomainIntroduced:
    case MsgType::Resume:
    case MsgType::SetTarget:
        return handle_domain_request(conn, req);
    default:
        return handle_node_request(conn, req);
    }
}

}  // namespace xenstored
