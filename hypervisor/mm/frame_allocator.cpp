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
    for (unsigned o = 0; o <= kMaxOrder; ++o) r.free_list[o] = kNone;
    for (uint64_t i = 0; i < frames; ++i)
        r.info[i] = i < table_frames ? FrameInfo{kNone, kNone, 1, kOwnerXen, 0, 0} : FrameInfo{kNone, kNone, 0, kOwnerNone, 0, 0};
    ++region_count_;
    free_range(r, table_frames, frames);
    free_frames_ += frames - table_frames;
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
    free_block(*slot.region, slot.index, 0);
    ++free_frames_;
}

void FrameAllocator::push(Region& r, uint32_t head, unsigned order)
{
    FrameInfo& f = r.info[head];
    f.free_head = 1;
    f.order = static_cast<uint8_t>(order);
    f.prev = kNone;
    f.next = r.free_list[order];
    if (f.next != kNone) r.info[f.next].prev = head;
    r.free_list[order] = head;
}

void FrameAllocator::unlink(Region& r, uint32_t head)
{
    FrameInfo& f = r.info[head];
    if (f.prev != kNone) r.info[f.prev].next = f.next;
    else r.free_list[f.order] = f.next;
    if (f.next != kNone) r.info[f.next].prev = f.prev;
    f.free_head = 0;
}

void FrameAllocator::free_block(Region& r, uint64_t head, unsigned order)
{
    // Merge with the buddy while it is a whole free block of the same order.
    while (order < kMaxOrder) {
        uint64_t buddy_frame = (r.first_frame + head) ^ block_frames(order);
        if (buddy_frame < r.first_frame) break;
        uint64_t buddy = buddy_frame - r.first_frame;
        if (buddy + block_frames(order) > r.frames) break;
        const FrameInfo& b = r.info[buddy];
        if (!b.free_head || b.order != order) break;
        unlink(r, static_cast<uint32_t>(buddy));
        if (buddy < head) head = buddy;
        ++order;
    }
    push(r, static_cast<uint32_t>(head), order);
}

void FrameAllocator::free_range(Region& r, uint64_t start, uint64_t end)
{
    while (start < end) {
        unsigned order = 0;
        while (order < kMaxOrder && !((r.first_frame + start) & block_frames(order)) &&
               start + block_frames(order + 1) <= end)
            ++order;
        free_block(r, start, order);
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
        if (f.free_head && i < head + block_frames(f.order)) return static_cast<uint32_t>(head);
    }
    return std::nullopt;
}

bool FrameAllocator::range_is_free(const Region& r, uint64_t start, uint64_t end) const
{
    while (start < end) {
        auto head = free_block_containing(r, start);
        if (!head) return false;
        start = *head + block_frames(r.info[*head].order);
    }
    return true;
}

void FrameAllocator::take_range(Region& r, uint64_t start, uint64_t end, uint16_t owner)
{
    while (start < end) {
        uint32_t head = *free_block_containing(r, start);
        uint64_t block_end = head + block_frames(r.info[head].order);
        uint64_t take_end = end < block_end ? end : block_end;
        unlink(r, head);
        for (uint64_t i = start; i < take_end; ++i) {
            __atomic_store_n(&r.info[i].owner, owner, __ATOMIC_RELAXED);
            __atomic_store_n(&r.info[i].refs, 1u, __ATOMIC_RELEASE); // the owner before it: see get()
        }
        // What the block held around the range goes back.
        free_range(r, head, start);
        free_range(r, take_end, block_end);
        free_frames_ -= take_end - start;
        start = take_end;
    }
}

std::optional<Pa> FrameAllocator::alloc(uint64_t count, uint64_t align_frames, uint16_t owner)
{
    if (count == 0 || !is_power_of_two(align_frames)) return std::nullopt;
    LockGuard guard(lock_);
    return alloc_locked(count, align_frames, owner);
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

std::optional<Pa> FrameAllocator::alloc_locked(uint64_t count, uint64_t align_frames, uint16_t owner)
{
    Claim* claim;
    uint64_t from_claim;
    if (!claims_allow_locked(count, owner, claim, from_claim)) return std::nullopt;
    auto pa = take_free_locked(count, align_frames, owner);
    if (pa) use_claim_locked(claim, from_claim);
    return pa;
}

std::optional<Pa> FrameAllocator::take_free_locked(uint64_t count, uint64_t align_frames, uint16_t owner)
{
    // A free block of the rounded-up order is aligned and large enough.
    unsigned want = order_for(count > align_frames ? count : align_frames);
    for (unsigned n = 0; want <= kMaxOrder && n < region_count_; ++n) {
        Region& r = regions_[n];
        for (unsigned o = want; o <= kMaxOrder; ++o) {
            if (r.free_list[o] == kNone) continue;
            uint64_t head = r.free_list[o];
            take_range(r, head, head + count, owner);
            return Pa((r.first_frame + head) << kPageShift);
        }
    }
    // An aligned power-of-two run is always a whole block once free: none
    // then means none. Otherwise a run may straddle blocks; look for it
    // (large boot-time allocations only).
    if (is_power_of_two(count) && align_frames >= count) return std::nullopt;
    for (unsigned n = 0; n < region_count_; ++n) {
        Region& r = regions_[n];
        uint64_t first = align_up(r.first_frame, align_frames) - r.first_frame;
        for (uint64_t i = first; i + count <= r.frames; i += align_frames) {
            if (!range_is_free(r, i, i + count)) continue;
            take_range(r, i, i + count, owner);
            return Pa((r.first_frame + i) << kPageShift);
        }
    }
    return std::nullopt;
}

bool FrameAllocator::claim(Pa base, uint64_t count, uint16_t owner)
{
    uint64_t first = base.value >> kPageShift;
    LockGuard guard(lock_);
    Region* r = region_of(first);
    if (!r || count == 0 || first + count > r->first_frame + r->frames) return false;
    uint64_t start = first - r->first_frame;
    Claim* claimed;
    uint64_t from_claim;
    if (!range_is_free(*r, start, start + count) || !claims_allow_locked(count, owner, claimed, from_claim)) return false;
    take_range(*r, start, start + count, owner);
    use_claim_locked(claimed, from_claim);
    return true;
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
        if (!head) {
            ++f;
            continue;
        }
        uint64_t block_end = *head + block_frames(r->info[*head].order);
        uint64_t end = last - r->first_frame < block_end ? last - r->first_frame : block_end;
        take_range(*r, i, end, kOwnerXen);
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
