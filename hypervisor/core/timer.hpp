#pragma once
// Software timers on top of the Hyp physical timer (CNTHP, PPI 26): one
// sorted list per physical CPU; the earliest deadline is what CNTHP is
// programmed with. Deadlines are in physical counter ticks.
#include <cstdint>

namespace hv {

class Timer {
public:
    using Callback = void (*)(void* data);
    Timer(Callback callback, void* data) : callback_(callback), data_(data) {}
    Timer(const Timer&) = delete;
    Timer& operator=(const Timer&) = delete;
    bool armed() const { return armed_; }
    uint64_t deadline() const { return deadline_; }

private:
    friend struct TimerQueue;
    Callback callback_;
    void* data_;
    uint64_t deadline_ = 0;
    Timer* next_ = nullptr;
    bool armed_ = false;
};

// One per physical CPU. The hardware timer is reached through `program`.
struct TimerQueue {
    using Program = void (*)(bool enable, uint64_t deadline);
    Timer* head = nullptr;
    Program program = nullptr;

    void set(Timer& t, uint64_t deadline);
    void stop(Timer& t);
    // Runs (and disarms) every timer whose deadline is <= now.
    void expire(uint64_t now);

private:
    void unlink(Timer& t);
    void reprogram();
};

namespace timers {
TimerQueue& this_cpu();
uint64_t ms_to_ticks(uint64_t ms);
// Counter ticks as ns, without overflowing the intermediate product.
uint64_t ticks_to_ns(uint64_t ticks);
} // namespace timers

} // namespace hv
