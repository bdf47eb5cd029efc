#include "event_loop.hpp"

#include <unistd.h>

#include <csignal>
#include <utility> // Boost 1.74's Asio uses std::exchange without including it

#include <boost/asio.hpp>

namespace console {

struct EventLoop::Impl {
    boost::asio::io_context io{1};
    boost::asio::signal_set signals{io};
    std::function<void(int)> on_signal;

    void wait_signal()
    {
        signals.async_wait([this](const boost::system::error_code& ec, int sig) {
            if (ec) return;
            on_signal(sig);
            wait_signal();
        });
    }
};

EventLoop::EventLoop() : impl_(std::make_unique<Impl>()) {}
EventLoop::~EventLoop() = default;

void EventLoop::run()
{
    impl_->io.restart();
    impl_->io.run();
}

void EventLoop::run_for(std::chrono::milliseconds d)
{
    impl_->io.restart();
    impl_->io.run_for(d);
}

void EventLoop::stop() { impl_->io.stop(); }

void EventLoop::on_signals(std::function<void(int)> handler)
{
    impl_->on_signal = std::move(handler);
    impl_->signals.add(SIGTERM);
    impl_->signals.add(SIGINT);
    impl_->signals.add(SIGHUP);
    impl_->wait_signal();
}

struct FdWatch::Impl : std::enable_shared_from_this<FdWatch::Impl> {
    Impl(boost::asio::io_context& io, int fd, Direction d) : descriptor(io, ::dup(fd)), direction(d) {}
    boost::asio::posix::stream_descriptor descriptor;
    Direction direction;
    std::function<void()> ready;
    bool enabled = false, waiting = false, closed = false;

    void arm()
    {
        if (!enabled || waiting || closed) return;
        waiting = true;
        auto kind = direction == Direction::Read ? boost::asio::posix::stream_descriptor::wait_read
                                                 : boost::asio::posix::stream_descriptor::wait_write;
        descriptor.async_wait(kind, [self = shared_from_this()](const boost::system::error_code& ec) {
            self->waiting = false;
            if (ec || self->closed || !self->enabled) return;
            self->ready(); // may destroy the FdWatch: `self` keeps this alive
            self->arm();
        });
    }
};

FdWatch::FdWatch(EventLoop& loop, int fd, Direction direction, std::function<void()> ready, bool enabled)
    : impl_(std::make_shared<Impl>(loop.impl().io, fd, direction))
{
    impl_->ready = std::move(ready);
    enable(enabled);
}

FdWatch::~FdWatch()
{
    impl_->closed = true;
    boost::system::error_code ignored;
    impl_->descriptor.close(ignored);
}

void FdWatch::enable(bool on)
{
    impl_->enabled = on;
    impl_->arm();
}

bool FdWatch::enabled() const { return impl_->enabled; }

struct PeriodicTimer::Impl : std::enable_shared_from_this<PeriodicTimer::Impl> {
    Impl(boost::asio::io_context& io, std::chrono::milliseconds p) : timer(io), period(p) {}
    boost::asio::steady_timer timer;
    std::chrono::milliseconds period;
    std::function<void()> tick;
    bool stopped = false;

    void arm()
    {
        timer.expires_after(period);
        timer.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
            if (ec || self->stopped) return;
            self->tick();
            if (!self->stopped) self->arm();
        });
    }
};

PeriodicTimer::PeriodicTimer(EventLoop& loop, std::chrono::milliseconds period, std::function<void()> tick)
    : impl_(std::make_shared<Impl>(loop.impl().io, period))
{
    impl_->tick = std::move(tick);
    impl_->arm();
}

PeriodicTimer::~PeriodicTimer()
{
    impl_->stopped = true;
    impl_->timer.cancel();
}

} // namespace console
