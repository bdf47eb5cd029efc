#include "connection.hpp"

namespace xenstored {

void Connection::send_reply(std::string message) {
    queued_bytes_ += message.size() + kMessageOverhead;
    ++queued_replies_;
    output_.push_back({std::move(message), true});
    if (transport) transport->wake();
}

bool Connection::send_event(std::string message, std::size_t max_bytes) {
    if (!has_room(message.size(), max_bytes)) return false;
    // Coalesce with an identical event not yet started on the wire.
    if (pending_events_.count(message)) return false;
    queued_bytes_ += message.size() + kMessageOverhead;
    output_.push_back({std::move(message), false});
    pending_events_.insert(output_.back().bytes);
    if (transport) transport->wake();
    return true;
}

void Connection::advance(std::size_t bytes) {
    auto& front = output_.front();
    // Partly sent: no longer a candidate for coalescing.
    if (front_offset_ == 0 && bytes > 0 && !front.is_reply) pending_events_.erase(front.bytes);
    front_offset_ += bytes;
    if (front_offset_ < front.bytes.size()) return;
    pop_front();
}

void Connection::pop_front() {
    auto& front = output_.front();
    queued_bytes_ -= front.bytes.size() + kMessageOverhead;
    if (front.is_reply) --queued_replies_;
    output_.pop_front();
    front_offset_ = 0;
}

void Connection::clear_output() {
    pending_events_.clear();
    output_.clear();
    front_offset_ = 0;
    queued_bytes_ = 0;
    queued_replies_ = 0;
}

}  // namespace xenstored
