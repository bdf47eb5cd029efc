#include "core/run_queue.hpp"

#include "core/vcpu.hpp"
#include "core/wake_policy.hpp"

namespace hv {

Status RunQueue::add(Vcpu& vcpu)
{
    LockGuard guard(lock_);
    for (unsigned i = 0; i < count_; ++i)
        if (vcpus_[i] == &vcpu) return Status::Busy;
    if (count_ == kCapacity) return Status::NoMemory;
    vcpus_[count_++] = &vcpu;
    return Status::Ok;
}

void RunQueue::remove(Vcpu& vcpu)
{
    LockGuard guard(lock_);
    for (unsigned i = 0; i < count_; ++i)
        if (vcpus_[i] == &vcpu) {
            for (unsigned k = i; k + 1 < count_; ++k) vcpus_[k] = vcpus_[k + 1];
            --count_;
            return;
        }
}

unsigned RunQueue::size() const
{
    LockGuard guard(lock_);
    return count_;
}

Vcpu* RunQueue::next_after(const Vcpu* current, uint64_t granularity) const
{
    LockGuard guard(lock_);
    unsigned start = 0;
    for (unsigned i = 0; i < count_; ++i)
        if (vcpus_[i] == current) start = i + 1;
    Vcpu *next = nullptr, *woken = nullptr;
    for (unsigned k = 0; k < count_ && !(next && woken); ++k) {
        Vcpu* v = vcpus_[(start + k) % count_];
        if (!v->runnable()) continue;
        if (!next) next = v;
        if (!woken && __atomic_load_n(&v->boosted, __ATOMIC_ACQUIRE)) woken = v;
    }
    // A woken vCPU goes first unless it has used more CPU time than round
    // robin's next: two vCPUs waking each other cannot shut a third out.
    if (woken && (woken->vruntime <= next->vruntime || woken->vruntime - next->vruntime <= granularity)) return woken;
    return next;
}

void RunQueue::place_runnable_vcpus(const Vcpu* current, uint64_t reference, uint64_t slice)
{
    LockGuard guard(lock_);
    for (unsigned i = 0; i < count_; ++i) {
        Vcpu* v = vcpus_[i];
        if (v != current && v->runnable()) v->vruntime = place_woken(v->vruntime, reference, slice);
    }
}

} // namespace hv
