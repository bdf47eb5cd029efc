#include "core/console_input.hpp"

#include "arch/spinlock.hpp"

namespace hv::console_input {
namespace {
char ring_[kCapacity];
size_t head_ = 0, tail_ = 0; // head: next write; tail: next read; empty when equal
Spinlock lock_;
} // namespace

bool push(char c)
{
    LockGuard guard(lock_);
    size_t next = (head_ + 1) % kCapacity;
    if (next == tail_) return false;
    ring_[head_] = c;
    head_ = next;
    return true;
}

size_t pop(char* out, size_t max)
{
    LockGuard guard(lock_);
    size_t n = 0;
    while (n < max && tail_ != head_) {
        out[n++] = ring_[tail_];
        tail_ = (tail_ + 1) % kCapacity;
    }
    return n;
}

size_t available()
{
    LockGuard guard(lock_);
    return (head_ + kCapacity - tail_) % kCapacity;
}

} // namespace hv::console_input
