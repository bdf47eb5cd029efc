#pragma once
// Creating a domain from start to unpause, in libxl's order: create (paused),
// vCPU and memory limits, the event channels for xenstore and the console,
// the paging pool, the image build, the caller's own steps (xenstore, devices)
// and the unpause. A failure at any step destroys what was created.
#include <functional>
#include <optional>
#include <vector>

#include "dom_builder.hpp"

namespace xc {

struct CreateRequest {
    xen::xen_domctl_createdomain config{}; // flags, max_vcpus, handle, arch ...
    domid_t wanted_domid = 0;               // 0: the hypervisor chooses
    uint64_t max_memory_kib = 0;            // maxmem
    uint64_t paging_pool_kib = 0;           // 0: libxl's default for ARM
    bool start_paused = false;              // xl create -p
    std::vector<uint32_t> passthrough_irqs; // xl.cfg irqs: SPIs the guest gets
    BuildRequest build;                     // ports, gpaddr_bits and clock are filled in here
};

// The SPIs the domain's vGIC needs, as libxl counts them: SPI 32 for the
// vuart, every passthrough IRQ.
uint32_t spis_needed(const CreateRequest& request);

struct CreatedDomain {
    domid_t domid = 0;
    uint32_t console_port = 0, xenstore_port = 0;
    BuildResult build;
};

// libxl's paging pool for an ARM guest: 1 page per MiB of RAM, 256 pages per
// vCPU, plus 128 MiB-equivalents for the extended regions' tables.
uint64_t default_paging_pool_kib(uint64_t max_memory_kib, unsigned max_vcpus);

// The createdomain fields libxl sets for an ARM guest.
xen::xen_domctl_createdomain arm_guest_config(unsigned max_vcpus, uint8_t gic_version = xen::XEN_DOMCTL_CONFIG_GIC_NATIVE);

// `before_unpause` runs once the image is built (xenstore keys, devices).
CreatedDomain create_domain(DomainOps& ops, CreateRequest request,
                            const std::function<void(const CreatedDomain&)>& before_unpause = {});

} // namespace xc
