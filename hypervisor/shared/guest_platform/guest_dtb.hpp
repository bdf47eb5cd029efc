#pragma once
// guest_platform: what the hypervisor's boot-time domain builder (dom0less
// domUs) and libxc's domain builder both compute for a domU, from one copy.
// A leaf library: it includes nothing from the hypervisor (boot/, core/, mm/,
// lib/ ...) nor from libxc/, only the shared ABI headers
// (hypervisor/include/public/) and libfdt, and it builds both freestanding
// (the hypervisor) and hosted (libxc). tests/layering/host_layering_test.sh
// enforces this.
//
// The device tree a domU boots with, node for node as libxl builds it for
// Xen 4.17 (model XENVM-4.17, GIC phandle 65000, PSCI over HVC, the virtual
// timer PPIs, the /hypervisor node with the grant-table region and the
// event-channel PPI), written with libfdt's sequential-write API.
#include <cstddef>
#include <cstdint>

namespace guest_platform {

struct GuestDtbSpec {
    unsigned vcpus = 1;
    struct Bank {
        uint64_t base, size;
    } memory[2]{};
    unsigned memory_banks = 0;
    const char* bootargs = nullptr;
    uint64_t initrd_start = 0, initrd_end = 0; // no initrd when equal
    uint32_t timer_frequency = 0;               // only when the host's DT gives one
    bool vuart = false;                         // the SBSA UART at GUEST_PL011_BASE
    const uint8_t* rng_seed = nullptr;          // /chosen/rng-seed (libxl: 128 random bytes)
    unsigned rng_seed_size = 0;
    // Unused guest-physical space the guest may map grants and foreign pages
    // into (the /hypervisor node's reg after the grant area).
    struct Region {
        uint64_t base, size;
    } extended[2]{};
    unsigned extended_count = 0;
};

inline constexpr uint32_t kGuestGicPhandle = 65000;
inline constexpr unsigned kGuestEventChannelPpi = 31;

enum class DtbResult {
    Ok,
    Invalid,     // no vCPU or more than 128, no memory bank or more than 2
    BufferFull,  // libfdt ran out of room in the buffer: try a larger one
};
const char* dtb_result_name(DtbResult result);

// Writes the tree into buf; `size` gets its total size.
DtbResult build_guest_dtb(const GuestDtbSpec& spec, void* buf, size_t capacity, size_t& size);

} // namespace guest_platform
