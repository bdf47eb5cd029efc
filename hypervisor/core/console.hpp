#pragma once
// The hypervisor console: log lines in Xen's format, "(XEN) [   seconds] text",
// so that a Xen user reads our boot log as they read Xen's.
#include <cstdarg>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace hv {

class ConsoleDevice {
public:
    virtual void put_char(char c) = 0;

protected:
    ~ConsoleDevice() = default;
};

namespace console {

void attach(ConsoleDevice* device);
bool attached();
// Raw output, as it is (dom0's console_io bytes go through here).
void write(std::string_view text);
// Guest output is queued (16 KiB) and drained a little at a time, so that
// neither the guest that writes nor anyone else waits for the UART behind
// the console lock; what does not fit is dropped and counted. The order of
// the console is kept: a log line drains a step of the queue and, if more
// is waiting, waits in the queue behind it; dom0's raw output drains it all.
void queue(std::string_view text);
// A log line ("(XEN) [time] text"), queued as guest output is.
void queue_log(const char* fmt, ...) __attribute__((format(printf, 1, 2)));
// Writes out everything queued (before powering off or stopping).
void flush();
// Writes up to max_bytes of what is queued (from idle CPUs, interrupts and
// after a guest's line).
void drain(size_t max_bytes);
inline constexpr size_t kDrainStep = 64;
// One or more log lines, each prefixed with "(XEN) [time] ".
void log(const char* fmt, ...) __attribute__((format(printf, 1, 2)));
void vlog(const char* fmt, va_list args);

// The console's history (`xl dmesg`): positions are free-running byte
// counts; [oldest, written) is what the 16 KiB ring still holds.
struct HistoryPosition {
    uint32_t oldest;
    uint32_t written;
};
HistoryPosition history_position();
// Copies up to max bytes from position `from` (moved to the oldest byte
// if it is no longer held) and advances `from` past them.
size_t read_history(uint32_t& from, char* out, size_t max);
// Forgets what came before position `upto`.
void clear_history(uint32_t upto);

// Rate limiting for messages a guest can provoke: at most `burst` lines per
// `period_ms`, then a count of what was dropped.
class RateLimit {
public:
    constexpr RateLimit(unsigned burst, unsigned period_ms) : burst_(burst), period_ms_(period_ms) {}
    bool allow();

private:
    unsigned burst_;
    unsigned period_ms_;
    unsigned used_ = 0;
    unsigned dropped_ = 0;
    unsigned long long window_start_ = 0;
};

// For a message a guest can provoke once per number (an unknown hypercall,
// domctl or sysctl command): first() is true the first time a number is
// seen; numbers from kLimit up share one slot. Atomic: any CPU may ask.
template <unsigned kLimit>
class FirstTimeSeen {
public:
    bool first(uint32_t number) { return !__atomic_exchange_n(&seen_[number < kLimit ? number : kLimit], true, __ATOMIC_RELAXED); }

private:
    bool seen_[kLimit + 1] = {};
};

// A byte budget for one writer (a domU's console output): `burst` bytes at
// once, refilled at `per_second`. take() spends n bytes if they are there.
class ByteBudget {
public:
    constexpr ByteBudget(unsigned burst, unsigned per_second) : burst_(burst), per_second_(per_second), tokens_(burst) {}
    bool take(unsigned n);

private:
    unsigned burst_;
    unsigned per_second_;
    unsigned tokens_;
    unsigned long long last_ = 0;
};

} // namespace console

#define HV_LOG_RATELIMITED(...)                                                                   \
    do {                                                                                          \
        static ::hv::console::RateLimit hv_rate_limit_(10, 1000);                                 \
        if (hv_rate_limit_.allow()) ::hv::console::log(__VA_ARGS__);                              \
    } while (0)

} // namespace hv
