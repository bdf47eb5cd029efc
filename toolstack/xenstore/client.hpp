#pragma once
// A xenstore client for dom0's daemons and tools: one connection to
// xenstored's unix socket, requests answered in order, watch events kept
// until asked for. Failures throw XenstoreError with the daemon's error name
// (EACCES, ENOENT, EAGAIN ...) and the matching errno.
#include <cstdint>
#include <deque>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "wire.hpp"

namespace xs {

using xenstored::MsgType;

class XenstoreError : public std::runtime_error {
public:
    // answered: xenstored's answer to a request; false: the connection
    // failed (no answer is coming).
    XenstoreError(std::string what, std::string name, int error_number, bool answered = false);
    const std::string& name() const { return name_; }
    int error_number() const { return errno_; }
    bool answered() const { return answered_; }

private:
    std::string name_;
    int errno_;
    bool answered_;
};

struct WatchEvent {
    std::string path, token;
};

// A transaction id; 0 is "no transaction".
using Tx = uint32_t;

class Client {
public:
    // The socket libxenstore uses: $XENSTORED_PATH, else /run/xenstored/socket.
    static std::string default_socket();
    // Throws XenstoreError (name "ECONNREFUSED"/"ENOENT", errno) when the
    // daemon cannot be reached.
    explicit Client(const std::string& socket_path = default_socket());
    ~Client();
    Client(const Client&) = delete;
    Client& operator=(const Client&) = delete;

    std::optional<std::string> read(Tx tx, std::string_view path);       // nullopt: ENOENT
    // The same for many paths in one round trip (sent together, answered in
    // order); an error other than ENOENT throws once every answer is read.
    std::vector<std::optional<std::string>> read_many(Tx tx, const std::vector<std::string>& paths);
    std::vector<std::string> directory(Tx tx, std::string_view path);    // empty: ENOENT
    void write(Tx tx, std::string_view path, std::string_view value);
    void mkdir(Tx tx, std::string_view path);
    void remove(Tx tx, std::string_view path); // the subtree; absent is fine
    // Entries as the wire has them: "n0", "r5", "b1" ...
    void set_perms(Tx tx, std::string_view path, const std::vector<std::string>& perms);
    std::vector<std::string> get_perms(Tx tx, std::string_view path);

    Tx transaction_start();
    // False when xenstored refused the commit (EAGAIN): run it again.
    bool transaction_end(Tx tx, bool commit);

    void watch(std::string_view path, std::string_view token);
    void unwatch(std::string_view path, std::string_view token);
    void introduce(uint32_t domid, uint64_t store_gfn, uint32_t store_port);
    bool is_introduced(uint32_t domid);

    // Watch events received so far (also while waiting for replies).
    std::optional<WatchEvent> take_event();
    // Reads what the socket has: returns once at least one event is queued,
    // or after timeout_ms (-1: forever). False on timeout.
    bool wait_event(int timeout_ms);
    bool has_events() const { return !events_.empty(); }
    int fd() const { return fd_; }

private:
    friend class Batch;
    std::string call(MsgType type, Tx tx, std::string_view payload, const char* what, std::string_view path);
    // A request as the wire has it (header and payload), numbered; `id`
    // gets its number.
    std::string encode(MsgType type, Tx tx, std::string_view payload, uint32_t* id = nullptr);
    void send_bytes(std::string_view bytes);
    // The reply to request `id`, watch events read meanwhile queued; an
    // error reply throws XenstoreError naming `what` and `path`. A reply to
    // another request (the stream is out of step) closes the connection:
    // no later answer could be trusted to be its request's.
    std::string reply(const char* what, std::string_view path, uint32_t id);
    [[noreturn]] void fail(const std::string& why);
    struct Message {
        xenstored::MsgHeader header{};
        std::string payload;
    };
    Message receive();

    int fd_ = -1;
    uint32_t next_request_ = 1;
    std::deque<WatchEvent> events_;
};

// Requests sent together and answered together: one round trip for many
// (the writes and permissions of a domain's creation transaction, about 70)
// where each call would wait for its answer. xenstored answers a
// connection's requests in order; run() reads every answer, then throws
// the first error. Removing an absent node is fine, as Client::remove.
class Batch {
public:
    Batch(Client& client, Tx tx) : client_(client), tx_(tx) {}
    void write(std::string_view path, std::string_view value);
    void remove(std::string_view path);
    void set_perms(std::string_view path, const std::vector<std::string>& perms);
    // Sends what is queued and waits for every answer.
    void run();

private:
    void add(MsgType type, std::string_view payload, const char* what, std::string_view path);
    struct Pending {
        const char* what;
        std::string path;
        uint32_t id;
    };
    // Sent on by itself past this size: the daemon's replies then never
    // wait on a large request still being written.
    static constexpr size_t kFlushBytes = 16384;
    Client& client_;
    Tx tx_;
    std::string bytes_;
    std::vector<Pending> pending_;
};

// Runs `body(tx)` in a transaction until the commit succeeds (at most
// `attempts` times); an exception aborts the transaction and propagates.
template <class Body> void in_transaction(Client& client, Body&& body, int attempts = 16)
{
    for (int i = 0; i < attempts; ++i) {
        Tx tx = client.transaction_start();
        try {
            body(tx);
        } catch (...) {
            try {
                client.transaction_end(tx, false);
            } catch (...) {
            }
            throw;
        }
        if (client.transaction_end(tx, true)) return;
    }
    throw XenstoreError("xenstore transaction: still conflicting after retries", "EAGAIN", 11);
}

} // namespace xs
