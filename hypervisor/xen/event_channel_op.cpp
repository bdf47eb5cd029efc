// event_channel_op (32): argument marshalling for EventChannels.
#include "core/domain.hpp"
#include "core/domain_list.hpp"
#include "core/guest_memory.hpp"
#include "core/vcpu.hpp"
#include "include/public/errno.hpp"
#include "include/public/event_channel.hpp"
#include "xen/event_channels.hpp"
#include "xen/continuation.hpp"
#include "xen/hypercall.hpp"

namespace hv {
namespace {

template <class T>
long in(Domain& d, uint32_t gva, T& value)
{
    return copy_from_guest(d, &value, gva, sizeof value) == Status::Ok ? 0 : -xen::XEN_EFAULT;
}

template <class T>
long out(Domain& d, uint32_t gva, const T& value)
{
    return copy_to_guest(d, gva, &value, sizeof value) == Status::Ok ? 0 : -xen::XEN_EFAULT;
}

// A domain id as a caller may name it: itself (or DOMID_SELF), or, for the
// privileged hardware domain, any domain.
DomainRef target_domain(Domain& caller, xen::domid_t id)
{
    if (id == xen::DOMID_SELF || id == caller.id()) return domains::another(caller);
    return caller.is_hardware_domain() ? domains::get(id) : DomainRef{};
}

} // namespace

long do_event_channel_op(Vcpu& vcpu, const HypercallArgs& args)
{
    Domain& d = vcpu.domain();
    uint32_t arg = args.arg[1];
    EventChannels& ev = d.event_channels();
    switch (static_cast<xen::EvtchnOp>(args.arg[0])) {
    case xen::EvtchnOp::alloc_unbound: {
        xen::evtchn_alloc_unbound a;
        if (long rc = in(d, arg, a)) return rc;
        DomainRef owner = target_domain(d, a.dom);
        if (!owner) return a.dom < xen::DOMID_FIRST_RESERVED && !d.is_hardware_domain() ? -xen::XEN_EPERM : -xen::XEN_ESRCH;
        if (long rc = owner->event_channels().alloc_unbound(a.remote_dom == xen::DOMID_SELF ? d.id() : a.remote_dom,
                                                           a.port))
            return rc;
        return out(d, arg, a);
    }
    case xen::EvtchnOp::bind_interdomain: {
        xen::evtchn_bind_interdomain a;
        if (long rc = in(d, arg, a)) return rc;
        if (long rc = ev.bind_interdomain(a.remote_dom, a.remote_port, a.local_port)) return rc;
        return out(d, arg, a);
    }
    case xen::EvtchnOp::bind_virq: {
        xen::evtchn_bind_virq a;
        if (long rc = in(d, arg, a)) return rc;
        if (long rc = ev.bind_virq(a.virq, a.vcpu, a.port)) return rc;
        return out(d, arg, a);
    }
    case xen::EvtchnOp::bind_ipi: {
        xen::evtchn_bind_ipi a;
        if (long rc = in(d, arg, a)) return rc;
        if (long rc = ev.bind_ipi(a.vcpu, a.port)) return rc;
        return out(d, arg, a);
    }
    case xen::EvtchnOp::close: {
        xen::evtchn_port_arg a;
        if (long rc = in(d, arg, a)) return rc;
        return ev.close(a.port);
    }
    case xen::EvtchnOp::send: {
        xen::evtchn_port_arg a;
        if (long rc = in(d, arg, a)) return rc;
        return ev.send(a.port);
    }
    case xen::EvtchnOp::status: {
        xen::evtchn_status a;
        if (long rc = in(d, arg, a)) return rc;
        DomainRef owner = target_domain(d, a.dom);
        if (!owner) return -xen::XEN_ESRCH;
        if (long rc = owner->event_channels().status(a.port, a)) return rc;
        return out(d, arg, a);
    }
    case xen::EvtchnOp::bind_vcpu: {
        xen::evtchn_bind_vcpu a;
        if (long rc = in(d, arg, a)) return rc;
        return ev.bind_vcpu(a.port, a.vcpu);
    }
    case xen::EvtchnOp::unmask: {
        xen::evtchn_port_arg a;
        if (long rc = in(d, arg, a)) return rc;
        return ev.unmask(a.port);
    }
    case xen::EvtchnOp::bind_pirq: return -xen::XEN_ENOSYS; // no physical IRQs as events on ARM
    // The FIFO ABI is not offered: Linux falls back to 2-level events.
    case xen::EvtchnOp::init_control:
    case xen::EvtchnOp::expand_array:
    case xen::EvtchnOp::set_priority: return -xen::XEN_ENOSYS;
    case xen::EvtchnOp::reset:
    case xen::EvtchnOp::reset_cont: {
        // Closes every port of the domain (itself, or another for the
        // toolstack): what kexec and soft reset use. With the 2-level ABI
        // there is nothing else to reset.
        xen::domid_t dom;
        if (long rc = in(d, arg, dom)) return rc;
        DomainRef owner = target_domain(d, dom);
        if (!owner) return dom < xen::DOMID_FIRST_RESERVED && !d.is_hardware_domain() ? -xen::XEN_EPERM : -xen::XEN_ESRCH;
        // 256 ports per hold of the (global) event-channel lock; then, when
        // the call has run long, EVTCHNOP_reset_cont goes on from where the
        // domain's reset got to.
        bool restart = static_cast<xen::EvtchnOp>(args.arg[0]) == xen::EvtchnOp::reset;
        bool done = run_steps(vcpu, [&] {
            bool all = owner->event_channels().reset_step(restart, 256);
            restart = false;
            return all;
        });
        return done ? 0
                    : continue_later(vcpu, uint32_t(xen::Hypercall::event_channel_op),
                                     uint32_t(xen::EvtchnOp::reset_cont), arg);
    }
    }
    return -xen::XEN_ENOSYS;
}

} // namespace hv
