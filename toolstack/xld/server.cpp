#include "xld/server.hpp"

#include <sys/socket.h>
#include <unistd.h>

#include <chrono>

namespace xld {

namespace asio = boost::asio;
using local = asio::local::stream_protocol;

// One client: requests are read a line at a time and answered in order; a
// request that waits holds the session's next read until it is answered.
class Server::Session : public std::enable_shared_from_this<Session> {
public:
    Session(local::socket socket, Server& server) : socket_(std::move(socket)), server_(server) {}

    void read()
    {
        auto self = shared_from_this();
        asio::async_read_until(socket_, buffer_, '\n', [self](boost::system::error_code ec, size_t length) {
            if (ec) return; // the client went away (or sent an over-long line)
            std::string line(asio::buffers_begin(self->buffer_.data()),
                             asio::buffers_begin(self->buffer_.data()) + std::ptrdiff_t(length));
            self->buffer_.consume(length);
            PendingWait wait;
            std::optional<json::Value> reply = self->server_.api_.handle(line, wait);
            if (!reply) {
                self->server_.waiters_.push_back({wait, self});
                self->watch_hangup();
                self->server_.answer_waiters(); // it may have ended already
                return;
            }
            self->reply(*reply);
        });
    }

    // A client that goes away while its request waits is forgotten then,
    // not when the domain ends (which may be never).
    void watch_hangup()
    {
        auto self = shared_from_this();
        waiting_ = true;
        socket_.async_wait(local::socket::wait_read, [self](boost::system::error_code ec) {
            if (ec == asio::error::operation_aborted || !self->waiting_) return; // answered meanwhile
            char byte;
            // More requests queued behind this one: the client is there.
            // Not watched further (the bytes would wake the watch at once,
            // over and over): they are read once the wait is answered.
            if (!ec && ::recv(self->socket_.native_handle(), &byte, 1, MSG_PEEK | MSG_DONTWAIT) > 0) return;
            self->hung_up_ = true;
            self->server_.drop_hung_up();
        });
    }
    bool hung_up() const { return hung_up_; }

    void reply(const json::Value& value)
    {
        if (waiting_) {
            waiting_ = false;
            socket_.cancel(); // the hang-up watch
        }
        auto self = shared_from_this();
        auto text = std::make_shared<std::string>(json::write(value) + "\n");
        asio::async_write(socket_, asio::buffer(*text), [self, text](boost::system::error_code ec, size_t) {
            if (!ec) self->read();
        });
    }

private:
    local::socket socket_;
    Server& server_;
    bool hung_up_ = false;
    bool waiting_ = false;
    // A request line is at most 1 MiB: a configuration and its source.
    asio::streambuf buffer_{1 << 20};
};

Server::Server(asio::io_context& io, const std::string& socket_path, Api& api, DomainManager& manager,
               xs::Client& watcher)
    : io_(io), socket_path_(socket_path), acceptor_(io), api_(api), manager_(manager), watcher_(watcher),
      watch_fd_(io, ::dup(watcher.fd())), reconcile_timer_(io), accept_timer_(io)
{
    ::unlink(socket_path.c_str()); // a socket left by a killed daemon
    local::endpoint endpoint(socket_path);
    acceptor_.open(endpoint.protocol());
    acceptor_.bind(endpoint);
    acceptor_.listen();
    watcher_.watch("@releaseDomain", "xld-release");
    accept();
    watch_xenstore();
    schedule_reconcile();
}

Server::~Server() { ::unlink(socket_path_.c_str()); }

void Server::accept()
{
    acceptor_.async_accept([this](boost::system::error_code ec, local::socket socket) {
        if (!ec) {
            std::make_shared<Session>(std::move(socket), *this)->read();
            accept();
            return;
        }
        // Out of descriptors (or another passing error): try again shortly
        // rather than spin.
        accept_timer_.expires_after(std::chrono::milliseconds(100));
        accept_timer_.async_wait([this](boost::system::error_code) { accept(); });
    });
}

void Server::drop_hung_up()
{
    waiters_.remove_if([](const Waiter& w) { return w.session->hung_up(); });
}

void Server::watch_xenstore()
{
    watch_fd_.async_wait(asio::posix::stream_descriptor::wait_read, [this](boost::system::error_code ec) {
        if (ec) return;
        bool changed = false;
        try {
            while (watcher_.wait_event(0))
                while (auto event = watcher_.take_event()) changed = true;
        } catch (const std::exception&) {
            io_.stop(); // xenstored is gone: nothing can be managed
            return;
        }
        if (changed) on_domains_changed();
        watch_xenstore();
    });
}

void Server::on_domains_changed()
{
    manager_.reconcile();
    answer_waiters();
}

// A reconcile every few seconds too: a missed watch must not leave a
// shut-down domain unattended.
void Server::schedule_reconcile()
{
    reconcile_timer_.expires_after(std::chrono::seconds(5));
    reconcile_timer_.async_wait([this](boost::system::error_code ec) {
        if (ec) return;
        on_domains_changed();
        schedule_reconcile();
    });
}

void Server::answer_waiters()
{
    for (auto it = waiters_.begin(); it != waiters_.end();) {
        auto& session = it->session;
        bool done = false;
        {
            try {
                if (manager_.ended(it->wait.domid, it->wait.uuid)) {
                    session->reply(Api::ok());
                    done = true;
                }
            } catch (const std::exception& e) {
                session->reply(Api::error(e.what(), kErrorFail));
                done = true;
            }
        }
        it = done ? waiters_.erase(it) : std::next(it);
    }
}

} // namespace xld
