#include "logger.hpp"

#include <ctime>
#include <syslog.h>

namespace xenstored {

Logger::Logger(const std::string& log_file, const std::string& trace_file, bool verbose) : verbose_(verbose) {
    if (!log_file.empty()) log_ = std::fopen(log_file.c_str(), "a");
    if (!log_) openlog("xenstored", LOG_PID, LOG_DAEMON);
    if (!trace_file.empty()) trace_ = std::fopen(trace_file.c_str(), "a");
}

Logger::~Logger() {
    if (log_) std::fclose(log_);
    else closelog();
    if (trace_) std::fclose(trace_);
}

void Logger::write(int priority, std::string_view text) {
    if (!log_) {
        syslog(priority, "%.*s", static_cast<int>(text.size()), text.data());
        return;
    }
    std::fprintf(log_, "%ld xenstored: %.*s\n", static_cast<long>(std::time(nullptr)), static_cast<int>(text.size()),
                 text.data());
    std::fflush(log_);
}

void Logger::info(std::string_view text) { write(LOG_INFO, text); }
void Logger::warning(std::string_view text) { write(LOG_WARNING, text); }
void Logger::error(std::string_view text) { write(LOG_ERR, text); }

void Logger::trace(const Connection& conn, bool incoming, const MsgHeader& header, std::string_view payload) {
    if (!trace_) return;
    // Payload bytes printable, NULs as spaces, capped: a trace is for people.
    std::string shown;
    for (char c : payload.substr(0, 256)) shown.push_back(c == '\0' ? ' ' : (c >= 0x20 && c < 0x7f ? c : '.'));
    // The connection's kind tells which transport served the message: a
    // unix-socket client, or a domain (its ring; with -G, its stand-in socket).
    std::fprintf(trace_, "%s conn %u %s dom %u type %u req %u tx %u len %u (%s)\n", incoming ? "IN " : "OUT",
                 conn.id(), conn.is_domain() ? "domain" : "socket", conn.domid(), header.type, header.req_id, header.tx_id,
                 static_cast<unsigned>(payload.size()), shown.c_str());
    std::fflush(trace_);
}

}  // namespace xenstored
