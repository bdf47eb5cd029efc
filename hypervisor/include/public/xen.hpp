#pragma once
// The Xen 4.17 public ABI, our own definitions (shared by the hypervisor and
// libxc). Values from xen/include/public/xen.h and arch-arm.h.
#include <cstdint>

namespace xen {

// Hypercall numbers (r12), HVC #0xEA1.
inline constexpr uint32_t kHypercallImmediate = 0xEA1;
enum class Hypercall : uint32_t {
    set_trap_table = 0,
    mmu_update = 1,
    sched_op_compat = 6,
    platform_op = 7,
    memory_op = 12,
    multicall = 13,
    event_channel_op_compat = 16,
    xen_version = 17,
    console_io = 18,
    physdev_op_compat = 19,
    grant_table_op = 20,
    vm_assist = 21,
    vcpu_op = 24,
    xsm_op = 27,
    sched_op = 29,
    event_channel_op = 32,
    physdev_op = 33,
    hvm_op = 34,
    sysctl = 35,
    domctl = 36,
    argo_op = 39,
    xenpmu_op = 40,
    dm_op = 41,
    hypfs_op = 42,
    arch_0 = 48,
    arch_7 = 55,
};
inline constexpr uint32_t kHypercallCount = 56;

// console_io commands
inline constexpr uint32_t CONSOLEIO_write = 0;
inline constexpr uint32_t CONSOLEIO_read = 1;

// Domain ids
using domid_t = uint16_t;
inline constexpr domid_t DOMID_FIRST_RESERVED = 0x7ff0;
inline constexpr domid_t DOMID_SELF = 0x7ff0;
inline constexpr domid_t DOMID_IO = 0x7ff1;
inline constexpr domid_t DOMID_XEN = 0x7ff2;
inline constexpr domid_t DOMID_COW = 0x7ff3;
inline constexpr domid_t DOMID_INVALID = 0x7ff4;
inline constexpr domid_t DOMID_IDLE = 0x7fff;

// The guest physical memory map of arch-arm.h (domU).
inline constexpr uint64_t GUEST_GICD_BASE = 0x03001000;
inline constexpr uint64_t GUEST_GICD_SIZE = 0x00001000;
inline constexpr uint64_t GUEST_GICC_BASE = 0x03002000;
inline constexpr uint64_t GUEST_GICC_SIZE = 0x00002000;
inline constexpr uint64_t GUEST_PL011_BASE = 0x22000000;
inline constexpr uint64_t GUEST_PL011_SIZE = 0x00001000;
inline constexpr unsigned GUEST_VPL011_SPI = 32;
inline constexpr uint64_t GUEST_GNTTAB_BASE = 0x38000000;
inline constexpr uint64_t GUEST_GNTTAB_SIZE = 0x01000000;
inline constexpr uint64_t GUEST_MAGIC_BASE = 0x39000000;
inline constexpr uint64_t GUEST_MAGIC_SIZE = 0x01000000;
inline constexpr uint64_t GUEST_RAM0_BASE = 0x40000000;
inline constexpr uint64_t GUEST_RAM0_SIZE = 0xc0000000;
inline constexpr uint64_t GUEST_RAM1_BASE = 0x0200000000;
inline constexpr uint64_t GUEST_RAM1_SIZE = 0xfe00000000;
inline constexpr uint64_t GUEST_RAM_BANK_BASES[] = {GUEST_RAM0_BASE, GUEST_RAM1_BASE};
inline constexpr uint64_t GUEST_RAM_BANK_SIZES[] = {GUEST_RAM0_SIZE, GUEST_RAM1_SIZE};

// Initial state of a 32-bit guest vCPU.
inline constexpr uint32_t PSR_GUEST32_INIT = 0x400001d3; // SVC, A/I/F masked
inline constexpr uint32_t SCTLR_GUEST_INIT = 0x00c50078;

} // namespace xen
