#include "xen/grant_maps.hpp"

#include "arch/cpu.hpp"
#include "core/domain.hpp"
#include "mm/frame_allocator.hpp"

namespace hv {

GrantMaps::~GrantMaps()
{
    for (unsigned p = 0; p < kMaxPages; ++p)
        if (slots_[p]) frames_.put(pages_[p]);
}

GrantMaps::Slot* GrantMaps::slot(uint32_t handle) const
{
    if (handle >= kMaxHandles || !slots_[handle / kPerPage]) return nullptr;
    return &slots_[handle / kPerPage][handle % kPerPage];
}

std::optional<uint32_t> GrantMaps::add(const Entry& e)
{
    LockGuard guard(lock_);
    if (in_use_ >= limit_) return std::nullopt;
    for (uint32_t h = first_free_; h < limit_; ++h) {
        if (!slots_[h / kPerPage]) {
            auto page = frames_.alloc(1);
            if (!page) return std::nullopt;
            pages_[h / kPerPage] = *page;
            slots_[h / kPerPage] = static_cast<Slot*>(arch::phys_to_virt(page->value));
            for (unsigned i = 0; i < kPerPage; ++i) slots_[h / kPerPage][i].used = false;
        }
        Slot& s = slots_[h / kPerPage][h % kPerPage];
        if (s.used) continue;
        s = Slot{e, true};
        ++in_use_;
        first_free_ = h + 1;
        return h;
    }
    return std::nullopt;
}

std::optional<GrantMaps::Entry> GrantMaps::take(uint32_t handle, uint64_t host_addr)
{
    LockGuard guard(lock_);
    Slot* s = slot(handle);
    if (!s || !s->used || (host_addr && (!s->entry.host_map || s->entry.gfn != host_addr >> kPageShift)))
        return std::nullopt;
    s->used = false;
    --in_use_;
    if (handle < first_free_) first_free_ = handle;
    return s->entry;
}

std::optional<GrantMaps::Entry> GrantMaps::take_next(uint32_t& cursor)
{
    LockGuard guard(lock_);
    for (; cursor < kMaxHandles; ++cursor) {
        if (!slots_[cursor / kPerPage]) {
            cursor = (cursor / kPerPage + 1) * kPerPage - 1; // a page never used: skip it
            continue;
        }
        Slot& s = slots_[cursor / kPerPage][cursor % kPerPage];
        if (!s.used) continue;
        s.used = false;
        --in_use_;
        if (cursor < first_free_) first_free_ = cursor;
        return s.entry;
    }
    return std::nullopt;
}

unsigned GrantMaps::in_use() const
{
    LockGuard guard(lock_);
    return in_use_;
}

unsigned GrantMaps::pages() const
{
    LockGuard guard(lock_);
    unsigned n = 0;
    for (unsigned p = 0; p < kMaxPages; ++p) n += slots_[p] != nullptr;
    return n;
}

bool GrantMaps::reference_mapped_frame(Pa frame)
{
    LockGuard guard(lock_);
    for (unsigned p = 0; p < kMaxPages; ++p) {
        if (!slots_[p]) continue;
        for (unsigned i = 0; i < kPerPage; ++i) {
            const Slot& s = slots_[p][i];
            // The entry holds a reference to its granter: alive while it is here.
            if (s.used && s.entry.frame == frame) return frames_.get(frame, s.entry.granter->id());
        }
    }
    return false;
}

} // namespace hv
