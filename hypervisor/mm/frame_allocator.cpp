#include "mm/frame_allocator.hpp"

#include "arch/cpu.hpp"

namespace hv {
namespace {

constexpr uint64_t block_frames(unsigned order) { return 1ull << order; }

// The smallest order whose block holds n frames.
unsigned order_for(uint64_t n)
{
    unsigned order = 0;
    while (block_frames(order) < n) ++order;
    return order;
}

bool is_power_of_two(uint64_t v) { return v && !(v & (v - 1)); }

} // namespace

Status FrameAllocator::add_region(Pa base, uint64_t size)
{
    uint64_t start = align_up(base.value, kPageSize);
    uint64_t end = align_down(base.value + size, kPageSize);
    if (end <= start) return Status::Invalid;
    uint64_t frames = (end - start) >> kPageShift;
    uint64_t table_frames = align_up(frames * sizeof(FrameInfo), kPageSize) >> kPageShift;
    if (table_frames >= frames || frames >= kNone) return Status::Invalid;
    LockGuard guard(lock_);
    if (region_count_ == kMaxRegions) return Status::NoMemory;
    Region& r = regions_[region_count_];
    r.first_frame = start >> kPageShift;
    r.frames = frames;
    r.info = static_cast<FrameInfo*>(arch::phys_to_virt(start));
    for (auto& lists : r.free_list)
        for (auto& head : lists) head = kNone;
    for (uint64_t i = 0; i < frames; ++i)
        r.info[i] = i < table_frames ? FrameInfo{kNone, kNone, 1, kOwnerXen, 0, kNotHead}
                                     : FrameInfo{kNone, kNone, 0, kOwnerNone, 0, kNotHead};
    ++region_count_;
    // RAM as the firmware left it: whatever a previous boot wrote there.
    free_range(r, table_frames, frames, kDirty);
    free_frames_ += frames - table_frames;
    __atomic_store_n(&dirty_frames_, dirty_frames_ + (frames - table_frames), __ATOMIC_RELAXED);
    return Status::Ok;
}

FrameAllocator::Region* FrameAllocator::region_of(uint64_t frame)
{
    for (unsigned i = 0; i < region_count_; ++i) {
        Region& r = regions_[i];
        if (frame >= r.first_frame && frame < r.first_frame + r.frames) return &r;
    }
    return nullptr;
}

const FrameAllocator::Region* FrameAllocator::region_of(uint64_t frame) const
{
    return const_cast<FrameAllocator*>(this)->region_of(frame);
}

FrameAllocator::Slot FrameAllocator::slot_of(Pa frame) const
{
    uint64_t f = frame.value >> kPageShift;
    auto* r = const_cast<Region*>(region_of(f));
    return Slot{r, r ? f - r->first_frame : 0};
}

void FrameAllocator::free_frame_locked(const Slot& slot)
{
    slot.info().owner = kOwnerNone;
    __atomic_store_n(&slot.info().refs, 0u, __ATOMIC_RELAXED);
    free_block(*slot.region, slot.index, 0, kDirty); // its last owner's data is still there
    ++free_frames_;
    __atomic_store_n(&dirty_frames_, dirty_frames_ + 1, __ATOMIC_RELAXED);
}

void FrameAllocator::push(Region& r, uint32_t head, unsigned order, uint8_t kind)
{
    FrameInfo& f = r.info[head];
    uint32_t& list = r.free_list[kind][order];
    f.head = kind;
    f.order = static_cast<uint8_t>(order);
    f.prev = kNone;
    f.next = list;
    if (f.next != kNone) r.info[f.next].prev = head;
    list = head;
}

void FrameAllocator::unlink(Region& r, uint32_t head)
{
    FrameInfo& f = r.info[head];
    if (f.prev != kNone) r.info[f.prev].next = f.next;
    else r.free_list[f.head][f.order] = f.next;
    if (f.next != kNone) r.info[f.next].prev = f.prev;
    f.head = kNotHead;
}

void FrameAllocator::free_block(Region& r, uint64_t head, unsigned order, uint8_t kind)
{
    // Merge with the buddy while it is a whole free block of the same order
    // and kind: a clean block stays clean, a dirty one is scrubbed whole.
    while (order < kMaxOrder) {
        uint64_t buddy_frame = (r.first_frame + head) ^ block_frames(order);
        if (buddy_frame < r.first_frame) break;
        uint64_t buddy = buddy_frame - r.first_frame;
        if (buddy + block_frames(order) > r.frames) break;
        const FrameInfo& b = r.info[buddy];
        if (b.head != kind || b.order != order) break;
        unlink(r, static_cast<uint32_t>(buddy));
        if (buddy < head) head = buddy;
        ++order;
    }
    push(r, static_cast<uint32_t>(head), order, kind);
}

void FrameAllocator::free_range(Region& r, uint64_t start, uint64_t end, uint8_t kind)
{
    while (start < end) {
        unsigned order = 0;
        while (order < kMaxOrder && !((r.first_frame + start) & block_frames(order)) &&
               start + block_frames(order + 1) <= end)
            ++order;
        free_block(r, start, order, kind);
        start += block_frames(order);
    }
}

std::optional<uint32_t> FrameAllocator::free_block_containing(const Region& r, uint64_t i) const
{
    for (unsigned o = 0; o <= kMaxOrder; ++o) {
        uint64_t head_frame = (r.first_frame + i) & ~(block_frames(o) - 1);
        if (head_frame < r.first_frame) break;
        uint64_t head = head_frame - r.first_frame;
        const FrameInfo& f = r.info[head];
        if (f.head != kNotHead && i < head + block_frames(f.order)) return static_cast<uint32_t>(head);
    }
    return std::nullopt;
}

bool FrameAllocator::range_is_free(const Region& r, uint64_t start, uint64_t end) const
{
    while (start < end) {
        auto head = free_block_containing(r, start);
        if (!head || r.info[*head].head == kScrubbing) return false; // not to be taken while it is zeroed
        start = *head + block_frames(r.info[*head].order);
    }
    return true;
}

bool FrameAllocator::take_range(Region& r, uint64_t start, uint64_t end, uint16_t owner)
{
    bool dirty = false;
    while (start < end) {
        uint32_t head = *free_block_containing(r, start);
        uint64_t block_end = head + block_frames(r.info[head].order);
        uint64_t take_end = end < block_end ? end : block_end;
        uint8_t kind = r.info[head].head;
        unlink(r, head);
        for (uint64_t i = start; i < take_end; ++i) {
            __atomic_store_n(&r.info[i].owner, owner, __ATOMIC_RELAXED);
            __atomic_store_n(&r.info[i].refs, 1u, __ATOMIC_RELEASE); // the owner before it: see get()
        }
        // What the block held around the range goes back, of the same kind.
        free_range(r, head, start, kind);
        free_range(r, take_end, block_end, kind);
        free_frames_ -= take_end - start;
        if (kind == kDirty) {
            dirty = true;
            __atomic_store_n(&dirty_frames_, dirty_frames_ - (take_end - start), __ATOMIC_RELAXED);
        }
        start = take_end;
    }
    return dirty;
}

// Frames taken dirty are zeroed by the allocating CPU, outside the lock:
// they are its caller's already, and nobody else can reach them.
static void zero_if_dirty(std::optional<Pa> pa, uint64_t count, bool dirty)
{
    if (pa && dirty) arch::zero_and_clean(pa->value, count << kPageShift);
}

std::optional<Pa> FrameAllocator::alloc(uint64_t count, uint64_t align_frames, uint16_t owner)
{
    if (count == 0 || !is_power_of_two(align_frames)) return std::nullopt;
    bool dirty = false;
    std::optional<Pa> pa;
    {
        LockGuard guard(lock_);
        pa = alloc_locked(count, align_frames, owner, dirty);
    }
    zero_if_dirty(pa, count, dirty);
    return pa;
}

FrameAllocator::Claim* FrameAllocator::claim_locked(uint16_t owner)
{
    for (auto& c : claims_)
        if (c.pages && c.owner == owner) return &c;
    return nullptr;
}

long FrameAllocator::set_claim(uint16_t owner, uint64_t pages)
{
    LockGuard guard(lock_);
    Claim* c = claim_locked(owner);
    if (pages == 0) {
        if (c) {
            outstanding_ -= c->pages;
            c->pages = 0;
        }
        return 0;
    }
    if (c) return -22; // one claim at a time (EINVAL)
    if (pages > unclaimed_locked()) return -12; // ENOMEM
    for (auto& slot : claims_)
        if (!slot.pages) {
            slot = Claim{owner, pages};
            outstanding_ += pages;
            return 0;
        }
    return -12;
}

uint64_t FrameAllocator::claim_of(uint16_t owner) const
{
    LockGuard guard(lock_);
    for (const auto& c : claims_)
        if (c.pages && c.owner == owner) return c.pages;
    return 0;
}

uint64_t FrameAllocator::unclaimed_locked() const { return free_frames_ > outstanding_ ? free_frames_ - outstanding_ : 0; }

bool FrameAllocator::claims_allow_locked(uint64_t count, uint16_t owner, Claim*& claim, uint64_t& from_claim)
{
    // What the owner claimed is its own; the rest must leave others' claims free.
    claim = outstanding_ ? claim_locked(owner) : nullptr;
    from_claim = claim ? (claim->pages < count ? claim->pages : count) : 0;
    return count <= free_frames_ && count - from_claim <= unclaimed_locked();
}

void FrameAllocator::use_claim_locked(Claim* claim, uint64_t from_claim)
{
    if (!claim) return;
    claim->pages -= from_claim;
    outstanding_ -= from_claim;
}

std::optional<Pa> FrameAllocator::alloc_locked(uint64_t count, uint64_t align_frames, uint16_t owner, bool& dirty)
{
    Claim* claim;
    uint64_t from_claim;
    if (!claims_allow_locked(count, owner, claim, from_claim)) return std::nullopt;
    auto pa = take_free_locked(count, align_frames, owner, dirty);
    if (pa) use_claim_locked(claim, from_claim);
    return pa;
}

std::optional<Pa> FrameAllocator::take_free_locked(uint64_t count, uint64_t align_frames, uint16_t owner, bool& dirty)
{
    // A free block of the rounded-up order is aligned and large enough. A
    // clean one anywhere first: splitting it costs O(orders), zeroing a
    // dirty one O(pages).
    unsigned want = order_for(count > align_frames ? count : align_frames);
    for (uint8_t kind : {kClean, kDirty}) {
        for (unsigned n = 0; want <= kMaxOrder && n < region_count_; ++n) {
            Region& r = regions_[n];
            for (unsigned o = want; o <= kMaxOrder; ++o) {
                if (r.free_list[kind][o] == kNone) continue;
                uint64_t head = r.free_list[kind][o];
                dirty = take_range(r, head, head + count, owner);
                return Pa((r.first_frame + head) << kPageShift);
            }
        }
    }
    // An aligned power-of-two run is a whole block once free, unless its
    // halves are of two kinds (clean and dirty never merge): with nothing
    // dirty, none means none. Otherwise a run may straddle blocks; look for
    // it (large boot-time allocations, and memory fragmented by kind).
    if (is_power_of_two(count) && align_frames >= count && !dirty_frames_) return std::nullopt;
    for (unsigned n = 0; n < region_count_; ++n) {
        Region& r = regions_[n];
        uint64_t first = align_up(r.first_frame, align_frames) - r.first_frame;
        for (uint64_t i = first; i + count <= r.frames; i += align_frames) {
            if (!range_is_free(r, i, i + count)) continue;
            dirty = take_range(r, i, i + count, owner);
            return Pa((r.first_frame + i) << kPageShift);
        }
    }
    return std::nullopt;
}

bool FrameAllocator::claim(Pa base, uint64_t count, uint16_t owner)
{
    uint64_t first = base.value >> kPageShift;
    bool dirty;
    {
        LockGuard guard(lock_);
        Region* r = region_of(first);
        if (!r || count == 0 || first + count > r->first_frame + r->frames) return false;
        uint64_t start = first - r->first_frame;
        Claim* claimed;
        uint64_t from_claim;
        if (!range_is_free(*r, start, start + count) || !claims_allow_locked(count, owner, claimed, from_claim))
            return false;
        dirty = take_range(*r, start, start + count, owner);
        use_claim_locked(claimed, from_claim);
    }
    zero_if_dirty(base, count, dirty);
    return true;
}

bool FrameAllocator::take_dirty_piece_locked(Region*& region, uint32_t& head, unsigned& order)
{
    for (unsigned n = 0; n < region_count_; ++n) {
        Region& r = regions_[n];
        for (unsigned o = 0; o <= kMaxOrder; ++o) {
            uint32_t h = r.free_list[kDirty][o];
            if (h == kNone) continue;
            // The smallest dirty block; a larger one is halved down to a
            // piece of kScrubOrder, its upper halves staying dirty.
            unlink(r, h);
            for (; o > kScrubOrder; --o) push(r, h + uint32_t(block_frames(o - 1)), o - 1, kDirty);
            r.info[h].head = kScrubbing;
            r.info[h].order = static_cast<uint8_t>(o);
            region = &r;
            head = h;
            order = o;
            return true;
        }
    }
    return false;
}

bool FrameAllocator::scrub_some(unsigned max_pages)
{
    if (!__atomic_load_n(&scrubbing_, __ATOMIC_ACQUIRE)) return false;
    for (unsigned done = 0; done < max_pages; done += kScrubPages) {
        if (!dirty_frames()) return false;
        Region* r;
        uint32_t head;
        unsigned order;
        {
            LockGuard guard(lock_);
            if (!take_dirty_piece_locked(r, head, order)) return false;
        }
        // Zeroed without the lock: the piece is in no list, so no one
        // allocates it meanwhile, and it is still counted free.
        arch::zero_and_clean((r->first_frame + head) << kPageShift, block_frames(order) << kPageShift);
        LockGuard guard(lock_);
        r->info[head].head = kNotHead;
        __atomic_store_n(&dirty_frames_, dirty_frames_ - block_frames(order), __ATOMIC_RELAXED);
        free_block(*r, head, order, kClean);
    }
    return dirty_frames() != 0;
}

void FrameAllocator::reserve(Pa base, uint64_t size)
{
    uint64_t first = base.value >> kPageShift;
    uint64_t last = (base.value + size + kPageSize - 1) >> kPageShift;
    LockGuard guard(lock_);
    for (uint64_t f = first; f < last;) {
        Region* r = region_of(f);
        if (!r) {
            ++f;
            continue;
        }
        uint64_t i = f - r->first_frame;
        auto head = free_block_containing(*r, i);
        if (!head || r->info[*head].head == kScrubbing) { // none before start_scrubbing
            ++f;
            continue;
        }
        uint64_t block_end = *head + block_frames(r->info[*head].order);
        uint64_t end = last - r->first_frame < block_end ? last - r->first_frame : block_end;
        take_range(*r, i, end, kOwnerXen); // kept as it is: what the boot modules hold
        f = r->first_frame + end;
    }
}

void FrameAllocator::release_locked(Pa base, uint64_t count)
{
    for (uint64_t k = 0; k < count; ++k) {
        Slot slot = slot_of(base + k * kPageSize);
        if (!slot.region) continue;
        if (free_block_containing(*slot.region, slot.index)) continue; // already free: never list a frame twice
        free_frame_locked(slot);
    }
}

void FrameAllocator::free(Pa base, uint64_t count)
{
    LockGuard guard(lock_);
    release_locked(base, count);
}

bool FrameAllocator::get(Pa frame, uint16_t owner)
{
    Slot slot = slot_of(frame);
    if (!slot.region) return false;
    FrameInfo& f = slot.info();
    uint32_t refs = __atomic_load_n(&f.refs, __ATOMIC_RELAXED);
    do {
        if (refs == 0) return false; // free, or being freed
    } while (!__atomic_compare_exchange_n(&f.refs, &refs, refs + 1, true, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED));
    // With a reference held the owner cannot change under us.
    if (__atomic_load_n(&f.owner, __ATOMIC_ACQUIRE) == owner) return true;
    put(frame);
    return false;
}

void FrameAllocator::put(Pa frame)
{
    Slot slot = slot_of(frame);
    if (!slot.region) return;
    if (__atomic_sub_fetch(&slot.info().refs, 1u, __ATOMIC_ACQ_REL) != 0) return;
    LockGuard guard(lock_);
    free_frame_locked(slot);
}

bool FrameAllocator::is_free(Pa frame) const
{
    LockGuard guard(lock_);
    Slot slot = slot_of(frame);
    return slot.region && free_block_containing(*slot.region, slot.index);
}

uint16_t FrameAllocator::owner(Pa frame) const
{
    Slot slot = slot_of(frame);
    return slot.region ? slot.info().owner : kOwnerNone;
}

uint32_t FrameAllocator::references(Pa frame) const
{
    Slot slot = slot_of(frame);
    return slot.region ? __atomic_load_n(&slot.info().refs, __ATOMIC_RELAXED) : 0;
}

uint64_t FrameAllocator::total_frames() const
{
    uint64_t n = 0;
    for (unsigned k = 0; k < region_count_; ++k) n += regions_[k].frames;
    return n;
}

uint64_t FrameAllocator::end_frame() const
{
    uint64_t end = 0;
    for (unsigned k = 0; k < region_count_; ++k)
        if (regions_[k].first_frame + regions_[k].frames > end) end = regions_[k].first_frame + regions_[k].frames;
    return end;
}

} // namespace hv
