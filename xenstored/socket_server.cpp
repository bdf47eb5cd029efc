#include "socket_server.hpp"

#include <array>
#include <cstdlib>
#include <filesystem>
#include <sys/stat.h>
#include <unistd.h>

#include "daemon.hpp"
#include "event_loop_impl.hpp"

namespace xenstored {

namespace asio = boost::asio;
using UnixSocket = asio::local::stream_protocol::socket;

std::string default_socket_path() {
    if (const char* path = std::getenv("XENSTORED_PATH")) return path;
    if (const char* dir = std::getenv("XENSTORED_RUNDIR")) return std::string(dir) + "/socket";
    return "/run/xenstored/socket";
}

namespace {

// One client: reads requests while the daemon keeps up, writes the
// connection's queue, and removes the connection when the peer goes.
class SocketSession final : public Transport, public std::enable_shared_from_this<SocketSession> {
public:
    SocketSession(Daemon& daemon, Connection& conn, UnixSocket socket)
        : daemon_(daemon), conn_(conn), socket_(std::move(socket)) {}

    void start() { read_more(); }

    void wake() override {
        if (!closed_ && !writing_) write_more();
    }

    void close() override {
        closed_ = true;
        boost::system::error_code ignored;
        socket_.close(ignored);
    }

private:
    void read_more() {
        if (closed_ || reading_ || daemon_.backlogged(conn_)) return;
        reading_ = true;
        socket_.async_read_some(asio::buffer(buffer_),
                                [self = shared_from_this()](const boost::system::error_code& ec, std::size_t n) {
                                    self->reading_ = false;
                                    if (self->closed_) return;
                                    if (ec || !self->daemon_.receive(self->conn_, std::span(self->buffer_.data(), n))) {
                                        return self->finish();
                                    }
                                    self->read_more();
                                });
    }

    void write_more() {
        if (closed_ || !conn_.has_output()) return;
        writing_ = true;
        const auto& bytes = conn_.front();
        auto chunk = asio::buffer(bytes.data() + conn_.front_offset(), bytes.size() - conn_.front_offset());
        socket_.async_write_some(chunk, [self = shared_from_this()](const boost::system::error_code& ec, std::size_t n) {
            self->writing_ = false;
            if (self->closed_) return;
            if (ec) return self->finish();
            self->conn_.advance(n);
            // Room again: handle what waited, then listen for more.
            if (!self->daemon_.process_input(self->conn_)) return self->finish();
            self->write_more();
            self->read_more();
        });
    }

    void finish() {
        if (closed_) return;
        daemon_.remove_connection(conn_);  // calls close(); conn_ is gone after this
    }

    Daemon& daemon_;
    Connection& conn_;
    UnixSocket socket_;
    std::array<std::uint8_t, 16384> buffer_{};
    bool reading_ = false;
    bool writing_ = false;
    bool closed_ = false;
};

}  // namespace

struct SocketServer::Impl : std::enable_shared_from_this<SocketServer::Impl> {
    Impl(asio::io_context& io, Daemon& d, std::string p) : acceptor(io), daemon(d), path(std::move(p)) {}
    asio::local::stream_protocol::acceptor acceptor;
    Daemon& daemon;
    std::string path;
    bool stopped = false;

    void accept_next() {
        acceptor.async_accept([self = shared_from_this()](const boost::system::error_code& ec, UnixSocket socket) {
            if (self->stopped) return;
            if (!ec) {
                auto& conn = self->daemon.add_socket_connection();
                auto session = std::make_shared<SocketSession>(self->daemon, conn, std::move(socket));
                conn.transport = session;
                session->start();
            }
            self->accept_next();
        });
    }
};

SocketServer::SocketServer(EventLoop& loop, Daemon& daemon, std::string path)
    : impl_(std::make_shared<Impl>(loop.impl().io, daemon, std::move(path))) {
    namespace fs = std::filesystem;
    const fs::path dir = fs::path(impl_->path).parent_path();
    if (!dir.empty() && !fs::exists(dir)) {
        fs::create_directories(dir);
        ::chmod(dir.c_str(), 0755);
    }
    ::unlink(impl_->path.c_str());
    asio::local::stream_protocol::endpoint endpoint(impl_->path);
    impl_->acceptor.open(endpoint.protocol());
    impl_->acceptor.bind(endpoint);
    ::chmod(impl_->path.c_str(), 0600);
    // Xen listens with a backlog of 1; a longer one only helps many
    // clients connecting at once.
    impl_->acceptor.listen(asio::socket_base::max_listen_connections);
    impl_->accept_next();
}

SocketServer::~SocketServer() {
    impl_->stopped = true;
    boost::system::error_code ignored;
    impl_->acceptor.close(ignored);
    ::unlink(impl_->path.c_str());
}

}  // namespace xenstored
