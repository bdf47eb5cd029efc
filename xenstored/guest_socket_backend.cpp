#include "guest_socket_backend.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include "daemon.hpp"
#include "socket_session.hpp"

namespace xenstored {

namespace {

// The domain's stand-in ring: one peer at a time, as a ring has one guest.
// Like a ring, the connection outlives its peer and dies for good (until
// RELEASE) when the peer breaks the protocol.
class GuestSocket final : public Transport, public std::enable_shared_from_this<GuestSocket> {
public:
    GuestSocket(boost::asio::io_context& io, Daemon& daemon, Connection& conn, std::string path)
        : acceptor_(io), daemon_(daemon), conn_(conn), path_(std::move(path)) {
        ::unlink(path_.c_str());
        boost::asio::local::stream_protocol::endpoint endpoint(path_);
        acceptor_.open(endpoint.protocol());
        acceptor_.bind(endpoint);
        ::chmod(path_.c_str(), 0600);
        acceptor_.listen(1);
    }

    void start() override { accept_next(); }
    void wake() override {
        if (session_) session_->wake();
    }
    void close() override {
        if (closed_) return;
        closed_ = true;
        boost::system::error_code ignored;
        acceptor_.close(ignored);
        if (session_) session_->close();
        session_.reset();
        ::unlink(path_.c_str());
    }

private:
    void accept_next() {
        acceptor_.async_accept([self = shared_from_this()](const boost::system::error_code& ec, UnixSocket socket) {
            if (self->closed_) return;
            if (!ec) self->adopt(std::move(socket));
            self->accept_next();
        });
    }

    void adopt(UnixSocket socket) {
        if (conn_.closing) return;  // dead until released: the socket just closes
        if (session_) session_->close();
        // A new peer starts a clean stream, as after a ring reconnection.
        conn_.reader.reset();
        conn_.clear_output();
        auto gone = [weak = weak_from_this()] {
            if (auto self = weak.lock()) self->peer_gone();
        };
        session_ = std::make_shared<SocketSession>(daemon_, conn_, std::move(socket), gone);
        session_->start();
    }

    void peer_gone() {
        if (conn_.reader.broken()) conn_.closing = true;
        session_.reset();
    }

    boost::asio::local::stream_protocol::acceptor acceptor_;
    Daemon& daemon_;
    Connection& conn_;
    std::string path_;
    std::shared_ptr<SocketSession> session_;
    bool closed_ = false;
};

}  // namespace

Error GuestSocketBackend::attach(Connection& conn, std::uint32_t domid, std::uint64_t, std::uint32_t) {
    if (!daemon_) return Error::Io;
    try {
        conn.transport = std::make_shared<GuestSocket>(loop_.impl().io, *daemon_, conn, path_for(socket_path_, domid));
    } catch (const std::exception&) {
        return Error::Io;
    }
    return Error::Ok;
}

}  // namespace xenstored
