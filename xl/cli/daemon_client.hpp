#pragma once
// xl's connection to the toolstack daemon (xld): one JSON request per line,
// one reply per line. When the daemon cannot be reached xl says so in one
// line, with what to start.
#include <cstdio>
#include <stdexcept>
#include <string>

#include "json/json.hpp"

namespace xl {

class DaemonUnreachable : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// A reply with "ok": false: the daemon's message and libxl's error code.
class DaemonError : public std::runtime_error {
public:
    DaemonError(const std::string& message, int rc) : std::runtime_error(message), rc_(rc) {}
    int rc() const { return rc_; }

private:
    int rc_;
};

class DaemonClient {
public:
    DaemonClient(); // throws DaemonUnreachable
    ~DaemonClient();
    DaemonClient(const DaemonClient&) = delete;
    DaemonClient& operator=(const DaemonClient&) = delete;

    // Sends {"version": 1, "op": op, ...fields}; returns the reply, or throws
    // DaemonError when it says "ok": false.
    json::Value call(const std::string& op, json::Value fields = json::Value::object());

private:
    int fd_ = -1;
    std::string pending_; // bytes read past the last reply
};

// The fields of a request about one domain: {"domain": name or domid}.
inline json::Value domain_request(const std::string& domain)
{
    json::Value fields = json::Value::object();
    fields.set("domain", json::Value::string(domain));
    return fields;
}

// Runs `body` with a client; prints the one-line error and returns 1 when
// the daemon cannot be reached, or its message (exit 1) when it refuses.
template <class Body> int with_daemon(Body&& body)
{
    try {
        DaemonClient client;
        return body(client);
    } catch (const std::runtime_error& e) { // DaemonUnreachable, DaemonError
        std::fprintf(stderr, "%s\n", e.what());
        return 1;
    }
}

} // namespace xl
