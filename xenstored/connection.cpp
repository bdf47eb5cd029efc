#include "connection.hpp"

#include <algorithm>

namespace xenstored {

void Connection::send_reply(std::string message) {
    queued_bytes_ += message.size();
    ++queued_replies_;
    output_.push_back({std::move(message), true});
    if (transport) transport->wake();
}

bool Connection::send_event(std::string message, std::size_t max_bytes) {
    if (queued_bytes_ + message.size() > max_bytes) return false;
    // Coalesce with an identical event not yet started on the wire.
    for (std::size_t i = 0; i < output_.size(); ++i) {
        if (i == 0 && front_offset_ > 0) continue;
        if (!output_[i].is_reply && output_[i].bytes == message) return false;
    }
    queued_bytes_ += message.size();
    output_.push_back({std::move(message), false});
    if (transport) transport->wake();
    return true;
}

void Connection::advance(std::size_t bytes) {
    front_offset_ += bytes;
    if (front_offset_ < output_.front().bytes.size()) return;
    queued_bytes_ -= output_.front().bytes.size();
    if (output_.front().is_reply) --queued_replies_;
    output_.pop_front();
    front_offset_ = 0;
}

void Connection::clear_output() {
    output_.clear();
    front_offset_ = 0;
    queued_bytes_ = 0;
    queued_replies_ = 0;
}

}  // namespace xenstored
