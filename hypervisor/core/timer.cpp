#include "core/timer.hpp"

#include "arch/cpu.hpp"

namespace hv {

void TimerQueue::unlink(Timer& t)
{
    for (Timer** p = &head; *p; p = &(*p)->next_)
        if (*p == &t) {
            *p = t.next_;
            break;
        }
    t.next_ = nullptr;
    t.armed_ = false;
}

void TimerQueue::reprogram()
{
    if (program) program(head != nullptr, head ? head->deadline_ : 0);
}

void TimerQueue::set(Timer& t, uint64_t deadline)
{
    if (t.armed_) unlink(t);
    t.deadline_ = deadline;
    t.armed_ = true;
    Timer** p = &head;
    while (*p && (*p)->deadline_ <= deadline) p = &(*p)->next_;
    t.next_ = *p;
    *p = &t;
    reprogram();
}

void TimerQueue::stop(Timer& t)
{
    if (!t.armed_) return;
    unlink(t);
    reprogram();
}

void TimerQueue::expire(uint64_t now)
{
    while (head && head->deadline_ <= now) {
        Timer* t = head;
        head = t->next_;
        t->next_ = nullptr;
        t->armed_ = false;
        t->callback_(t->data_); // may re-arm itself
    }
    reprogram();
}

namespace timers {

TimerQueue& this_cpu()
{
    static TimerQueue queues[8];
    return queues[arch::cpu_index()];
}

uint64_t ms_to_ticks(uint64_t ms) { return ms * arch::counter_frequency() / 1000; }

uint64_t ticks_to_ns(uint64_t ticks)
{
    uint64_t freq = arch::counter_frequency();
    return freq ? ticks / freq * 1000000000ull + (ticks % freq) * 1000000000ull / freq : 0;
}

} // namespace timers
} // namespace hv
