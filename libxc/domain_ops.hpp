#pragma once
// What the domain builder asks of the hypervisor, one typed call per
// privileged operation. In dom0 it is implemented over /dev/xen/privcmd
// (xc::Xc); the host tests implement it by recording each call against a
// simulated guest memory. Every call throws HypercallError on failure.
#include <cstdint>
#include <memory>
#include <span>
#include <string>

#include "include/public/domctl.hpp"
#include "include/public/vcpu_context.hpp"

namespace xc {

using domid_t = xen::domid_t;

// A window onto guest pages, writable, unmapped when destroyed.
class GuestMapping {
public:
    virtual ~GuestMapping() = default;
    virtual std::span<uint8_t> bytes() = 0;
};

struct XenVersionInfo {
    unsigned major = 0, minor = 0;
    std::string capabilities; // e.g. "xen-3.0-armv7l "
};

class DomainOps {
public:
    virtual ~DomainOps() = default;

    virtual XenVersionInfo xen_version() = 0;
    // `wanted` 0 lets the hypervisor choose; returns the new domain's id and
    // updates config.arch with what the hypervisor resolved.
    virtual domid_t create_domain(domid_t wanted, xen::xen_domctl_createdomain& config) = 0;
    virtual void destroy_domain(domid_t dom) = 0;
    virtual void unpause_domain(domid_t dom) = 0;
    virtual xen::xen_domctl_getdomaininfo domain_info(domid_t dom) = 0;
    virtual void set_max_vcpus(domid_t dom, unsigned max) = 0;
    virtual void set_max_mem(domid_t dom, uint64_t max_kib) = 0;
    virtual void set_paging_mempool_size(domid_t dom, uint64_t bytes) = 0;
    virtual void set_address_size(domid_t dom, unsigned bits) = 0;
    virtual uint32_t alloc_unbound_port(domid_t dom, domid_t remote) = 0;
    virtual void set_hvm_param(domid_t dom, uint32_t index, uint64_t value) = 0;
    // XENMEM_populate_physmap: one extent of 2^order pages at each GFN;
    // returns how many extents were populated (possibly fewer than asked).
    virtual uint64_t populate_physmap(domid_t dom, unsigned order, std::span<const uint64_t> gfns) = 0;
    virtual std::unique_ptr<GuestMapping> map_guest(domid_t dom, uint64_t first_gfn, uint64_t count) = 0;
    virtual void cacheflush(domid_t dom, uint64_t first_gfn, uint64_t count) = 0;
    virtual void set_vcpu_context(domid_t dom, unsigned vcpu, const xen::vcpu_guest_context& context) = 0;
    // The first frame of the domain's grant table, for seeding its entries.
    virtual std::unique_ptr<GuestMapping> map_grant_table(domid_t dom) = 0;
    // XEN_DOMCTL_vuart_op INIT for the SBSA UART; returns its event channel.
    virtual uint32_t init_vuart(domid_t dom, domid_t console_domid, uint64_t ring_gfn) = 0;
};

} // namespace xc
