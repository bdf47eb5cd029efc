// CONTROL: the administrative sub-commands xenstore-control sends.
#include "daemon.hpp"
#include "request_args.hpp"

namespace xenstored {

namespace {

constexpr std::string_view kHelp =
    "Available commands:\n"
    "check\n"
    "log [on|off]\n"
    "logfile <file>\n"
    "memreport [<file>]\n"
    "print <string>\n"
    "quota [set <name> <val>|<domid>]\n"
    "quota-soft [set <name> <val>]\n"
    "help\n";

std::string with_nul(std::string text) {
    text.push_back('\0');
    return text;
}

}  // namespace

void Daemon::handle_control(Connection& conn, const Request& req) {
    auto args = split_args(req.payload);
    if (!args || args->empty()) return reply_error(conn, req, Error::Inval);
    const std::string_view cmd = (*args)[0];
    const std::size_t extra = args->size() - 1;

    if (cmd == "help" && extra == 0) return reply(conn, req, with_nul(std::string(kHelp)));
    if (cmd == "check" && extra == 0) return reply_ok(conn, req);  // the store is kept consistent by construction
    if (cmd == "print" && extra == 1) {
        if (log) log((*args)[1]);
        return reply_ok(conn, req);
    }
    if (cmd == "log" && extra <= 1) return reply_ok(conn, req);
    if (cmd == "memreport" && extra <= 1) {
        std::string report = "nodes: " + std::to_string(store_.size()) +
                             "\nconnections: " + std::to_string(connections_.size()) +
                             "\ndomains: " + std::to_string(domains_.size()) + "\n";
        return reply(conn, req, with_nul(report));
    }
    if (cmd == "quota") {
        if (extra == 0) {
            std::string out;
            for (auto name : Quotas::names()) {
                out += std::string(name) + ": " + std::to_string(*quotas_.get(name)) + "\n";
            }
            return reply(conn, req, with_nul(out));
        }
        if ((*args)[1] == "set" && extra == 3) {
            auto value = lenient_number((*args)[3]);
            if (value > UINT32_MAX || !quotas_.set((*args)[2], static_cast<std::uint32_t>(value))) {
                return reply_error(conn, req, Error::Inval);
            }
            return reply_ok(conn, req);
        }
        if (extra == 1) {
            const auto domid = static_cast<std::uint32_t>(lenient_number((*args)[1]));
            auto it = domains_.find(domid);
            if (it == domains_.end()) return reply_error(conn, req, Error::NoEnt);
            const Connection* dc = it->second.conn;
            std::string out = "Domain " + std::to_string(domid) + ":\n";
            out += "nodes: " + std::to_string(store_.nodes_owned(domid)) + "\n";
            out += "watches: " + std::to_string(dc ? dc->watches.size() : 0) + "\n";
            out += "transactions: " + std::to_string(dc ? dc->transactions.size() : 0) + "\n";
            out += "outstanding: " + std::to_string(dc ? dc->queued_replies() : 0) + "\n";
            return reply(conn, req, with_nul(out));
        }
        return reply_error(conn, req, Error::Inval);
    }
    // logfile, quota-soft and live-update are not offered.
    reply_error(conn, req, Error::Inval);
}

}  // namespace xenstored
