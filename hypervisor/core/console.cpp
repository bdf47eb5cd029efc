#include "core/console.hpp"

#include "arch/cpu.hpp"
#include "arch/spinlock.hpp"
#include "lib/format.hpp"

namespace hv::console {
namespace {

ConsoleDevice* device_ = nullptr;
bool at_line_start_ = true;
Spinlock lock_; // whole lines from one CPU at a time

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

} // namespace

void attach(ConsoleDevice* device) { device_ = device; }
bool attached() { return device_ != nullptr; }

void write(std::string_view text)
{
    LockGuard guard(lock_);
    for (char c : text) put(c);
    if (!text.empty()) at_line_start_ = text.back() == '\n';
}

void vlog(const char* fmt, va_list args)
{
    char line[512];
    size_t n = format_to(line, sizeof line, fmt, args);
    if (n >= sizeof line) n = sizeof line - 1;
    uint64_t us = now_us();
    char prefix[32];
    format_to(prefix, sizeof prefix, "(XEN) [%5u.%06u] ", unsigned(us / 1000000), unsigned(us % 1000000));
    LockGuard guard(lock_);
    if (!at_line_start_) put('\n');
    at_line_start_ = true;
    for (size_t i = 0; i < n; ++i) {
        if (at_line_start_) {
            for (const char* p = prefix; *p; ++p) put(*p);
            at_line_start_ = false;
        }
        put(line[i]);
        if (line[i] == '\n') at_line_start_ = true;
    }
    if (!at_line_start_) {
        put('\n');
        at_line_start_ = true;
    }
}

void log(const char* fmt, ...)
{
    va_list args;
    va_start(args, fmt);
    vlog(fmt, args);
    va_end(args);
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

} // namespace hv::console
