// One client of the daemon: a unix-socket client or a domain's ring. It
// holds the client's watches and transactions and the queue of messages
// waiting to go out; a transport moves the bytes.
#pragma once
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "message_reader.hpp"
#include "transaction.hpp"

namespace xenstored {

struct Watch {
    std::string path;   // absolute, or a special "@..." name
    std::string token;
    bool relative = false;  // events then drop the /local/domain/<id>/ prefix
};

// What carries a connection's bytes (socket, ring page, or nothing in tests).
class Transport {
public:
    virtual ~Transport() = default;
    // Output was queued: send what can be sent.
    virtual void wake() = 0;
    virtual void close() = 0;
    // The connection is registered: handle whatever is already waiting.
    virtual void start() {}
};

class Connection {
public:
    Connection(std::uint32_t id, std::uint32_t domid, bool privileged, bool is_domain)
        : id_(id), domid_(domid), privileged_(privileged), is_domain_(is_domain) {}

    std::uint32_t id() const { return id_; }
    std::uint32_t domid() const { return domid_; }
    bool privileged() const { return privileged_; }
    bool is_domain() const { return is_domain_; }

    // Queues a reply (counts towards the outstanding-request quota).
    void send_reply(std::string message);
    // Queues a watch event unless an identical one is still waiting or the
    // queue would go over `max_bytes`; returns whether it was queued. An
    // event with a `deadline` (milliseconds, 0: none) that has not started
    // on the wire by then is dropped by drop_expired_events().
    bool send_event(std::string message, std::size_t max_bytes, std::int64_t deadline = 0);
    // Drops the events whose deadline is `now` or earlier and which have not
    // started on the wire; returns how many. Cheap while none is due.
    std::size_t drop_expired_events(std::int64_t now);
    // Whether an event of `bytes` could still be queued under `max_bytes`
    // (lets a flood skip building events that would be dropped).
    bool has_room(std::size_t bytes, std::size_t max_bytes) const {
        return queued_bytes_ + bytes + kMessageOverhead <= max_bytes;
    }

    // The output queue, for transports: the front message, how much of it
    // went already, and what to call when more of it went.
    bool has_output() const { return !output_.empty(); }
    const std::string& front() const { return output_.front().bytes; }
    std::size_t front_offset() const { return front_offset_; }
    void advance(std::size_t bytes);
    // What the queue costs: message bytes plus a per-message overhead, so
    // a flood of tiny events is charged what it really takes.
    std::size_t queued_bytes() const { return queued_bytes_; }
    static constexpr std::size_t kMessageOverhead = 128;
    std::size_t queued_replies() const { return queued_replies_; }
    void clear_output();

    MessageReader reader;
    std::vector<Watch> watches;
    std::map<std::uint32_t, std::unique_ptr<Transaction>> transactions;
    std::uint32_t last_tx_id = 0;
    std::shared_ptr<Transport> transport;
    bool closing = false;
    // The soft memory quota: whether this connection is reported over it,
    // and when that was last logged (milliseconds).
    bool soft_quota_reported = false;
    std::int64_t soft_quota_logged_at = 0;

private:
    void pop_front();

    struct Outgoing {
        std::string bytes;
        bool is_reply;
        std::int64_t deadline = 0;  // events only; 0: kept until sent
    };
    void index_pending_events();
    std::uint32_t id_;
    std::uint32_t domid_;
    bool privileged_;
    bool is_domain_;
    std::deque<Outgoing> output_;
    // Events not yet started on the wire, for coalescing in O(1): views of
    // strings held by output_ (a deque keeps its elements in place).
    std::unordered_set<std::string_view> pending_events_;
    std::size_t front_offset_ = 0;
    std::size_t queued_bytes_ = 0;
    std::size_t queued_replies_ = 0;
    // Events with a deadline in output_, and no deadline of theirs is
    // earlier than `earliest_deadline_` (it may be stale, never too late).
    std::size_t timed_events_ = 0;
    std::int64_t earliest_deadline_ = 0;
};

}  // namespace xenstored
