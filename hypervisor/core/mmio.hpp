#pragma once
// Emulated devices in a guest's physical address space. A stage-2 data
// abort on an address no RAM backs is looked up here; without a handler the
// guest gets an external abort, as on hardware with nothing at that address.
#include <cstdint>

#include "lib/status.hpp"
#include "mm/address.hpp"

namespace hv {

class Vcpu;

class MmioHandler {
public:
    // offset from the region's base; size 1, 2 or 4. false: the device
    // rejects the access and the guest takes an abort.
    virtual bool read(Vcpu& vcpu, uint64_t offset, unsigned size, uint32_t& value) = 0;
    virtual bool write(Vcpu& vcpu, uint64_t offset, unsigned size, uint32_t value) = 0;

protected:
    ~MmioHandler() = default;
};

class MmioDispatcher {
public:
    static constexpr unsigned kMaxRegions = 16;

    Status add(Ipa base, uint64_t size, MmioHandler& handler);
    struct Match {
        MmioHandler* handler;
        uint64_t offset;
    };
    // nullptr handler when no region contains [address, address+size).
    Match find(Ipa address, unsigned size) const;

private:
    struct Region {
        Ipa base;
        uint64_t size;
        MmioHandler* handler;
    };
    Region regions_[kMaxRegions]{};
    unsigned count_ = 0;
};

} // namespace hv
