#pragma once
// The daemon's event loop (Boost.Asio, one thread): the API socket, one
// session per client connection with a line per request, and the xenstore
// watch on @releaseDomain that drives the domain manager's reconcile.
#include <utility> // before Asio: Boost 1.74 uses std::exchange without it
#include <boost/asio.hpp>

#include <list>
#include <memory>
#include <string>

#include "xenstore/client.hpp"
#include "xld/api.hpp"

namespace xld {

class Server {
public:
    // `watcher` is a xenstore connection of its own, used for watches only.
    Server(boost::asio::io_context& io, const std::string& socket_path, Api& api, DomainManager& manager,
           xs::Client& watcher);
    ~Server();

private:
    class Session;
    struct Waiter {
        PendingWait wait;
        std::shared_ptr<Session> session; // kept alive until answered
    };

    void accept();
    void watch_xenstore();
    void on_domains_changed();
    void schedule_reconcile();
    void answer_waiters();
    void drop_hung_up();

    boost::asio::io_context& io_;
    std::string socket_path_;
    boost::asio::local::stream_protocol::acceptor acceptor_;
    Api& api_;
    DomainManager& manager_;
    xs::Client& watcher_;
    boost::asio::posix::stream_descriptor watch_fd_;
    boost::asio::steady_timer reconcile_timer_;
    boost::asio::steady_timer accept_timer_;
    std::list<Waiter> waiters_;
};

} // namespace xld
