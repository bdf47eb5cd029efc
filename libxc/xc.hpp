#pragma once
// Typed wrappers for the domctl, sysctl, memory, event-channel and HVM
// operations the toolstack uses, over a HypercallPort (privcmd in dom0).
// Each failure throws HypercallError naming the operation, with errno.
#include <string>
#include <vector>

#include "hypercall_port.hpp"
#include "include/public/sysctl.hpp"
#include "include/public/version.hpp"

namespace xc {

// What xl info reports of the hypervisor beyond physinfo.
struct XenBuildInfo {
    std::string extra, changeset, commandline, compiler, compile_by, compile_domain, compile_date, build_id;
    uint64_t virt_start = 0;
    long pagesize = 0;
    uint32_t scheduler = 0; // XEN_SCHEDULER_*
};

class Xc final : public DomainOps {
public:
    explicit Xc(HypercallPort& port) : port_(port) {}

    // DomainOps
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

    // For xl list, xl info, xl pause/destroy.
    void pause_domain(domid_t dom);
    void set_domain_handle(domid_t dom, const uint8_t (&handle)[16]);
    void remove_from_physmap(domid_t dom, uint64_t gfn);
    uint64_t get_hvm_param(domid_t dom, uint32_t index);
    std::vector<xen::xen_domctl_getdomaininfo> domain_info_list(domid_t first, uint32_t max);
    xen::xen_sysctl_physinfo physinfo();
    XenBuildInfo build_info();
    xen::xen_domctl_getvcpuinfo vcpu_info(domid_t dom, uint32_t vcpu);
    // CPU masks of up to 64 CPUs: bit N is CPU N.
    struct Affinity {
        uint64_t hard = 0, soft = 0;
    };
    Affinity vcpu_affinity(domid_t dom, uint32_t vcpu);
    // `flags`: XEN_VCPUAFFINITY_HARD and/or _SOFT (the masks not asked for
    // are left alone); returns what the hypervisor applied.
    Affinity set_vcpu_affinity(domid_t dom, uint32_t vcpu, uint32_t flags, Affinity masks);
    // The hypervisor's console history (xl dmesg); `clear` empties it.
    std::string read_console(bool clear);
    // Debug keys (xl debug-keys), handled as if typed on its console.
    void send_debug_keys(const std::string& keys);

private:
    // Runs one domctl; `in` supplies the payload, the result is the envelope
    // as the hypervisor left it.
    xen::xen_domctl domctl(xen::DomctlCmd cmd, domid_t dom, const xen::xen_domctl& in, const char* name);
    xen::xen_sysctl sysctl(xen::SysctlCmd cmd, const xen::xen_sysctl& in, const char* name);
    long call(uint32_t op, std::span<const uint64_t> args, const std::string& name);
    // A NUL-terminated string sub-command of xen_version, in a buffer of `size`.
    std::string version_string(xen::XenVersionCmd cmd, size_t size, const char* name);

    HypercallPort& port_;
};

} // namespace xc
