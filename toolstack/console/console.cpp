#include "console.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <exception>
#include <utility>

#include "report.hpp"
#include "ring.hpp"

namespace console {
namespace {

// A decimal node, or nothing when it is absent or not a number.
template <class T> std::optional<T> read_number(xs::Client& xs, const std::string& path)
{
    auto text = xs.read(0, path);
    if (!text) return std::nullopt;
    T value{};
    auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
    if (ec != std::errc() || end != text->data() + text->size() || text->empty()) return std::nullopt;
    return value;
}

constexpr size_t OUT_CHUNK = 2048; // one ring's worth per pass

} // namespace

Console::Console(uint32_t domid, ConsoleContext context)
    : domid_(domid), ctx_(context), dir_(dir_of(domid)), buffer_(DEFAULT_BUFFER_LIMIT, context.options.discard_overflow)
{
}

Console::~Console()
{
    master_read_.reset();
    master_write_.reset();
    disconnect();
}

void Console::refresh()
{
    try {
        auto ring_ref = read_number<uint64_t>(ctx_.xs, dir_ + "/ring-ref");
        auto port = read_number<uint32_t>(ctx_.xs, dir_ + "/port");
        if (!ring_ref || !port) return; // not written yet
        auto type = ctx_.xs.read(0, dir_ + "/type");
        if (type && *type != "xenconsoled") return; // another backend's (QEMU)
        if (broken_ && *broken_ == std::pair{*ring_ref, *port}) return;
        broken_.reset();

        if (!ring_ || *ring_ref != ring_ref_) {
            ring_.reset();
            auto mapping = ctx_.devices.map_ring(domid_, *ring_ref);
            if (mapping->bytes().size() < ring_page_size()) throw std::runtime_error("ring mapping smaller than the ring");
            ring_ = std::move(mapping);
            ring_ref_ = *ring_ref;
        }
        if (!local_port_ || remote_port_ != *port) {
            if (local_port_) ctx_.devices.unbind(*local_port_);
            local_port_.reset();
            local_port_ = ctx_.devices.bind_interdomain(domid_, *port);
            remote_port_ = *port;
        }
        if (!pty_) open_pty();
        if (covers_guest(ctx_.options.log) && !log_ && !log_failed_) open_log();
        last_problem_.clear();
    } catch (const std::exception& e) {
        problem(e.what());
        return;
    }
    service(); // what the guest wrote before we were connected
}

void Console::open_pty()
{
    auto limit = read_number<uint64_t>(ctx_.xs, dir_ + "/limit");
    buffer_ = OutputBuffer(limit && *limit ? size_t(*limit) : DEFAULT_BUFFER_LIMIT, ctx_.options.discard_overflow);
    auto pty = std::make_unique<Pty>();
    ctx_.xs.write(0, dir_ + "/tty", pty->slave_path());
    pty_ = std::move(pty);
    // The loop calls these: an error (a failing notify) costs this console
    // its connection, never the daemon.
    auto guarded = [this](void (Console::*step)()) {
        return [this, step] {
            try {
                (this->*step)();
            } catch (const std::exception& e) {
                problem(std::string("pty: ") + e.what());
                disconnect();
            }
        };
    };
    master_read_ = std::make_unique<FdWatch>(ctx_.loop, pty_->master(), FdWatch::Direction::Read, guarded(&Console::read_input));
    master_write_ = std::make_unique<FdWatch>(ctx_.loop, pty_->master(), FdWatch::Direction::Write, guarded(&Console::flush),
                                              false);
}

void Console::open_log()
{
    auto name = ctx_.xs.read(0, "/local/domain/" + std::to_string(domid_) + "/name");
    // The toolstack's name; one that could leave the log directory is not used.
    bool usable = name && !name->empty() && name->find('/') == std::string::npos && *name != "." && *name != "..";
    std::string file = ctx_.options.log_dir + "/guest-" + (usable ? *name : std::to_string(domid_)) + ".log";
    try {
        log_ = std::make_unique<GuestLog>(file, covers_guest(ctx_.options.timestamp));
    } catch (const std::exception& e) {
        log_failed_ = true; // once: the console works without its log
        report(Severity::Warning, "domain " + std::to_string(domid_) + ": " + e.what());
    }
}

void Console::reopen_log()
{
    if (!log_) return;
    try {
        log_->reopen();
    } catch (const std::exception& e) {
        report(Severity::Warning, "domain " + std::to_string(domid_) + ": " + e.what());
        log_.reset();
        log_failed_ = true;
    }
}

bool Console::on_event()
{
    service();
    if (++events_this_period_ < RATE_LIMIT_EVENTS) return true;
    held_masked_ = true;
    return false;
}

bool Console::new_period()
{
    events_this_period_ = 0;
    service();
    return std::exchange(held_masked_, false) && local_port_;
}

void Console::service()
{
    if (!connected()) return;
    try {
        drain_ring();
        flush();
        read_input();
    } catch (const std::exception& e) { // a failing notify: the device, not the guest
        problem(e.what());
    }
}

void Console::drain_ring()
{
    if (!ring_ || !buffer_.has_room()) return;
    size_t max = OUT_CHUNK;
    if (!ctx_.options.discard_overflow && buffer_.cap()) max = std::min(max, buffer_.cap() - buffer_.size());
    std::string bytes;
    RingCopy copy = ring_read_out(ring_->bytes(), bytes, max);
    if (copy.status == RingStatus::Corrupt) {
        problem("ring indexes out of range (prod - cons > size): console not served");
        broken_ = std::pair{ring_ref_, remote_port_};
        disconnect();
        return;
    }
    if (copy.bytes == 0) return;
    if (log_) log_->write(bytes);
    buffer_.append(bytes);
    ctx_.devices.notify(*local_port_);
}

void Console::flush()
{
    if (!pty_) return;
    while (!buffer_.empty()) {
        std::string_view data = buffer_.data();
        ssize_t n = ::write(pty_->master(), data.data(), data.size());
        if (n > 0) {
            buffer_.consume(size_t(n));
            continue;
        }
        if (n < 0 && errno == EINTR) continue;
        // EAGAIN: the pty is full, wait until it drains. Anything else is
        // retried each rate period, not in a loop.
        master_write_->enable(n < 0 && errno == EAGAIN);
        return;
    }
    master_write_->enable(false);
}

// Keyboard input: from the pty master into `in`, while the ring has room.
void Console::read_input()
{
    if (!pty_) return;
    if (!connected()) {
        master_read_->enable(false); // nowhere to put it: the next refresh or period reads it
        return;
    }
    for (;;) {
        size_t space = ring_in_space(ring_->bytes());
        if (space == 0) {
            master_read_->enable(false); // the guest's next event or the period re-reads
            return;
        }
        uint8_t chunk[1024];
        ssize_t n = ::read(pty_->master(), chunk, std::min(space, sizeof chunk));
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            // EAGAIN: nothing more. EIO/EOF (no slave left): wait for the
            // next period instead of spinning on a readable-forever fd.
            master_read_->enable(n < 0 && errno == EAGAIN);
            return;
        }
        RingCopy copy = ring_write_in(ring_->bytes(), std::span<const uint8_t>(chunk, size_t(n)));
        if (copy.status == RingStatus::Corrupt) {
            problem("input ring indexes out of range: console not served");
            broken_ = std::pair{ring_ref_, remote_port_};
            disconnect();
            return;
        }
        ctx_.devices.notify(*local_port_);
    }
}

void Console::disconnect()
{
    if (local_port_) {
        try {
            ctx_.devices.unbind(*local_port_);
        } catch (const std::exception& e) {
            report(Severity::Debug, "domain " + std::to_string(domid_) + ": " + e.what());
        }
    }
    local_port_.reset();
    ring_.reset();
}

// Once per distinct problem: a guest must not fill the log.
void Console::problem(const std::string& what)
{
    if (what == last_problem_) return;
    last_problem_ = what;
    report(Severity::Warning, "domain " + std::to_string(domid_) + " console: " + what);
}

} // namespace console
