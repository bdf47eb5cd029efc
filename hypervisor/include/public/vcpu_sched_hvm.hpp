#pragma once
// vcpu_op (24), sched_op (29), hvm_op (34), vm_assist (21), platform_op (7)
// and multicall (13) arguments (public/vcpu.h, sched.h, hvm/hvm_op.h,
// hvm/params.h, xen.h, platform.h).
#include <cstdint>

#include "include/public/guest_handle.hpp"
#include "include/public/xen.hpp"

namespace xen {

inline constexpr uint32_t VCPUOP_is_up = 3;
inline constexpr uint32_t VCPUOP_register_runstate_memory_area = 5;
inline constexpr uint32_t VCPUOP_register_vcpu_info = 10;

struct vcpu_register_vcpu_info {
    uint64_t mfn; // a guest frame number on auto-translated guests
    uint32_t offset;
    uint32_t rsvd;
};
static_assert(sizeof(vcpu_register_vcpu_info) == 16);

struct vcpu_register_runstate_memory_area {
    guest_handle addr; // a guest virtual address
};

inline constexpr uint32_t SCHEDOP_yield = 0, SCHEDOP_block = 1, SCHEDOP_shutdown = 2, SCHEDOP_poll = 3,
                          SCHEDOP_remote_shutdown = 4, SCHEDOP_shutdown_code = 5, SCHEDOP_watchdog = 6;
inline constexpr uint32_t SHUTDOWN_poweroff = 0, SHUTDOWN_reboot = 1, SHUTDOWN_suspend = 2, SHUTDOWN_crash = 3,
                          SHUTDOWN_watchdog = 4, SHUTDOWN_soft_reset = 5;

struct sched_shutdown {
    uint32_t reason;
};
struct sched_remote_shutdown {
    domid_t domain_id;
    uint32_t reason;
};
struct sched_poll {
    guest_handle ports; // evtchn_port_t[]
    uint32_t nr_ports;
    uint64_t timeout; // absolute system time in ns, 0 = none
};
static_assert(sizeof(sched_poll) == 24);

inline constexpr uint32_t HVMOP_set_param = 0, HVMOP_get_param = 1;
struct xen_hvm_param {
    domid_t domid;
    uint16_t pad;
    uint32_t index;
    uint64_t value;
};
static_assert(sizeof(xen_hvm_param) == 16);

inline constexpr uint32_t HVM_PARAM_CALLBACK_IRQ = 0, HVM_PARAM_STORE_PFN = 1, HVM_PARAM_STORE_EVTCHN = 2,
                          HVM_PARAM_CONSOLE_PFN = 17, HVM_PARAM_CONSOLE_EVTCHN = 18, HVM_PARAM_MONITOR_RING_PFN = 28,
                          HVM_NR_PARAMS = 39;

inline constexpr uint32_t VMASST_CMD_enable = 0, VMASST_CMD_disable = 1, VMASST_TYPE_runstate_update_flag = 5;

inline constexpr uint32_t XENPF_INTERFACE_VERSION = 0x03000001;
inline constexpr uint32_t XENPF_settime64 = 62;
struct xen_platform_op {
    uint32_t cmd;
    uint32_t interface_version;
    union {
        struct {
            uint64_t secs;
            uint32_t nsecs;
            uint32_t mbz;
            uint64_t system_time;
        } settime64;
        uint8_t pad[128];
    } u;
};
static_assert(sizeof(xen_platform_op) == 136);

struct multicall_entry {
    xen_ulong_t op;
    xen_ulong_t result;
    xen_ulong_t args[6];
};
static_assert(sizeof(multicall_entry) == 64);

} // namespace xen
