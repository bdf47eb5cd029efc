#pragma once
// A domain's event channels, 2-level ABI (public/event_channel.h): the port
// table, binding and closing, and delivery into the domain's shared_info
// bitmaps and the notified vCPU's vcpu_info, then the upcall PPI.
// The FIFO ABI is refused (-ENOSYS), so Linux falls back to 2-level.
#include <cstdint>

#include "arch/spinlock.hpp"
#include "include/public/event_channel.hpp"
#include "include/public/shared_info.hpp"

namespace hv {

class Domain;
class Vcpu;

class EventChannels {
public:
    static constexpr unsigned kMaxPorts = xen::kEventChannels2L; // 4096
    static constexpr unsigned kBucketPorts = 64;

    enum class State : uint8_t { Free, Reserved, Unbound, Interdomain, Virq, Ipi };
    struct Channel {
        State state = State::Free;
        uint8_t notify_vcpu = 0;
        uint16_t remote_domid = 0;  // Unbound: who may bind; Interdomain: the peer
        uint32_t remote_port = 0;   // Interdomain
        uint32_t virq = 0;          // Virq
    };

    explicit EventChannels(Domain& domain) : domain_(domain) {}
    ~EventChannels();
    EventChannels(const EventChannels&) = delete;
    EventChannels& operator=(const EventChannels&) = delete;

    // The hypercall's sub-operations; results are 0 or -errno.
    long alloc_unbound(xen::domid_t remote, xen::evtchn_port_t& port);
    long bind_interdomain(xen::domid_t remote, xen::evtchn_port_t remote_port, xen::evtchn_port_t& port);
    long bind_virq(uint32_t virq, uint32_t vcpu, xen::evtchn_port_t& port);
    long bind_ipi(uint32_t vcpu, xen::evtchn_port_t& port);
    long close(xen::evtchn_port_t port);
    long send(xen::evtchn_port_t port);
    long status(xen::evtchn_port_t port, xen::evtchn_status& out);
    long bind_vcpu(xen::evtchn_port_t port, uint32_t vcpu);
    long unmask(xen::evtchn_port_t port);

    // Raises a VIRQ if the domain bound it (global VIRQs go to vCPU 0).
    void raise_virq(uint32_t virq, unsigned vcpu = 0);
    // Marks `port` pending and notifies its vCPU (the 2-level protocol).
    void set_pending(xen::evtchn_port_t port);
    // Closes everything (domain destruction).
    void close_all();
    // EVTCHNOP_reset, a step at a time: closes `count` ports from where
    // the reset got to (from port 1 when `restart`), under one hold of the
    // lock; true once every port is closed. The place is the domain's, as
    // Xen keeps it, not the caller's registers.
    bool reset_step(bool restart, unsigned count);
    bool port_is_pending(xen::evtchn_port_t port) const;

    // For tests and the domain: a port's channel, or nullptr.
    const Channel* channel(xen::evtchn_port_t port) const;

private:
    Channel* lookup(xen::evtchn_port_t port);
    long allocate(xen::evtchn_port_t& port);
    void free(xen::evtchn_port_t port);
    long close_locked(xen::evtchn_port_t port);
    void mark_vcpu_pending(Vcpu& vcpu, unsigned selector_bit);
    // Wakes the vCPUs polling for `port` (SCHEDOP_poll), which just became pending.
    void wake_pollers(xen::evtchn_port_t port);

    Domain& domain_;
    Channel* buckets_[kMaxPorts / kBucketPorts] = {};
    // Bound VIRQs per vCPU (global VIRQs on vCPU 0); 0 = not bound, as
    // port 0 is never handed out.
    uint32_t virq_port_[8][xen::NR_VIRQS] = {};
    unsigned reset_next_ = 1; // EVTCHNOP_reset's place (under the lock)
};

// Interdomain operations touch two domains: one lock serialises them all.
Spinlock& event_channel_lock();

} // namespace hv
