// WATCH, UNWATCH, RESET_WATCHES and the delivery of watch events.
#include "daemon.hpp"
#include "path.hpp"
#include "request_args.hpp"

namespace xenstored {

namespace {

std::string event_message(std::string_view path, std::string_view token) {
    std::string payload;
    payload.reserve(path.size() + token.size() + 2);
    payload.append(path);
    payload.push_back('\0');
    payload.append(token);
    payload.push_back('\0');
    return encode_message(MsgType::WatchEvent, 0, 0, payload);
}

}  // namespace

void Daemon::handle_watch(Connection& conn, const Request& req) {
    auto args = split_args(req.payload);
    if (!args || args->size() != 2) return reply_error(conn, req, Error::Inval);
    const std::string_view raw = (*args)[0];
    const std::string_view token = (*args)[1];
    std::string path;
    if (is_special_path(raw)) {
        if (raw.size() > quotas_.path_max) return reply_error(conn, req, Error::Inval);
        path = std::string(raw);
    } else if (Error e = resolve(conn, raw, path); e != Error::Ok) {
        return reply_error(conn, req, e);
    }
    for (const auto& w : conn.watches) {
        if (w.path == path && w.token == token) return reply_error(conn, req, Error::Exist);
    }
    if (!conn.privileged() && conn.watches.size() > quotas_.watches) return reply_error(conn, req, Error::TooBig);
    const bool relative = !raw.empty() && raw[0] != '/' && raw[0] != '@';
    conn.watches.push_back(Watch{path, std::string(token), relative});
    reply_ok(conn, req);
    // Xen fires every new watch once, with the path as the client wrote it.
    auto event = event_message(raw, token);
    if (event.size() - sizeof(MsgHeader) <= kPayloadMax) queue_event(conn, std::move(event));
}

void Daemon::handle_unwatch(Connection& conn, const Request& req) {
    auto args = split_args(req.payload);
    if (!args || args->size() != 2) return reply_error(conn, req, Error::Inval);
    std::string path;
    if (is_special_path((*args)[0])) {
        path = std::string((*args)[0]);
    } else if (Error e = resolve(conn, (*args)[0], path); e != Error::Ok) {
        return reply_error(conn, req, e);
    }
    for (auto it = conn.watches.begin(); it != conn.watches.end(); ++it) {
        if (it->path == path && it->token == (*args)[1]) {
            conn.watches.erase(it);
            return reply_ok(conn, req);
        }
    }
    reply_error(conn, req, Error::NoEnt);
}

void Daemon::handle_reset_watches(Connection& conn, const Request& req) {
    conn.watches.clear();
    conn.transactions.clear();
    reply_ok(conn, req);
}

bool Daemon::may_see(const Connection& conn, const Change& change) const {
    if (conn.privileged()) return true;
    const Caller caller = caller_of(conn);
    if (change.old_perms && (access_for(caller, *change.old_perms) & kRead)) return true;
    // A node that is gone is judged by its nearest surviving ancestor.
    std::string_view path = change.path;
    const Node* node = store_.find(path);
    while (!node && path != "/") {
        path = parent_path(path);
        node = store_.find(path);
    }
    return node && (access_for(caller, node->perms) & kRead);
}

void Daemon::fire(const std::vector<Change>& changes) {
    for (const auto& change : changes) {
        for (auto& [id, conn] : connections_) {
            const std::string home = domain_path(conn->domid()) + "/";
            bool visible = false, checked = false;
            for (const auto& w : conn->watches) {
                if (is_special_path(w.path)) continue;
                const bool match = change.kind == ChangeKind::RemovedInside ? w.path == change.path
                                                                            : is_in_subtree(change.path, w.path);
                if (!match) continue;
                if (!checked) {
                    visible = may_see(*conn, change);
                    checked = true;
                }
                if (!visible) break;
                std::string_view epath = change.path;
                if (w.relative && epath.starts_with(home)) epath.remove_prefix(home.size());
                const std::size_t payload = epath.size() + w.token.size() + 2;
                // Too long for one message: dropped, as Xen does. A full
                // queue drops it too, before it costs a copy.
                if (payload > kPayloadMax || !conn->has_room(sizeof(MsgHeader) + payload, event_budget(*conn))) continue;
                queue_event(*conn, event_message(epath, w.token));
            }
        }
    }
}

void Daemon::fire_special(std::string_view name) {
    const auto perms = special_perms_.find(name);
    for (auto& [id, conn] : connections_) {
        if (!conn->privileged()) {
            if (perms == special_perms_.end() || !(access_for(caller_of(*conn), perms->second) & kRead)) continue;
        }
        for (const auto& w : conn->watches) {
            if (w.path != name) continue;
            auto event = event_message(name, w.token);
            if (event.size() - sizeof(MsgHeader) > kPayloadMax) continue;
            queue_event(*conn, std::move(event));
        }
    }
}

}  // namespace xenstored
