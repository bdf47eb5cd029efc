#pragma once
// xenconsoled's discovery and dispatch: the domains from getdomaininfo
// (re-read on @introduceDomain/@releaseDomain, token "domlist"), one
// Console per live domain with a watch on its console directory (token
// "dom<id>"), the event channel device's ports routed to their console, and
// the 200 ms rate period.
#include <cstdint>
#include <map>
#include <memory>

#include "console.hpp"
#include "devices.hpp"
#include "event_loop.hpp"
#include "options.hpp"
#include "xenstore/client.hpp"

namespace console {

inline constexpr std::chrono::milliseconds RATE_PERIOD{200};

class Daemon {
public:
    Daemon(EventLoop& loop, xs::Client& xs, Devices& devices, const Options& options);
    ~Daemon();
    Daemon(const Daemon&) = delete;
    Daemon& operator=(const Daemon&) = delete;

    // Sets the watches and starts serving (the watches' first events make
    // the first scan). Throws XenstoreError when the watches cannot be set.
    void start();

    // Re-reads the domain list: consoles for new domains, none for dying or
    // gone ones.
    void rescan();
    // Serves every port the device has pending.
    void handle_events();
    // The rate period's end: ports held masked are unmasked.
    void new_period();
    void reopen_logs();

    Console* console(uint32_t domid);
    size_t console_count() const { return consoles_.size(); }

private:
    void on_xenstore_readable();
    void on_watch(const xs::WatchEvent& event);
    void add(uint32_t domid);
    void remove(uint32_t domid);
    void refresh(Console& console);

    EventLoop& loop_;
    xs::Client& xs_;
    Devices& devices_;
    const Options& options_;
    std::map<uint32_t, std::unique_ptr<Console>> consoles_;
    std::map<uint32_t, uint32_t> port_owner_; // local port -> domid
    std::unique_ptr<FdWatch> xs_watch_, event_watch_;
    std::unique_ptr<PeriodicTimer> period_;
};

} // namespace console
