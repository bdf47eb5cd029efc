#include "core/console.hpp"

#include "arch/cpu.hpp"
#include "arch/spinlock.hpp"
#include "lib/format.hpp"

namespace hv::console {
namespace {

ConsoleDevice* device_ = nullptr;
bool at_line_start_ = true;
Spinlock lock_; // the device: whole lines from one CPU at a time; held for a bounded write

// Guest lines waiting for the device (a ring). queue_lock_ guards it and is
// held only to copy bytes in or out; it is taken after lock_, never before.
constexpr size_t kQueueSize = 16 * 1024;
char queue_[kQueueSize];
size_t queue_head_ = 0, queue_len_ = 0;
unsigned long long queue_dropped_ = 0;
Spinlock queue_lock_;

// The log (Xen's conring, read by `xl dmesg`): the hypervisor's lines and
// domUs' console lines, not dom0's own console output (which Xen does not
// keep either). A ring of kHistorySize bytes addressed by free-running
// 32-bit positions, [oldest, written) readable. history_lock_ is a leaf,
// held to copy at most a line or a chunk.
constexpr uint32_t kHistorySize = 16 * 1024;
char history_[kHistorySize];
uint32_t history_written_ = 0, history_oldest_ = 0;
Spinlock history_lock_;

void remember(std::string_view text)
{
    LockGuard h(history_lock_);
    for (char c : text) history_[history_written_++ % kHistorySize] = c;
    if (history_written_ - history_oldest_ > kHistorySize) history_oldest_ = history_written_ - kHistorySize;
}

void put(char c)
{
    if (!device_) return;
    if (c == '\n') device_->put_char('\r');
    device_->put_char(c);
}

uint64_t now_us()
{
    uint32_t freq = arch::counter_frequency();
    if (!freq) return 0;
    uint64_t ticks = arch::counter();
    return ticks / freq * 1000000 + (ticks % freq) * 1000000 / freq;
}

// Writes up to max queued bytes (lock_ held).
void drain_locked(size_t max)
{
    while (max) {
        char chunk[64];
        size_t n = 0;
        unsigned long long dropped = 0;
        {
            LockGuard q(queue_lock_);
            size_t want = queue_len_ < max ? queue_len_ : max;
            if (want > sizeof chunk) want = sizeof chunk;
            for (; n < want; ++n) chunk[n] = queue_[(queue_head_ + n) % kQueueSize];
            queue_head_ = (queue_head_ + n) % kQueueSize;
            queue_len_ -= n;
            if (!queue_len_) {
                dropped = queue_dropped_;
                queue_dropped_ = 0;
            }
        }
        for (size_t i = 0; i < n; ++i) {
            if (at_line_start_ && chunk[i] != '\n') at_line_start_ = false;
            put(chunk[i]);
            if (chunk[i] == '\n') at_line_start_ = true;
        }
        if (dropped) {
            char note[64];
            size_t len = format_to(note, sizeof note, "(XEN) %llu bytes of guest output dropped\n", dropped);
            for (size_t i = 0; i < len && i < sizeof note; ++i) put(note[i]);
        }
        if (n == 0) return;
        max -= n;
    }
}

constexpr size_t kAll = ~size_t(0);
constexpr size_t kLogDrainStep = 256;

// Appends to the queue (queue_lock_ held, room checked).
void append_locked(std::string_view text)
{
    for (char c : text) queue_[(queue_head_ + queue_len_++) % kQueueSize] = c;
}

// A log line as it goes out: "(XEN) [time] " before every line of the
// formatted text, and a line end after it. Returns its length.
size_t format_log(char (&out)[1024], const char* fmt, va_list args)
{
    char text[512];
    size_t n = format_to(text, sizeof text, fmt, args);
    if (n >= sizeof text) n = sizeof text - 1;
    uint64_t us = now_us();
    char prefix[32];
    size_t prefix_len = format_to(prefix, sizeof prefix, "(XEN) [%5u.%06u] ", unsigned(us / 1000000), unsigned(us % 1000000));
    size_t len = 0;
    bool line_start = true;
    for (size_t i = 0; i < n && len + prefix_len + 2 < sizeof out; ++i) {
        if (line_start) {
            for (size_t k = 0; k < prefix_len; ++k) out[len++] = prefix[k];
            line_start = false;
        }
        out[len++] = text[i];
        if (text[i] == '\n') line_start = true;
    }
    if (!line_start) out[len++] = '\n';
    return len;
}

} // namespace

void queue(std::string_view text)
{
    LockGuard q(queue_lock_);
    if (queue_len_ + text.size() > kQueueSize) {
        queue_dropped_ += text.size();
        return;
    }
    append_locked(text);
}

void queue_log(const char* fmt, ...)
{
    char out[1024];
    va_list args;
    va_start(args, fmt);
    size_t len = format_log(out, fmt, args);
    va_end(args);
    remember(std::string_view(out, len));
    queue(std::string_view(out, len));
}

void drain(size_t max_bytes)
{
    LockGuard guard(lock_);
    drain_locked(max_bytes);
}

void attach(ConsoleDevice* device) { device_ = device; }
bool attached() { return device_ != nullptr; }

namespace {

// Writes `out` after everything queued, holding the device lock for one
// step of the queue at a time: while more is queued, `out` waits in the
// queue behind it (if full, the UART drains a step with the lock free and
// this tries again). A log line starts on a line of its own.
void emit(std::string_view out, bool log_line)
{
    for (;;) {
        LockGuard guard(lock_);
        drain_locked(kLogDrainStep);
        bool empty = false, appended = false;
        {
            LockGuard q(queue_lock_);
            empty = queue_len_ == 0;
            bool newline = log_line && !empty && queue_[(queue_head_ + queue_len_ - 1) % kQueueSize] != '\n';
            if (!empty && queue_len_ + out.size() + newline <= kQueueSize) {
                if (newline) append_locked("\n");
                append_locked(out);
                appended = true;
            }
        }
        if (appended) return;
        if (empty) {
            if (log_line && !at_line_start_) put('\n');
            for (char c : out) put(c);
            if (!out.empty()) at_line_start_ = out.back() == '\n';
            return;
        }
    }
}

} // namespace

void write(std::string_view text) { emit(text, false); }

void vlog(const char* fmt, va_list args)
{
    char out[1024];
    size_t len = format_log(out, fmt, args);
    remember(std::string_view(out, len));
    emit(std::string_view(out, len), true);
}

void flush()
{
    LockGuard guard(lock_);
    drain_locked(kAll);
}

void log(const char* fmt, ...)
{
    va_list args;
    va_start(args, fmt);
    vlog(fmt, args);
    va_end(args);
}

HistoryPosition history_position()
{
    LockGuard h(history_lock_);
    return {history_oldest_, history_written_};
}

size_t read_history(uint32_t& from, char* out, size_t max)
{
    LockGuard h(history_lock_);
    // Positions wrap: compare by distance. Before the oldest byte (or
    // ahead of what was written) means "from the oldest".
    if (int32_t(from - history_oldest_) < 0 || int32_t(from - history_written_) > 0) from = history_oldest_;
    size_t n = 0;
    for (; n < max && from != history_written_; ++n, ++from) out[n] = history_[from % kHistorySize];
    return n;
}

void clear_history(uint32_t upto)
{
    LockGuard h(history_lock_);
    if (int32_t(upto - history_oldest_) > 0 && int32_t(history_written_ - upto) >= 0) history_oldest_ = upto;
}

bool RateLimit::allow()
{
    uint32_t freq = arch::counter_frequency();
    unsigned long long now_ms = freq ? arch::counter() / (freq / 1000 ? freq / 1000 : 1) : 0;
    if (now_ms - window_start_ >= period_ms_) {
        if (dropped_) log("(%u messages suppressed)", dropped_);
        window_start_ = now_ms;
        used_ = 0;
        dropped_ = 0;
    }
    if (used_ < burst_) {
        ++used_;
        return true;
    }
    ++dropped_;
    return false;
}

bool ByteBudget::take(unsigned n)
{
    uint32_t freq = arch::counter_frequency();
    unsigned long long now = arch::counter();
    if (freq && now > last_) {
        unsigned long long refill = (now - last_) * per_second_ / freq;
        if (refill) {
            tokens_ = tokens_ + refill > burst_ ? burst_ : unsigned(tokens_ + refill);
            last_ = now;
        }
    }
    if (n > tokens_) return false;
    tokens_ -= n;
    return true;
}

} // namespace hv::console
