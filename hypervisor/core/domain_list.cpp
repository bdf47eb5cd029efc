#include "core/domain_list.hpp"

#include "arch/barrier.hpp"
#include "arch/spinlock.hpp"
#include "core/domain.hpp"

namespace hv::domains {
namespace {
Domain* list_[kMax];
unsigned count_ = 0;
Spinlock lock_;
} // namespace

bool add(Domain& domain)
{
    LockGuard guard(lock_);
    if (count_ == kMax) return false;
    for (unsigned i = 0; i < count_; ++i)
        if (list_[i]->id() == domain.id()) return false;
    list_[count_] = &domain;
    arch::dmb();
    ++count_;
    return true;
}

void remove(Domain& domain)
{
    LockGuard guard(lock_);
    for (unsigned i = 0; i < count_; ++i)
        if (list_[i] == &domain) {
            for (unsigned k = i; k + 1 < count_; ++k) list_[k] = list_[k + 1];
            --count_;
            return;
        }
}

Domain* find(uint16_t id)
{
    for (unsigned i = 0; i < count_; ++i)
        if (list_[i]->id() == id) return list_[i];
    return nullptr;
}

unsigned count() { return count_; }
Domain* at(unsigned index) { return index < count_ ? list_[index] : nullptr; }

} // namespace hv::domains
