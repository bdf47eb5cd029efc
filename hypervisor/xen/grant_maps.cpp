#include "xen/grant_maps.hpp"

#include "mm/heap.hpp"

namespace hv {

GrantMaps::~GrantMaps()
{
    for (Slot* b : buckets_) hypervisor_heap().free(b);
}

std::optional<uint32_t> GrantMaps::add(const Entry& e)
{
    LockGuard guard(lock_);
    for (unsigned b = 0; b < kMaxBuckets; ++b) {
        if (!buckets_[b]) {
            buckets_[b] = static_cast<Slot*>(hypervisor_heap().alloc(sizeof(Slot) * kBucket));
            if (!buckets_[b]) return std::nullopt;
            for (unsigned i = 0; i < kBucket; ++i) buckets_[b][i].used = false;
        }
        for (unsigned i = 0; i < kBucket; ++i)
            if (!buckets_[b][i].used) {
                buckets_[b][i] = Slot{e, true};
                ++in_use_;
                return b * kBucket + i;
            }
    }
    return std::nullopt;
}

std::optional<GrantMaps::Entry> GrantMaps::take(uint32_t handle, uint64_t host_addr)
{
    LockGuard guard(lock_);
    if (handle >= kMaxHandles || !buckets_[handle / kBucket]) return std::nullopt;
    Slot& s = buckets_[handle / kBucket][handle % kBucket];
    if (!s.used || (host_addr && (!s.entry.host_map || s.entry.gfn != host_addr >> kPageShift))) return std::nullopt;
    s.used = false;
    --in_use_;
    return s.entry;
}

std::optional<GrantMaps::Entry> GrantMaps::take_any()
{
    LockGuard guard(lock_);
    for (Slot* b : buckets_)
        for (unsigned i = 0; b && i < kBucket; ++i)
            if (b[i].used) {
                b[i].used = false;
                --in_use_;
                return b[i].entry;
            }
    return std::nullopt;
}

unsigned GrantMaps::in_use() const
{
    LockGuard guard(lock_);
    return in_use_;
}

} // namespace hv
