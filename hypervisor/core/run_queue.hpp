#pragma once
#include <cstdint>
// The vCPUs of one physical CPU, in round-robin order. Picking the next one
// is pure logic over vCPU states, unit-tested on the host. lock_ makes
// every operation atomic: its CPU scans and removes, and another CPU adds
// the vCPUs of a domain created at run time. A leaf, held for one scan of
// at most kCapacity entries.
#include "arch/spinlock.hpp"
#include "lib/status.hpp"

namespace hv {

class Vcpu;

class RunQueue {
public:
    static constexpr unsigned kCapacity = 64;

    Status add(Vcpu& vcpu);
    void remove(Vcpu& vcpu);
    unsigned size() const;
    // Takes out every vCPU `pred` holds for, in one hold of the lock (no
    // pointer is read outside it), into out[]; returns how many.
    template <class Pred>
    unsigned remove_if(Pred pred, Vcpu* (&out)[kCapacity])
    {
        LockGuard guard(lock_);
        unsigned n = 0, kept = 0;
        for (unsigned i = 0; i < count_; ++i) {
            if (pred(vcpus_[i])) out[n++] = vcpus_[i];
            else vcpus_[kept++] = vcpus_[i];
        }
        count_ = kept;
        return n;
    }
    // Placement (wake_policy.hpp), by the CPU that owns these vCPUs' CPU
    // time: each runnable vCPU but `current` is brought to at most `slice`
    // behind `reference` (what `current` has used up to now), so that none,
    // woken or waiting, holds more than a slice of credit against it.
    void place_runnable_vcpus(const Vcpu* current, uint64_t reference, uint64_t slice);
    // The first runnable vCPU after `current` (or from the start when it is
    // not queued), wrapping around so that `current` itself comes last;
    // nullptr when none is runnable. A boosted (just woken) one goes before
    // it unless it has used more than `granularity` more CPU time.
    static constexpr uint64_t kAnyRuntime = ~0ull; // a boosted one goes first, whatever it used
    Vcpu* next_after(const Vcpu* current, uint64_t granularity = 0) const;

private:
    Vcpu* vcpus_[kCapacity] = {};
    unsigned count_ = 0;
    mutable Spinlock lock_;
};

} // namespace hv
