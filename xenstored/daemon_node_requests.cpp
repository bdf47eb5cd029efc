// READ, WRITE, MKDIR, RM, DIRECTORY(_PART), GET/SET_PERMS and transactions.
#include "daemon.hpp"
#include "node_ops.hpp"
#include "path.hpp"
#include "request_args.hpp"

namespace xenstored {

namespace {

std::string joined_children(const Node& node) {
    std::string out;
    out.reserve(node.children_bytes());
    for (const auto& child : node.children) {
        out += child;
        out.push_back('\0');
    }
    return out;
}

std::string format_perms(const PermList& perms) {
    std::string out;
    for (const auto& entry : perms) {
        if (entry.bits & kIgnore) continue;  // stale domid: not shown
        out += format_perm(entry);
        out.push_back('\0');
    }
    return out;
}

// "gen\0" + whole names from byte `offset` that fit + "\0" once the end of
// the list is in the reply.
std::string directory_part(const Node& node, std::uint64_t offset) {
    std::string reply = std::to_string(node.generation);
    reply.push_back('\0');
    const std::string list = joined_children(node);
    if (offset >= list.size()) {
        reply.push_back('\0');
        return reply;
    }
    const std::size_t room = kPayloadMax - reply.size() - 1;
    std::size_t pos = offset;
    std::size_t taken = 0;
    while (pos < list.size()) {
        std::size_t end = list.find('\0', pos);
        std::size_t entry = end - pos + 1;
        if (taken + entry > room) break;
        taken += entry;
        pos = end + 1;
    }
    reply.append(list, offset, taken);
    if (pos >= list.size()) reply.push_back('\0');
    return reply;
}

}  // namespace

Error Daemon::resolve(const Connection& conn, std::string_view raw, std::string& path) const {
    path = resolve_path(raw, conn.domid());
    return is_valid_node_path(path, quotas_.path_max) ? Error::Ok : Error::Inval;
}

void Daemon::handle_node_request(Connection& conn, const Request& req) {
    Transaction* tx = nullptr;
    if (req.header.tx_id != 0) {
        auto it = conn.transactions.find(req.header.tx_id);
        if (it == conn.transactions.end()) return reply_error(conn, req, Error::NoEnt);
        tx = it->second.get();
    }
    DirectView direct(store_);
    NodeView& view = tx ? static_cast<NodeView&>(*tx) : direct;
    const Caller caller = caller_of(conn);
    std::vector<Change> changes;
    NodeOps ops(view, caller, quotas_, changes);
    std::string path;
    Error e = Error::Ok;
    std::string out;

    switch (req.type()) {
    case MsgType::Read:
    case MsgType::Mkdir:
    case MsgType::Rm:
    case MsgType::Directory:
    case MsgType::GetPerms: {
        auto arg = single_arg(req.payload);
        if (!arg) return reply_error(conn, req, Error::Inval);
        if (req.type() == MsgType::GetPerms && is_special_path(*arg)) {
            auto it = special_perms_.find(*arg);
            if (it == special_perms_.end()) return reply_error(conn, req, Error::Inval);
            return reply(conn, req, format_perms(it->second));
        }
        if ((e = resolve(conn, *arg, path)) != Error::Ok) break;
        if (req.type() == MsgType::Read) {
            e = ops.read(path, out);
        } else if (req.type() == MsgType::Mkdir) {
            e = ops.mkdir(path);
            out.assign("OK", 3);
        } else if (req.type() == MsgType::Rm) {
            e = ops.rm(path);
            out.assign("OK", 3);
        } else if (req.type() == MsgType::Directory) {
            const Node* node = nullptr;
            if ((e = ops.directory(path, node)) == Error::Ok) out = joined_children(*node);
        } else {
            PermList perms;
            if ((e = ops.get_perms(path, perms)) == Error::Ok) out = format_perms(perms);
        }
        break;
    }
    case MsgType::Write: {
        auto nul = req.payload.find('\0');
        if (nul == std::string_view::npos) return reply_error(conn, req, Error::Inval);
        if ((e = resolve(conn, req.payload.substr(0, nul), path)) != Error::Ok) break;
        e = ops.write(path, req.payload.substr(nul + 1));
        out.assign("OK", 3);
        break;
    }
    case MsgType::DirectoryPart: {
        auto args = split_args(req.payload);
        if (!args || args->size() != 2) return reply_error(conn, req, Error::Inval);
        if ((e = resolve(conn, (*args)[0], path)) != Error::Ok) break;
        const Node* node = nullptr;
        if ((e = ops.directory(path, node)) == Error::Ok) out = directory_part(*node, lenient_number((*args)[1]));
        break;
    }
    case MsgType::SetPerms: {
        auto args = split_args(req.payload);
        if (!args || args->size() < 2) return reply_error(conn, req, Error::Inval);
        PermList perms;
        for (std::size_t i = 1; i < args->size(); ++i) {
            auto entry = parse_perm((*args)[i]);
            if (!entry) return reply_error(conn, req, Error::Inval);
            perms.push_back(*entry);
        }
        if (is_special_path((*args)[0])) {
            e = set_special_perms(conn, (*args)[0], std::move(perms));
        } else if ((e = resolve(conn, (*args)[0], path)) == Error::Ok) {
            e = ops.set_perms(path, std::move(perms), [this](std::uint32_t d) { return backend_.domain_exists(d); });
        }
        out.assign("OK", 3);
        break;
    }
    default:
        return reply_error(conn, req, Error::NoSys);
    }

    if (e != Error::Ok) return reply_error(conn, req, e);
    if (tx) tx->record_changes(std::move(changes));
    reply(conn, req, out);
    if (!tx) fire(changes);
}

void Daemon::handle_transaction_start(Connection& conn, const Request& req) {
    if (req.header.tx_id != 0) return reply_error(conn, req, Error::Busy);
    if (!conn.privileged() && conn.transactions.size() > quotas_.transactions) {
        return reply_error(conn, req, Error::NoSpc);
    }
    std::uint32_t id = conn.last_tx_id;
    do {
        ++id;
    } while (id == 0 || conn.transactions.count(id));
    conn.last_tx_id = id;
    const std::size_t limit = conn.privileged() ? 0 : quotas_.transaction_nodes;
    conn.transactions.emplace(id, std::make_unique<Transaction>(store_, limit));
    std::string out = std::to_string(id);
    out.push_back('\0');
    reply(conn, req, out);
}

void Daemon::handle_transaction_end(Connection& conn, const Request& req) {
    auto arg = single_arg(req.payload);
    if (!arg || (*arg != "T" && *arg != "F")) return reply_error(conn, req, Error::Inval);
    auto it = conn.transactions.find(req.header.tx_id);
    if (req.header.tx_id == 0 || it == conn.transactions.end()) return reply_error(conn, req, Error::NoEnt);
    auto tx = std::move(it->second);
    conn.transactions.erase(it);
    if (*arg == "F") return reply_ok(conn, req);
    std::vector<Change> changes;
    if (Error e = tx->commit(changes); e != Error::Ok) return reply_error(conn, req, e);
    reply_ok(conn, req);
    fire(changes);
}

}  // namespace xenstored
