#include "socket_server.hpp"

#include <cstdlib>
#include <filesystem>
#include <sys/stat.h>
#include <unistd.h>

#include "daemon.hpp"
#include "event_loop_impl.hpp"
#include "socket_session.hpp"

namespace xenstored {

namespace asio = boost::asio;

std::string default_socket_path() {
    if (const char* path = std::getenv("XENSTORED_PATH")) return path;
    if (const char* dir = std::getenv("XENSTORED_RUNDIR")) return std::string(dir) + "/socket";
    return "/run/xenstored/socket";
}

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
                // A socket client's connection ends with its socket.
                auto gone = [&daemon = self->daemon, &conn] { daemon.remove_connection(conn); };
                auto session = std::make_shared<SocketSession>(self->daemon, conn, std::move(socket), gone);
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
