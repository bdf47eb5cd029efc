#include "xen/grant_table.hpp"

#include "arch/cpu.hpp"
#include "include/public/grant_table.hpp"
#include "mm/frame_allocator.hpp"

namespace hv {

GrantTable::~GrantTable()
{
    for (unsigned i = 0; i < nr_frames_; ++i) {
        frames_.put(frames_pa_[i]);
        if (pins_[i]) frames_.put(pins_page_[i]);
    }
}

uint32_t GrantTable::nr_entries() const
{
    LockGuard guard(lock_);
    return nr_frames_ * kEntriesPerFrame;
}

uint32_t GrantTable::pinned_entries() const
{
    LockGuard guard(lock_);
    uint32_t n = 0;
    for (unsigned f = 0; f < nr_frames_; ++f) {
        if (!pins_[f]) continue;
        for (unsigned i = 0; i < kEntriesPerFrame; ++i) n += pins_[f][i].readers || pins_[f][i].writers;
    }
    return n;
}

uint32_t* GrantTable::entry_word(uint32_t ref) const
{
    // Entries are 8 bytes in a page: the word at the start of one is aligned.
    auto* entries = static_cast<xen::grant_entry_v1*>(arch::phys_to_virt(frames_pa_[ref / kEntriesPerFrame].value));
    return reinterpret_cast<uint32_t*>(&entries[ref % kEntriesPerFrame]);
}

int16_t GrantTable::pin(uint32_t ref, uint16_t mapper, bool write, uint32_t& gfn)
{
    LockGuard guard(lock_);
    if (ref >= nr_frames_ * kEntriesPerFrame) return xen::GNTST_bad_gntref;
    Pins*& frame_pins = pins_[ref / kEntriesPerFrame];
    if (!frame_pins) {
        // A page from the frame allocator (not the hypervisor's small heap).
        static_assert(sizeof(Pins) * kEntriesPerFrame <= kPageSize);
        auto page = frames_.alloc(1);
        if (!page) return xen::GNTST_no_space;
        pins_page_[ref / kEntriesPerFrame] = *page;
        frame_pins = static_cast<Pins*>(arch::phys_to_virt(page->value));
        for (unsigned i = 0; i < kEntriesPerFrame; ++i) frame_pins[i] = Pins{0, 0};
    }
    Pins& p = frame_pins[ref % kEntriesPerFrame];
    if ((write && p.writers == 0xffff) || p.readers == 0xffff) return xen::GNTST_no_space;
    uint32_t* word = entry_word(ref);
    uint32_t old = __atomic_load_n(word, __ATOMIC_ACQUIRE);
    // The guest may change the word under us: a few tries, then give up
    // (as Xen), so it cannot keep a CPU here.
    for (unsigned tries = 0;; ++tries) {
        if (tries == 4) return xen::GNTST_general_error;
        uint16_t flags = uint16_t(old), domid = uint16_t(old >> 16);
        // Little-endian: flags in the low half, domid in the high half.
        if ((flags & xen::GTF_type_mask) != xen::GTF_permit_access || (flags & xen::GTF_sub_page) || domid != mapper)
            return xen::GNTST_bad_gntref;
        if (write && (flags & xen::GTF_readonly)) return xen::GNTST_permission_denied;
        uint16_t now = uint16_t(flags | xen::GTF_reading | (write ? xen::GTF_writing : 0));
        if (now == flags) break;
        if (__atomic_compare_exchange_n(word, &old, (old & 0xffff0000u) | now, false, __ATOMIC_ACQ_REL,
                                        __ATOMIC_ACQUIRE))
            break;
    }
    ++p.readers;
    if (write) ++p.writers;
    // The frame is read once the entry is pinned: the guest may not change
    // it while GTF_reading is set.
    gfn = reinterpret_cast<const xen::grant_entry_v1*>(word)->frame;
    return xen::GNTST_okay;
}

void GrantTable::unpin(uint32_t ref, bool write)
{
    LockGuard guard(lock_);
    if (ref >= nr_frames_ * kEntriesPerFrame || !pins_[ref / kEntriesPerFrame]) return;
    Pins& p = pins_[ref / kEntriesPerFrame][ref % kEntriesPerFrame];
    if (!p.readers || (write && !p.writers)) return;
    --p.readers;
    if (write) --p.writers;
    uint16_t clear = uint16_t((p.writers ? 0 : xen::GTF_writing) | (p.readers ? 0 : xen::GTF_reading));
    if (clear) __atomic_and_fetch(entry_word(ref), ~uint32_t(clear), __ATOMIC_ACQ_REL);
}

unsigned GrantTable::nr_frames() const
{
    LockGuard guard(lock_);
    return nr_frames_;
}

bool GrantTable::grow_locked(unsigned frames)
{
    if (frames > max_frames_) return false;
    while (nr_frames_ < frames) {
        auto pa = frames_.alloc(1);
        if (!pa) return false; // zero: the allocator's
        gfn_[nr_frames_] = kNoGfn;
        frames_pa_[nr_frames_++] = *pa;
    }
    return true;
}

bool GrantTable::grow_to(unsigned frames)
{
    LockGuard guard(lock_);
    return grow_locked(frames);
}

std::optional<Pa> GrantTable::frame(unsigned index)
{
    LockGuard guard(lock_);
    if (index >= max_frames_ || !grow_locked(index + 1)) return std::nullopt;
    return frames_pa_[index];
}

} // namespace hv
