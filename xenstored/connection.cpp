#include "connection.hpp"

namespace xenstored {

void Connection::send_reply(std::string message) {
    queued_bytes_ += message.size() + kMessageOverhead;
    ++queued_replies_;
    output_.push_back({std::move(message), true});
    if (transport) transport->wake();
}

bool Connection::send_event(std::string message, std::size_t max_bytes, std::int64_t deadline) {
    if (!has_room(message.size(), max_bytes)) return false;
    // Coalesce with an identical event not yet started on the wire.
    if (pending_events_.count(message)) return false;
    queued_bytes_ += message.size() + kMessageOverhead;
    if (deadline) {
        if (timed_events_++ == 0 || deadline < earliest_deadline_) earliest_deadline_ = deadline;
    }
    output_.push_back({std::move(message), false, deadline});
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

std::size_t Connection::drop_expired_events(std::int64_t now) {
    if (timed_events_ == 0 || now < earliest_deadline_) return 0;
    std::deque<Outgoing> kept;
    std::size_t dropped = 0;
    timed_events_ = 0;
    for (std::size_t i = 0; i < output_.size(); ++i) {
        auto& out = output_[i];
        const bool started = i == 0 && front_offset_ > 0;
        if (!started && out.deadline && out.deadline <= now) {
            queued_bytes_ -= out.bytes.size() + kMessageOverhead;
            ++dropped;
            continue;
        }
        if (out.deadline) {
            if (timed_events_++ == 0 || out.deadline < earliest_deadline_) earliest_deadline_ = out.deadline;
        }
        kept.push_back(std::move(out));
    }
    if (dropped == 0) return 0;
    // A started front message is never dropped: front_offset_ still holds.
    output_ = std::move(kept);
    index_pending_events();
    return dropped;
}

void Connection::index_pending_events() {
    pending_events_.clear();
    for (std::size_t i = 0; i < output_.size(); ++i) {
        if (output_[i].is_reply || (i == 0 && front_offset_ > 0)) continue;
        pending_events_.insert(output_[i].bytes);
    }
}

void Connection::pop_front() {
    auto& front = output_.front();
    queued_bytes_ -= front.bytes.size() + kMessageOverhead;
    if (front.is_reply) --queued_replies_;
    if (front.deadline) --timed_events_;
    output_.pop_front();
    front_offset_ = 0;
}

void Connection::clear_output() {
    pending_events_.clear();
    output_.clear();
    front_offset_ = 0;
    queued_bytes_ = 0;
    queued_replies_ = 0;
    timed_events_ = 0;
}

}  // namespace xenstored
