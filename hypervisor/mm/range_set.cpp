#include "mm/range_set.hpp"

namespace hv {

Status RangeSet::insert_at(unsigned i, Range r)
{
    if (count_ == kCapacity) return Status::NoMemory;
    for (unsigned k = count_; k > i; --k) ranges_[k] = ranges_[k - 1];
    ranges_[i] = r;
    ++count_;
    return Status::Ok;
}

void RangeSet::erase_at(unsigned i)
{
    for (unsigned k = i; k + 1 < count_; ++k) ranges_[k] = ranges_[k + 1];
    --count_;
}

Status RangeSet::add(uint64_t base, uint64_t size)
{
    if (size == 0) return Status::Ok;
    if (base + size < base) return Status::Invalid;
    uint64_t end = base + size;
    unsigned i = 0;
    while (i < count_ && ranges_[i].end() < base) ++i;
    // Absorb every range that touches or overlaps [base, end).
    while (i < count_ && ranges_[i].base <= end) {
        if (ranges_[i].base < base) base = ranges_[i].base;
        if (ranges_[i].end() > end) end = ranges_[i].end();
        erase_at(i);
    }
    return insert_at(i, Range{base, end - base});
}

Status RangeSet::subtract(uint64_t base, uint64_t size)
{
    if (size == 0) return Status::Ok;
    uint64_t end = base + size < base ? UINT64_MAX : base + size;
    for (unsigned i = 0; i < count_;) {
        Range r = ranges_[i];
        if (r.end() <= base || r.base >= end) {
            ++i;
            continue;
        }
        erase_at(i);
        if (r.base < base) {
            if (Status s = insert_at(i, Range{r.base, base - r.base}); s != Status::Ok) return s;
            ++i;
        }
        if (r.end() > end) {
            if (Status s = insert_at(i, Range{end, r.end() - end}); s != Status::Ok) return s;
            ++i;
        }
    }
    return Status::Ok;
}

uint64_t RangeSet::total() const
{
    uint64_t n = 0;
    for (unsigned i = 0; i < count_; ++i) n += ranges_[i].size;
    return n;
}

} // namespace hv
