#pragma once
// What the hypervisor learns from the device tree it was booted with.
#include <cstdint>

namespace hv {

struct MemRange {
    uint64_t base = 0;
    uint64_t size = 0;
};

// A /chosen module node (compatible "multiboot,module").
struct BootModule {
    enum class Kind : uint8_t { None, Kernel, Ramdisk, Other };
    Kind kind = Kind::None;
    MemRange range;
    const char* bootargs = nullptr; // the node's "bootargs", if any
};

// A boot-time guest, /chosen/<name> with compatible "xen,domain" (Xen's dom0less).
struct DomainSpec {
    const char* name = nullptr;
    uint64_t memory_kb = 0;
    unsigned vcpus = 1;
    BootModule kernel;
    BootModule ramdisk;
    const char* bootargs = nullptr;
};

struct PlatformInfo {
    static constexpr unsigned kMaxBanks = 8;
    static constexpr unsigned kMaxReserved = 16;
    static constexpr unsigned kMaxCpus = 8;
    static constexpr unsigned kMaxDomains = 8;

    MemRange memory[kMaxBanks];
    unsigned memory_count = 0;
    MemRange reserved[kMaxReserved]; // /memreserve/ entries and /reserved-memory
    unsigned reserved_count = 0;

    uint32_t cpu_mpidr[kMaxCpus] = {};
    unsigned cpu_count = 0;

    MemRange uart;
    const char* uart_compatible = nullptr;

    MemRange gic_dist, gic_cpu, gic_hyp, gic_vcpu;
    unsigned gic_maintenance_irq = 0;

    // Generic timer interrupt ids (PPIs as INTIDs): secure phys, phys, virt, hyp
    unsigned timer_irq[4] = {};
    uint32_t timer_frequency = 0; // the DT's clock-frequency, if given

    const char* hypervisor_bootargs = nullptr; // xen,xen-bootargs
    const char* dom0_bootargs = nullptr;       // xen,dom0-bootargs
    const char* chosen_bootargs = nullptr;     // /chosen/bootargs
    unsigned uart_irq = 0;                     // the UART's INTID, for console input
    BootModule dom0_kernel;
    BootModule dom0_ramdisk;

    DomainSpec domains[kMaxDomains];
    unsigned domain_count = 0;
};

} // namespace hv
