#pragma once
// A ticket-free test-and-set spin lock, correct on ARMv7 SMP: LDREX/STREX
// for atomicity, DMB after taking (acquire) and before releasing (release)
// so the protected accesses stay inside, SEV/WFE to avoid hammering.
#include <cstdint>

namespace hv {

class Spinlock {
public:
    void lock()
    {
        uint32_t tmp;
        asm volatile("1: ldrex   %0, [%1]\n"
                     "   teq     %0, #0\n"
                     "   wfene\n"
                     "   strexeq %0, %2, [%1]\n"
                     "   teqeq   %0, #0\n"
                     "   bne     1b\n"
                     "   dmb     ish\n"
                     : "=&r"(tmp)
                     : "r"(&word_), "r"(1)
                     : "cc", "memory");
    }
    // One attempt: true if the lock is now ours.
    bool try_lock()
    {
        uint32_t tmp;
        asm volatile("   ldrex   %0, [%1]\n"
                     "   teq     %0, #0\n"
                     "   strexeq %0, %2, [%1]\n"
                     "   movne   %0, #1\n"
                     : "=&r"(tmp)
                     : "r"(&word_), "r"(1)
                     : "cc", "memory");
        if (tmp) return false;
        asm volatile("dmb ish" ::: "memory");
        return true;
    }
    void unlock()
    {
        asm volatile("dmb ish\n"
                     "str %1, [%0]\n"
                     "dsb ishst\n"
                     "sev\n" ::"r"(&word_),
                     "r"(0)
                     : "memory");
    }

private:
    volatile uint32_t word_ = 0;
};

class LockGuard {
public:
    explicit LockGuard(Spinlock& l) : lock_(l) { lock_.lock(); }
    ~LockGuard() { lock_.unlock(); }
    LockGuard(const LockGuard&) = delete;
    LockGuard& operator=(const LockGuard&) = delete;

private:
    Spinlock& lock_;
};

} // namespace hv
