#include "core/domain_list.hpp"

#include "arch/spinlock.hpp"
#include "core/domain.hpp"

namespace hv {

void DomainRef::reset()
{
    if (d_) d_->put_ref();
    d_ = nullptr;
}

namespace domains {
namespace {
Domain* list_[kMax];
unsigned count_ = 0;
Spinlock lock_;
bool vmid_used_[256] = {true}; // 0 is dom0's, always; under lock_

int index_of(uint16_t id)
{
    for (unsigned i = 0; i < count_; ++i)
        if (list_[i]->id() == id) return int(i);
    return -1;
}
} // namespace

bool add(Domain& domain)
{
    LockGuard guard(lock_);
    if (count_ == kMax || index_of(domain.id()) >= 0) return false;
    list_[count_++] = &domain;
    return true;
}

bool unlist(Domain& domain)
{
    bool listed = false;
    {
        LockGuard guard(lock_);
        for (unsigned i = 0; i < count_ && !listed; ++i)
            if (list_[i] == &domain) {
                for (unsigned k = i; k + 1 < count_; ++k) list_[k] = list_[k + 1];
                --count_;
                listed = true;
            }
    }
    return listed;
}

void remove(Domain& domain)
{
    if (unlist(domain)) domain.put_ref();
}

DomainRef get(uint16_t id)
{
    LockGuard guard(lock_);
    int i = index_of(id);
    if (i < 0) return {};
    list_[i]->get_ref();
    return DomainRef(list_[i]);
}

Domain* find_under_event_channel_lock(uint16_t id)
{
    LockGuard guard(lock_);
    int i = index_of(id);
    return i < 0 ? nullptr : list_[i];
}

DomainRef get_from(uint16_t first)
{
    LockGuard guard(lock_);
    Domain* best = nullptr;
    for (unsigned i = 0; i < count_; ++i)
        if (list_[i]->id() >= first && (!best || list_[i]->id() < best->id())) best = list_[i];
    if (!best) return {};
    best->get_ref();
    return DomainRef(best);
}

DomainRef another(Domain& domain)
{
    domain.get_ref();
    return DomainRef(&domain);
}

uint8_t claim_vmid()
{
    LockGuard guard(lock_);
    for (unsigned v = 1; v < 256; ++v)
        if (!vmid_used_[v]) {
            vmid_used_[v] = true;
            return uint8_t(v);
        }
    return 0;
}

void mark_vmid(uint8_t vmid)
{
    LockGuard guard(lock_);
    vmid_used_[vmid] = true;
}

void release_vmid(uint8_t vmid)
{
    LockGuard guard(lock_);
    if (vmid) vmid_used_[vmid] = false;
}

unsigned count()
{
    LockGuard guard(lock_);
    return count_;
}

bool id_in_use(uint16_t id)
{
    LockGuard guard(lock_);
    return index_of(id) >= 0;
}

} // namespace domains
} // namespace hv
