// One stream client of the daemon over a unix socket: reads requests while
// the daemon keeps up and writes the connection's queue. What happens when
// the peer goes (or breaks the protocol) is the owner's choice: a socket
// client's connection ends, a guest socket's domain stays until RELEASE.
#pragma once
#include <array>
#include <functional>
#include <memory>

#include "connection.hpp"
#include "event_loop_impl.hpp"

namespace xenstored {

class Daemon;

using UnixSocket = boost::asio::local::stream_protocol::socket;

class SocketSession final : public Transport, public std::enable_shared_from_this<SocketSession> {
public:
    SocketSession(Daemon& daemon, Connection& conn, UnixSocket socket, std::function<void()> on_gone)
        : daemon_(daemon), conn_(conn), socket_(std::move(socket)), on_gone_(std::move(on_gone)) {}

    void start() override { read_more(); }
    void wake() override;
    void close() override;

private:
    void read_more();
    void write_more();
    void finish();

    Daemon& daemon_;
    Connection& conn_;
    UnixSocket socket_;
    std::function<void()> on_gone_;
    std::array<std::uint8_t, 16384> buffer_{};
    bool reading_ = false;
    bool writing_ = false;
    bool closed_ = false;
};

}  // namespace xenstored
