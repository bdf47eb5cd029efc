#include "event_loop.hpp"

#include <csignal>
#include <unistd.h>

#include "event_loop_impl.hpp"

namespace xenstored {

EventLoop::EventLoop() : impl_(std::make_unique<Impl>()) {}
EventLoop::~EventLoop() = default;

void EventLoop::run() { impl_->io.run(); }
void EventLoop::stop() { impl_->io.stop(); }

void EventLoop::on_termination(std::function<void(int)> handler) {
    impl_->signals.add(SIGTERM);
    impl_->signals.add(SIGINT);
    impl_->signals.add(SIGHUP);
    impl_->signals.async_wait([this, handler](const boost::system::error_code& ec, int sig) {
        if (!ec) handler(sig);
    });
}

struct FdWatcher::Impl : std::enable_shared_from_this<FdWatcher::Impl> {
    Impl(boost::asio::io_context& io, int fd) : descriptor(io, ::dup(fd)) {}
    boost::asio::posix::stream_descriptor descriptor;
    std::function<void()> on_readable;
    bool stopped = false;

    void arm() {
        descriptor.async_wait(boost::asio::posix::stream_descriptor::wait_read,
                              [self = shared_from_this()](const boost::system::error_code& ec) {
                                  if (ec || self->stopped) return;
                                  self->on_readable();
                                  self->arm();
                              });
    }
};

FdWatcher::FdWatcher(EventLoop& loop, int fd, std::function<void()> on_readable)
    : impl_(std::make_shared<Impl>(loop.impl().io, fd)) {
    impl_->on_readable = std::move(on_readable);
    impl_->arm();
}

FdWatcher::~FdWatcher() {
    impl_->stopped = true;
    boost::system::error_code ignored;
    impl_->descriptor.close(ignored);
}

}  // namespace xenstored
