#pragma once
// One domain's console 0: the ring mapped from the guest, its event
// channel, the pty `xl console` attaches to, the buffer between them and
// the optional log. refresh() (re)connects what the xenstore nodes under
// /local/domain/<id>/console describe; the daemon passes it the events of
// its port. A problem (missing node, hostile ring, failing device) is
// reported once and leaves this console unserved, never the daemon.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "devices.hpp"
#include "event_loop.hpp"
#include "guest_log.hpp"
#include "options.hpp"
#include "output_buffer.hpp"
#include "pty.hpp"
#include "xenstore/client.hpp"

namespace console {

struct ConsoleContext {
    EventLoop& loop;
    Devices& devices;
    xs::Client& xs;
    const Options& options;
};

// Events per rate period (200 ms) before the port is left masked.
inline constexpr unsigned RATE_LIMIT_EVENTS = 30;
// Buffer cap when the `limit` node is absent or unreadable.
inline constexpr size_t DEFAULT_BUFFER_LIMIT = 1 << 20;

class Console {
public:
    Console(uint32_t domid, ConsoleContext context);
    ~Console();
    Console(const Console&) = delete;
    Console& operator=(const Console&) = delete;

    static std::string dir_of(uint32_t domid) { return "/local/domain/" + std::to_string(domid) + "/console"; }
    const std::string& dir() const { return dir_; }
    uint32_t domid() const { return domid_; }

    void refresh();
    std::optional<uint32_t> local_port() const { return local_port_; }
    // Our port fired: serve the ring. False when the rate limit says the
    // port stays masked until new_period().
    bool on_event();
    // A new rate period: true when the port was held masked and may be
    // unmasked now. Also retries what waited (a full ring, a full pty).
    bool new_period();
    void reopen_log();

    bool connected() const { return ring_ && local_port_; }
    const Pty* pty() const { return pty_.get(); }
    const GuestLog* log() const { return log_.get(); }

private:
    void service();
    void drain_ring();
    void flush();
    void read_input();
    void open_pty();
    void open_log();
    void disconnect();
    void problem(const std::string& what);

    uint32_t domid_;
    ConsoleContext ctx_;
    std::string dir_;

    std::unique_ptr<RingMapping> ring_;
    uint64_t ring_ref_ = 0;
    std::optional<uint32_t> local_port_;
    uint32_t remote_port_ = 0;
    // Set when the guest broke its ring: not served again until the nodes
    // name another ring or port.
    std::optional<std::pair<uint64_t, uint32_t>> broken_;

    std::unique_ptr<Pty> pty_;
    std::unique_ptr<FdWatch> master_read_, master_write_;
    std::unique_ptr<GuestLog> log_;
    bool log_failed_ = false;
    OutputBuffer buffer_{DEFAULT_BUFFER_LIMIT, true};

    unsigned events_this_period_ = 0;
    bool held_masked_ = false;
    std::string last_problem_;
};

} // namespace console
