// Carries a domain connection over its ring page: on each event-channel
// kick it takes the guest's requests and gives back replies and events,
// kicking the guest whenever it moved something.
#pragma once
#include <memory>

#include "connection.hpp"
#include "ring.hpp"

namespace xenstored {

class Daemon;

// The daemon's end of an interdomain event channel.
class EventChannel {
public:
    virtual ~EventChannel() = default;
    virtual void notify() = 0;
    virtual std::uint32_t local_port() const = 0;
};

// Keeps the ring page mapped for as long as the transport lives.
class RingMapping {
public:
    virtual ~RingMapping() = default;
    virtual XenstoreInterface* page() = 0;
};

class RingTransport final : public Transport {
public:
    RingTransport(Daemon& daemon, Connection& conn, std::unique_ptr<RingMapping> mapping,
                  std::unique_ptr<EventChannel> channel);

    // The guest kicked us (or a timer polls): move bytes both ways.
    void on_event();
    void wake() override;
    void close() override;
    void start() override { on_event(); }
    void replace_channel(std::unique_ptr<EventChannel> channel) { channel_ = std::move(channel); }
    EventChannel& channel() { return *channel_; }
    RingChannel& ring() { return ring_; }
    bool dead() const { return dead_; }

private:
    bool write_output();  // true if bytes moved
    void fail(RingError error);

    Daemon& daemon_;
    Connection& conn_;
    std::unique_ptr<RingMapping> mapping_;
    std::unique_ptr<EventChannel> channel_;
    RingChannel ring_;
    bool dead_ = false;
    bool pumping_ = false;
};

}  // namespace xenstored
