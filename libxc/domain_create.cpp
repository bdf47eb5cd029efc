#include "domain_create.hpp"

#include <algorithm>

#include "error.hpp"
#include "include/public/xen.hpp"

namespace xc {
namespace {

// Destroys the half-built domain unless dismissed.
class DomainGuard {
public:
    DomainGuard(DomainOps& ops, domid_t dom) : ops_(ops), dom_(dom) {}
    ~DomainGuard()
    {
        if (!armed_) return;
        try {
            ops_.destroy_domain(dom_);
        } catch (...) {
            // Already failing; the first error is the one to report.
        }
    }
    void dismiss() { armed_ = false; }
    DomainGuard(const DomainGuard&) = delete;
    DomainGuard& operator=(const DomainGuard&) = delete;

private:
    DomainOps& ops_;
    domid_t dom_;
    bool armed_ = true;
};

} // namespace

uint64_t default_paging_pool_kib(uint64_t max_memory_kib, unsigned max_vcpus)
{
    return 4 * (256ull * max_vcpus + max_memory_kib / 1024 + 128);
}

xen::xen_domctl_createdomain arm_guest_config(unsigned max_vcpus, uint8_t gic_version)
{
    xen::xen_domctl_createdomain config{};
    config.flags = xen::CDF_hvm | xen::CDF_hap;
    config.max_vcpus = max_vcpus;
    config.max_evtchn_port = 1023;
    config.max_grant_frames = -1;
    config.max_maptrack_frames = -1;
    config.grant_opts = 1; // grant table v1: ARM has no v2
    config.arch.gic_version = gic_version;
    config.arch.tee_type = xen::XEN_DOMCTL_CONFIG_TEE_NONE;
    return config;
}

uint32_t spis_needed(const CreateRequest& request)
{
    uint32_t spis = request.config.arch.nr_spis;
    if (request.build.vuart) spis = std::max<uint32_t>(spis, xen::GUEST_VPL011_SPI - 32 + 1);
    for (uint32_t irq : request.passthrough_irqs)
        if (irq >= 32) spis = std::max(spis, irq - 32 + 1);
    return spis;
}

CreatedDomain create_domain(DomainOps& ops, CreateRequest request,
                            const std::function<void(const CreatedDomain&)>& before_unpause)
{
    // Everything that can be checked without the hypervisor is checked first,
    // so a bad kernel or size creates nothing.
    request.build.memory_kib = request.max_memory_kib;
    request.build.max_vcpus = request.config.max_vcpus;
    plan_build(request.build);

    request.config.arch.nr_spis = spis_needed(request);
    CreatedDomain created;
    created.domid = ops.create_domain(request.wanted_domid, request.config);
    DomainGuard guard(ops, created.domid);
    const domid_t dom = created.domid;

    ops.set_max_vcpus(dom, request.config.max_vcpus);
    ops.set_max_mem(dom, request.max_memory_kib + 1024); // LIBXL_MAXMEM_CONSTANT
    created.xenstore_port = ops.alloc_unbound_port(dom, request.build.xenstore_domid);
    created.console_port = ops.alloc_unbound_port(dom, request.build.console_domid);
    uint64_t pool_kib = request.paging_pool_kib ? request.paging_pool_kib
                                                : default_paging_pool_kib(request.max_memory_kib, request.config.max_vcpus);
    ops.set_paging_mempool_size(dom, pool_kib * 1024);

    // The answers the device tree needs: the timer frequency the hypervisor
    // chose and how many physical address bits the guest has.
    request.build.clock_frequency = request.config.arch.clock_frequency;
    request.build.gpaddr_bits = ops.domain_info(dom).gpaddr_bits;
    request.build.console_port = created.console_port;
    request.build.xenstore_port = created.xenstore_port;
    created.build = execute_build(ops, dom, request.build, plan_build(request.build));

    if (before_unpause) before_unpause(created);
    if (!request.start_paused) ops.unpause_domain(dom);
    guard.dismiss();
    return created;
}

} // namespace xc
