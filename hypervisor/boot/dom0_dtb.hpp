#pragma once
// Dom0's device tree: the host's, filtered and extended as Xen 4.17 does it
// (xen/arch/arm/domain_build.c): what the hypervisor keeps for itself is
// removed (its UART, the GIC's hypervisor frames and maintenance IRQ, the
// hypervisor timer, PSCI, the PMU and anything else that uses a PPI, the
// boot modules), CPUs and memory are dom0's own, and a /hypervisor node
// tells Linux it runs on Xen.
#include <cstddef>
#include <cstdint>

#include "lib/status.hpp"

namespace hv {

struct Dom0DtbSpec {
    const void* host_fdt = nullptr;
    unsigned vcpus = 1;
    struct Bank {
        uint64_t base, size;
    } banks[4]{};
    unsigned bank_count = 0;
    const char* bootargs = nullptr;
    uint64_t initrd_start = 0, initrd_end = 0; // none when equal
    uint64_t grant_base = 0, grant_size = 0;
    unsigned event_channel_ppi = 16;
    uint64_t hypervisor_uart = 0; // reg base of the UART the hypervisor keeps
};

Status build_dom0_dtb(const Dom0DtbSpec& spec, void* buf, size_t capacity, size_t& size, const char*& error);

} // namespace hv
