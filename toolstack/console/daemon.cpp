#include "daemon.hpp"

#include <charconv>
#include <set>
#include <string_view>

#include "report.hpp"

namespace console {
namespace {

constexpr std::string_view DOMLIST = "domlist";

std::string token_of(uint32_t domid) { return "dom" + std::to_string(domid); }

std::optional<uint32_t> domid_of(std::string_view token)
{
    if (token.substr(0, 3) != "dom" || token.size() == 3) return std::nullopt;
    uint32_t id = 0;
    auto [end, ec] = std::from_chars(token.data() + 3, token.data() + token.size(), id);
    if (ec != std::errc() || end != token.data() + token.size()) return std::nullopt;
    return id;
}

} // namespace

Daemon::Daemon(EventLoop& loop, xs::Client& xs, Devices& devices, const Options& options)
    : loop_(loop), xs_(xs), devices_(devices), options_(options)
{
}

Daemon::~Daemon()
{
    period_.reset();
    event_watch_.reset();
    xs_watch_.reset();
    consoles_.clear(); // unbinds and unmaps
}

void Daemon::start()
{
    xs_.watch("@introduceDomain", DOMLIST);
    xs_.watch("@releaseDomain", DOMLIST);
    xs_watch_ = std::make_unique<FdWatch>(loop_, xs_.fd(), FdWatch::Direction::Read, [this] { on_xenstore_readable(); });
    event_watch_ = std::make_unique<FdWatch>(loop_, devices_.event_fd(), FdWatch::Direction::Read, [this] { handle_events(); });
    period_ = std::make_unique<PeriodicTimer>(loop_, RATE_PERIOD, [this] { new_period(); });
    rescan();
    on_xenstore_readable(); // events the client queued while answering the calls above
}

void Daemon::rescan()
{
    std::vector<DomainState> domains;
    try {
        domains = devices_.domains();
    } catch (const std::exception& e) {
        report(Severity::Error, std::string("listing the domains: ") + e.what());
        return;
    }
    std::set<uint32_t> live;
    for (const DomainState& d : domains)
        if (d.domid >= 1 && !d.dying) live.insert(d.domid);
    for (auto it = consoles_.begin(); it != consoles_.end();) {
        uint32_t domid = (it++)->first;
        if (!live.count(domid)) remove(domid);
    }
    for (uint32_t domid : live)
        if (!consoles_.count(domid)) add(domid);
}

void Daemon::add(uint32_t domid)
{
    auto console = std::make_unique<Console>(domid, ConsoleContext{loop_, devices_, xs_, options_});
    Console& c = *console;
    consoles_.emplace(domid, std::move(console));
    report(Severity::Debug, "domain " + std::to_string(domid) + " appeared");
    try {
        // Its first event refreshes the console; so does this, for a watch
        // that fired before the domain was known.
        xs_.watch(c.dir(), token_of(domid));
    } catch (const std::exception& e) {
        report(Severity::Warning, "domain " + std::to_string(domid) + ": watching " + c.dir() + ": " + e.what());
    }
    refresh(c);
}

void Daemon::remove(uint32_t domid)
{
    auto it = consoles_.find(domid);
    if (it == consoles_.end()) return;
    try {
        xs_.unwatch(it->second->dir(), token_of(domid));
    } catch (const std::exception&) {
        // The domain's tree may be gone already; the watch goes with it.
    }
    std::erase_if(port_owner_, [domid](const auto& entry) { return entry.second == domid; });
    consoles_.erase(it);
    report(Severity::Debug, "domain " + std::to_string(domid) + " gone: console released");
}

void Daemon::refresh(Console& console)
{
    console.refresh();
    uint32_t domid = console.domid();
    std::erase_if(port_owner_, [domid](const auto& entry) { return entry.second == domid; });
    if (auto port = console.local_port()) port_owner_[*port] = domid;
}

Console* Daemon::console(uint32_t domid)
{
    auto it = consoles_.find(domid);
    return it == consoles_.end() ? nullptr : it->second.get();
}

void Daemon::on_xenstore_readable()
{
    try {
        do {
            while (auto event = xs_.take_event()) on_watch(*event);
        } while (xs_.wait_event(0));
    } catch (const std::exception& e) {
        report(Severity::Error, std::string("xenstore: ") + e.what() + "; exiting");
        loop_.stop();
    }
}

void Daemon::on_watch(const xs::WatchEvent& event)
{
    if (event.token == DOMLIST) return rescan();
    auto domid = domid_of(event.token);
    if (!domid) return;
    if (Console* c = console(*domid)) refresh(*c);
}

void Daemon::handle_events()
{
    for (;;) {
        std::optional<uint32_t> port;
        try {
            port = devices_.pending();
        } catch (const std::exception& e) {
            report(Severity::Error, std::string("event channel: ") + e.what());
            return;
        }
        if (!port) return;
        auto owner = port_owner_.find(*port);
        if (owner == port_owner_.end()) continue; // unbound meanwhile
        Console& c = *consoles_.at(owner->second);
        bool unmask = c.on_event();
        if (c.local_port() != port) {
            // The console gave up its port (a broken ring).
            port_owner_.erase(*port);
            continue;
        }
        if (!unmask) continue; // held masked until new_period()
        try {
            devices_.unmask(*port);
        } catch (const std::exception& e) {
            report(Severity::Warning, std::string("event channel: ") + e.what());
        }
    }
}

void Daemon::new_period()
{
    for (auto& [domid, c] : consoles_) {
        if (!c->new_period()) continue;
        try {
            devices_.unmask(*c->local_port());
        } catch (const std::exception& e) {
            report(Severity::Warning, std::string("event channel: ") + e.what());
        }
    }
    // A console that gave up its port in service().
    std::erase_if(port_owner_, [this](const auto& entry) {
        Console* c = console(entry.second);
        return !c || c->local_port() != entry.first;
    });
}

void Daemon::reopen_logs()
{
    for (auto& [domid, c] : consoles_) c->reopen_log();
}

} // namespace console
