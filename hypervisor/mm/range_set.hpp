#pragma once
// A small sorted set of disjoint address ranges, used at boot to subtract
// what is taken (the hypervisor, the DTB, boot modules) from the RAM banks.
#include <cstdint>

#include "lib/status.hpp"

namespace hv {

struct Range {
    uint64_t base;
    uint64_t size;
    uint64_t end() const { return base + size; }
};

class RangeSet {
public:
    static constexpr unsigned kCapacity = 32;

    Status add(uint64_t base, uint64_t size);      // merges with neighbours
    Status subtract(uint64_t base, uint64_t size); // may split a range in two
    unsigned count() const { return count_; }
    const Range& operator[](unsigned i) const { return ranges_[i]; }
    uint64_t total() const;

private:
    Status insert_at(unsigned i, Range r);
    void erase_at(unsigned i);

    Range ranges_[kCapacity]{};
    unsigned count_ = 0;
};

} // namespace hv
