#pragma once
// event_channel_op (32) sub-operations and arguments (public/event_channel.h).
#include <cstdint>

#include "include/public/xen.hpp"

namespace xen {

using evtchn_port_t = uint32_t;

enum class EvtchnOp : uint32_t {
    bind_interdomain = 0,
    bind_virq = 1,
    bind_pirq = 2,
    close = 3,
    send = 4,
    status = 5,
    alloc_unbound = 6,
    bind_ipi = 7,
    bind_vcpu = 8,
    unmask = 9,
    reset = 10,
    init_control = 11,
    expand_array = 12,
    set_priority = 13,
    reset_cont = 14,
};

struct evtchn_alloc_unbound {
    domid_t dom, remote_dom;
    evtchn_port_t port; // OUT
};
struct evtchn_bind_interdomain {
    domid_t remote_dom;
    evtchn_port_t remote_port;
    evtchn_port_t local_port; // OUT
};
struct evtchn_bind_virq {
    uint32_t virq;
    uint32_t vcpu;
    evtchn_port_t port; // OUT
};
struct evtchn_bind_ipi {
    uint32_t vcpu;
    evtchn_port_t port; // OUT
};
struct evtchn_port_arg { // close, send, unmask
    evtchn_port_t port;
};
struct evtchn_bind_vcpu {
    evtchn_port_t port;
    uint32_t vcpu;
};
struct evtchn_status {
    domid_t dom;
    evtchn_port_t port;
    uint32_t status; // OUT: EVTCHNSTAT_*
    uint32_t vcpu;   // OUT
    union {
        struct {
            domid_t dom;
        } unbound;
        struct {
            domid_t dom;
            evtchn_port_t port;
        } interdomain;
        uint32_t pirq;
        uint32_t virq;
    } u;
};
static_assert(sizeof(evtchn_alloc_unbound) == 8);
static_assert(sizeof(evtchn_bind_interdomain) == 12);
static_assert(sizeof(evtchn_bind_virq) == 12);
static_assert(sizeof(evtchn_status) == 24);

inline constexpr uint32_t EVTCHNSTAT_closed = 0, EVTCHNSTAT_unbound = 1, EVTCHNSTAT_interdomain = 2,
                          EVTCHNSTAT_pirq = 3, EVTCHNSTAT_virq = 4, EVTCHNSTAT_ipi = 5;

inline constexpr uint32_t VIRQ_TIMER = 0, VIRQ_DEBUG = 1, VIRQ_CONSOLE = 2, VIRQ_DOM_EXC = 3, VIRQ_CON_RING = 8,
                          NR_VIRQS = 24;

} // namespace xen
