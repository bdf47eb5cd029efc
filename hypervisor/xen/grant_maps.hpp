#pragma once
// The grants a domain has mapped from others (Xen's maptrack): the handle
// GNTTABOP_map_grant_ref gives back names one entry until it is unmapped.
//
// An entry holds a reference to the granting domain (its grant table and
// pins stay valid until the unmap, even if it is destroyed meanwhile) and
// the pin on its grant entry. The page reference is held by the p2m leaf
// (host_map), or by the entry itself (device_map only). lock_ guards the
// entries; it is a leaf, held for one search of at most kMaxHandles.
#include <cstdint>
#include <optional>

#include "arch/spinlock.hpp"
#include "mm/address.hpp"

namespace hv {

class Domain;

class GrantMaps {
public:
    static constexpr unsigned kBucket = 256;
    static constexpr unsigned kMaxBuckets = 16;
    static constexpr unsigned kMaxHandles = kBucket * kMaxBuckets; // 4096 mappings at once

    struct Entry {
        Domain* granter = nullptr; // with a reference held, while in use
        uint32_t ref = 0;
        uint64_t gfn = 0; // where it is mapped (host_map)
        Pa frame{};
        bool write = false;
        bool host_map = false;
    };

    GrantMaps() = default;
    ~GrantMaps();
    GrantMaps(const GrantMaps&) = delete;
    GrantMaps& operator=(const GrantMaps&) = delete;

    // Records a mapping; nullopt when every handle is in use.
    std::optional<uint32_t> add(const Entry& e);
    // Takes out the entry of `handle` if it is in use and, when host_addr is
    // not 0, mapped at that address (Xen's check); nullopt otherwise.
    std::optional<Entry> take(uint32_t handle, uint64_t host_addr);
    // Takes out any entry (teardown); nullopt when none is left.
    std::optional<Entry> take_any();
    unsigned in_use() const;

private:
    struct Slot {
        Entry entry;
        bool used;
    };
    mutable Spinlock lock_;
    Slot* buckets_[kMaxBuckets] = {};
    unsigned in_use_ = 0;
};

} // namespace hv
