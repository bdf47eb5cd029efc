// Internal to the Asio layer: what EventLoop wraps.
#pragma once
#include <utility>  // Boost 1.74 Asio uses std::exchange without it

#include <boost/asio.hpp>

#include "event_loop.hpp"

namespace xenstored {

struct EventLoop::Impl {
    boost::asio::io_context io{1};
    boost::asio::signal_set signals{io};
};

}  // namespace xenstored
