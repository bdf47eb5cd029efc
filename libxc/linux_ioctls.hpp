#pragma once
// The ioctls of Linux's Xen devices in dom0 (/dev/xen/privcmd, evtchn,
// gntdev): our own definitions of their argument structures and numbers,
// checked against Linux's uapi headers by tests/abi/host_abi_test.sh.
// Numbers are _IOC(_IOC_NONE, type, nr, size) = size << 16 | type << 8 | nr.
#include <cstdint>

namespace xc::linux_abi {

constexpr unsigned long ioc_none(char type, unsigned nr, unsigned size)
{
    return (static_cast<unsigned long>(size) << 16) | (static_cast<unsigned long>(type) << 8) | nr;
}

// privcmd
struct privcmd_hypercall {
    uint64_t op;
    uint64_t arg[5];
};
struct privcmd_mmapbatch_v2 {
    unsigned int num;
    uint16_t dom;
    uint64_t addr;        // where the pages get mapped (from mmap on privcmd)
    const uint64_t* arr;  // the GFNs
    int* err;             // per-page errno
};
struct privcmd_mmap_resource {
    uint16_t dom;
    uint32_t type; // XENMEM_resource_*
    uint32_t id;
    uint32_t idx;
    uint64_t num;
    uint64_t addr;
};
inline constexpr uint32_t XENMEM_resource_grant_table = 1, XENMEM_resource_grant_table_id_shared = 0;

inline constexpr unsigned long IOCTL_PRIVCMD_HYPERCALL = ioc_none('P', 0, sizeof(privcmd_hypercall));
inline constexpr unsigned long IOCTL_PRIVCMD_MMAPBATCH_V2 = ioc_none('P', 4, sizeof(privcmd_mmapbatch_v2));
inline constexpr unsigned long IOCTL_PRIVCMD_RESTRICT = ioc_none('P', 6, sizeof(uint16_t));
inline constexpr unsigned long IOCTL_PRIVCMD_MMAP_RESOURCE = ioc_none('P', 7, sizeof(privcmd_mmap_resource));

// evtchn
struct ioctl_evtchn_bind_virq {
    unsigned int virq;
};
struct ioctl_evtchn_bind_interdomain {
    unsigned int remote_domain, remote_port;
};
struct ioctl_evtchn_bind_unbound_port {
    unsigned int remote_domain;
};
struct ioctl_evtchn_port { // unbind and notify
    unsigned int port;
};
inline constexpr unsigned long IOCTL_EVTCHN_BIND_VIRQ = ioc_none('E', 0, sizeof(ioctl_evtchn_bind_virq));
inline constexpr unsigned long IOCTL_EVTCHN_BIND_INTERDOMAIN = ioc_none('E', 1, sizeof(ioctl_evtchn_bind_interdomain));
inline constexpr unsigned long IOCTL_EVTCHN_BIND_UNBOUND_PORT = ioc_none('E', 2, sizeof(ioctl_evtchn_bind_unbound_port));
inline constexpr unsigned long IOCTL_EVTCHN_UNBIND = ioc_none('E', 3, sizeof(ioctl_evtchn_port));
inline constexpr unsigned long IOCTL_EVTCHN_NOTIFY = ioc_none('E', 4, sizeof(ioctl_evtchn_port));
inline constexpr unsigned long IOCTL_EVTCHN_RESET = ioc_none('E', 5, 0);

// gntdev
struct ioctl_gntdev_grant_ref {
    uint32_t domid;
    uint32_t ref;
};
struct ioctl_gntdev_map_grant_ref { // for one grant; more follow in memory
    uint32_t count;
    uint32_t pad;
    uint64_t index; // OUT: the mmap offset
    ioctl_gntdev_grant_ref refs[1];
};
struct ioctl_gntdev_unmap_grant_ref {
    uint64_t index;
    uint32_t count;
    uint32_t pad;
};
struct ioctl_gntdev_unmap_notify {
    uint64_t index;
    uint32_t action; // UNMAP_NOTIFY_*
    uint32_t event_channel_port;
};
inline constexpr uint32_t UNMAP_NOTIFY_CLEAR_BYTE = 1, UNMAP_NOTIFY_SEND_EVENT = 2;
inline constexpr unsigned long IOCTL_GNTDEV_MAP_GRANT_REF = ioc_none('G', 0, sizeof(ioctl_gntdev_map_grant_ref));
inline constexpr unsigned long IOCTL_GNTDEV_UNMAP_GRANT_REF = ioc_none('G', 1, sizeof(ioctl_gntdev_unmap_grant_ref));
inline constexpr unsigned long IOCTL_GNTDEV_SET_UNMAP_NOTIFY = ioc_none('G', 7, sizeof(ioctl_gntdev_unmap_notify));

} // namespace xc::linux_abi
