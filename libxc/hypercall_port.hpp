#pragma once
// How the typed wrappers reach the hypervisor: hypercalls with arguments in
// buffers the hypervisor may access, and mappings of another domain's pages.
// In dom0 that is /dev/xen/privcmd (Privcmd); a host test plugs in its own.
#include <cstdint>
#include <memory>
#include <span>

#include "domain_ops.hpp"

namespace xc {

// Memory that stays resident and is not copied on fork while the hypervisor
// reads or writes it.
class HypercallBuffer {
public:
    virtual ~HypercallBuffer() = default;
    virtual std::span<uint8_t> bytes() = 0;
    uint64_t address() { return reinterpret_cast<uintptr_t>(bytes().data()); }
};

class HypercallPort {
public:
    virtual ~HypercallPort() = default;
    virtual std::unique_ptr<HypercallBuffer> buffer(size_t bytes) = 0;
    // Returns the hypercall's result: >= 0, or -errno.
    virtual long hypercall(uint32_t op, std::span<const uint64_t> args) = 0;
    // Throws HypercallError when any page cannot be mapped.
    virtual std::unique_ptr<GuestMapping> map_foreign(domid_t dom, std::span<const uint64_t> gfns) = 0;
    // XENMEM_acquire_resource through privcmd; nullptr when unsupported.
    virtual std::unique_ptr<GuestMapping> map_resource(domid_t dom, uint32_t type, uint32_t id, uint32_t index,
                                                       uint64_t count) = 0;
};

} // namespace xc
