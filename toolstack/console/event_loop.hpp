#pragma once
// The console daemon's thin layer over Boost.Asio: one single-threaded
// loop, fds watched for readability or writability, a periodic timer and
// the signals. Nothing outside event_loop.cpp includes Asio.
#include <chrono>
#include <functional>
#include <memory>

namespace console {

class EventLoop {
public:
    EventLoop();
    ~EventLoop();
    EventLoop(const EventLoop&) = delete;
    EventLoop& operator=(const EventLoop&) = delete;

    void run();
    // Runs handlers for at most `d` (tests step the loop this way).
    void run_for(std::chrono::milliseconds d);
    void stop();
    // `handler(signal)` on the loop for each SIGTERM, SIGINT and SIGHUP.
    void on_signals(std::function<void(int)> handler);

    struct Impl;
    Impl& impl() { return *impl_; }

private:
    std::unique_ptr<Impl> impl_;
};

// Calls `ready` on the loop while `fd` is readable (or writable) and the
// watch is enabled. The fd stays the caller's. Safe to destroy from inside
// its own callback.
class FdWatch {
public:
    enum class Direction { Read, Write };
    FdWatch(EventLoop& loop, int fd, Direction direction, std::function<void()> ready, bool enabled = true);
    ~FdWatch();
    FdWatch(const FdWatch&) = delete;
    FdWatch& operator=(const FdWatch&) = delete;
    void enable(bool on);
    bool enabled() const;

    struct Impl;

private:
    std::shared_ptr<Impl> impl_;
};

// Calls `tick` every `period` until destroyed.
class PeriodicTimer {
public:
    PeriodicTimer(EventLoop& loop, std::chrono::milliseconds period, std::function<void()> tick);
    ~PeriodicTimer();
    PeriodicTimer(const PeriodicTimer&) = delete;
    PeriodicTimer& operator=(const PeriodicTimer&) = delete;

    struct Impl;

private:
    std::shared_ptr<Impl> impl_;
};

} // namespace console
