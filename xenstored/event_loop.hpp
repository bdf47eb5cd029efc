// Our thin layer over Boost.Asio: one single-threaded loop, and the few
// things the daemon waits on (signals, a readable fd, a unix socket).
// Nothing outside event_loop*.cpp and socket_server.cpp includes Asio.
#pragma once
#include <functional>
#include <memory>

namespace xenstored {

class EventLoop {
public:
    EventLoop();
    ~EventLoop();
    EventLoop(const EventLoop&) = delete;
    EventLoop& operator=(const EventLoop&) = delete;

    void run();
    void stop();
    // Calls `handler` (on the loop) for each of SIGTERM, SIGINT, SIGHUP.
    void on_termination(std::function<void(int)> handler);

    struct Impl;
    Impl& impl() { return *impl_; }

private:
    std::unique_ptr<Impl> impl_;
};

// Calls `on_readable` on the loop whenever `fd` becomes readable. The fd
// stays owned by the caller.
class FdWatcher {
public:
    FdWatcher(EventLoop& loop, int fd, std::function<void()> on_readable);
    ~FdWatcher();

private:
    struct Impl;
    std::shared_ptr<Impl> impl_;
};

}  // namespace xenstored
