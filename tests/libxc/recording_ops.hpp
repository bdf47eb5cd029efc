#pragma once
// A DomainOps that records every call (name and arguments, one line each)
// and simulates what the builder can observe: populated guest pages with
// their contents, HVM params, the grant table's first frame, vCPU 0.
// Failures are injected by call name; large extents can be made unavailable.
#include <array>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "domain_ops.hpp"

namespace xc::test {

class RecordingOps : public DomainOps {
public:
    using Page = std::array<uint8_t, 4096>;

    std::vector<std::string> calls;
    std::map<uint64_t, Page> memory; // populated GFNs
    std::map<uint32_t, uint64_t> hvm_params;
    Page grant_frame{};
    std::optional<xen::vcpu_guest_context> vcpu0;
    std::set<uint64_t> flushed; // GFNs covered by a cacheflush
    bool destroyed = false, unpaused = false;

    // Knobs
    std::string fail_call;          // a call with this name throws HypercallError(EINVAL)
    unsigned largest_order = 18;    // populate returns 0 for larger extents
    uint64_t page_budget = ~0ull;   // populate stops when exhausted
    bool store_pages = true;        // false: count pages only (large guests)
    uint64_t populated_pages = 0;
    domid_t next_domid = 1;
    uint32_t clock_frequency = 0;
    unsigned gpaddr_bits = 40;
    std::string capabilities = "xen-3.0-armv7l ";

    // Names only, in order.
    std::vector<std::string> call_names() const;
    std::vector<uint8_t> read(uint64_t address, size_t size) const;

    XenVersionInfo xen_version() override;
    domid_t create_domain(domid_t wanted, xen::xen_domctl_createdomain& config) override;
    void destroy_domain(domid_t dom) override;
    void unpause_domain(domid_t dom) override;
    xen::xen_domctl_getdomaininfo domain_info(domid_t dom) override;
    void set_max_vcpus(domid_t dom, unsigned max) override;
    void set_max_mem(domid_t dom, uint64_t max_kib) override;
    void set_paging_mempool_size(domid_t dom, uint64_t bytes) override;
    void set_address_size(domid_t dom, unsigned bits) override;
    uint32_t alloc_unbound_port(domid_t dom, domid_t remote) override;
    void set_hvm_param(domid_t dom, uint32_t index, uint64_t value) override;
    uint64_t populate_physmap(domid_t dom, unsigned order, std::span<const uint64_t> gfns) override;
    std::unique_ptr<GuestMapping> map_guest(domid_t dom, uint64_t first_gfn, uint64_t count) override;
    void cacheflush(domid_t dom, uint64_t first_gfn, uint64_t count) override;
    void set_vcpu_context(domid_t dom, unsigned vcpu, const xen::vcpu_guest_context& context) override;
    std::unique_ptr<GuestMapping> map_grant_table(domid_t dom) override;
    uint32_t init_vuart(domid_t dom, domid_t console_domid, uint64_t ring_gfn) override;

private:
    void record(const std::string& name, const std::string& args = "");
    domid_t domid_ = 0;
    uint32_t next_port_ = 1;
};

} // namespace xc::test
