#pragma once
// The ARM domain builder (libxc's xc_dom_* for a zImage guest). plan_build()
// is pure: it validates the kernel, lays out RAM, kernel, ramdisk, device
// tree and magic pages, generates the device tree and the initial vCPU
// state, so a bad input fails before anything is created. execute_build()
// then carries the plan out through DomainOps, in libxl's order.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "domain_ops.hpp"
#include "guest_layout.hpp"
#include "zimage.hpp"

namespace xc {

struct BuildRequest {
    std::span<const uint8_t> kernel;
    std::span<const uint8_t> ramdisk; // empty: none
    std::string cmdline;              // empty: no /chosen/bootargs
    uint64_t memory_kib = 0;          // RAM to populate (libxl populates maxmem)
    unsigned max_vcpus = 1;
    uint32_t clock_frequency = 0;     // createdomain's answer; 0 leaves it out of the DT
    unsigned gpaddr_bits = 40;        // getdomaininfo's answer
    bool vuart = false;               // vuart = "sbsa_uart"
    std::vector<uint8_t> rng_seed;    // /chosen/rng-seed (libxl: 128 random bytes)
    domid_t console_domid = 0, xenstore_domid = 0;
    uint32_t console_port = 0, xenstore_port = 0;
};

struct BuildPlan {
    std::vector<Range> ram;
    KernelSegment kernel;
    Range ramdisk;     // size 0: none; size rounded up to whole pages
    Range device_tree; // size rounded up to whole pages
    std::vector<uint8_t> dtb;
    std::vector<Range> extended;
    xen::vcpu_guest_context vcpu0{};
};

BuildPlan plan_build(const BuildRequest& request);

struct BuildResult {
    uint64_t console_gfn = 0, xenstore_gfn = 0;
    uint32_t vuart_port = 0; // when a vuart was asked for
};

BuildResult execute_build(DomainOps& ops, domid_t dom, const BuildRequest& request, const BuildPlan& plan);

// HVM_PARAM_CALLBACK_IRQ for the event-channel upcall: PPI 31, active low.
inline constexpr uint64_t kCallbackViaPpi31 = (2ull << 56) | (2ull << 8) | 31;

} // namespace xc
