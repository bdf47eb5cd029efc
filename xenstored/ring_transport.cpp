#include "ring_transport.hpp"

#include <array>

#include "daemon.hpp"

namespace xenstored {

RingTransport::RingTransport(Daemon& daemon, Connection& conn, std::unique_ptr<RingMapping> mapping,
                             std::unique_ptr<EventChannel> channel)
    : daemon_(daemon), conn_(conn), mapping_(std::move(mapping)), channel_(std::move(channel)),
      ring_(mapping_->page()) {}

void RingTransport::fail(RingError error) {
    // Xen marks such a connection dead and leaves it until RELEASE.
    ring_.set_error(error);
    dead_ = true;
    conn_.closing = true;
    conn_.clear_output();
    if (channel_) channel_->notify();
}

bool RingTransport::write_output() {
    bool moved = false;
    if (!dead_) daemon_.expire_events(conn_);
    while (!dead_ && conn_.has_output()) {
        const auto& bytes = conn_.front();
        const std::size_t offset = conn_.front_offset();
        auto span = std::span(reinterpret_cast<const std::uint8_t*>(bytes.data()) + offset, bytes.size() - offset);
        auto written = ring_.write_replies(span);
        if (!written) {
            fail(RingError::RingIndex);
            return moved;
        }
        if (*written == 0) break;
        moved = true;
        conn_.advance(*written);
    }
    return moved;
}

void RingTransport::wake() {
    if (dead_ || pumping_) return;  // on_event writes once the requests are handled
    if (write_output() && channel_) channel_->notify();
}

void RingTransport::on_event() {
    if (dead_ || pumping_) return;
    pumping_ = true;
    bool moved = false;
    std::array<std::uint8_t, kRingSize> buffer{};
    for (;;) {
        bool progress = write_output();
        // Read only what can be handled now; the rest waits in the ring,
        // which is how the outstanding-request quota pushes back.
        if (!dead_ && !daemon_.backlogged(conn_) && conn_.reader.buffered() < 2 * (kPayloadMax + 16)) {
            auto got = ring_.read_requests(buffer);
            if (!got) {
                fail(RingError::RingIndex);
                break;
            }
            if (*got > 0) {
                progress = true;
                if (!daemon_.receive(conn_, std::span(buffer.data(), *got))) {
                    if (conn_.reader.broken()) fail(RingError::Protocol);
                    break;
                }
            }
        }
        if (!dead_ && !daemon_.process_input(conn_) && conn_.reader.broken()) {
            fail(RingError::Protocol);
            break;
        }
        moved |= progress;
        if (!progress || dead_) break;
    }
    moved |= write_output();
    pumping_ = false;
    if (moved && !dead_ && channel_) channel_->notify();
}

void RingTransport::close() { dead_ = true; }

}  // namespace xenstored
