// hvm_op (34): the per-domain parameters (console and xenstore ring pages
// and event channels, the callback IRQ). As Xen 4.17 on ARM: only these
// six exist (others are -EINVAL); a guest reads its own; only another,
// privileged domain (the toolstack) sets them, never the domain itself.
#include "core/vcpu.hpp"
#include "include/public/vcpu_sched_hvm.hpp"
#include "xen/guest_args.hpp"
#include "xen/hypercall.hpp"

namespace hv {

long do_hvm_op(Vcpu& vcpu, const HypercallArgs& args)
{
    Domain& d = vcpu.domain();
    uint32_t op = args.arg[0], arg = args.arg[1];
    if (op != xen::HVMOP_set_param && op != xen::HVMOP_get_param) return -xen::XEN_ENOSYS;
    xen::xen_hvm_param p;
    if (long rc = copy_in(d, arg, p)) return rc;
    if (p.index >= xen::HVM_NR_PARAMS) return -xen::XEN_EINVAL; // Xen's order: the index, then the domain
    long error = 0;
    DomainRef target = domain_for(d, p.domid, error);
    if (!target) return error;
    switch (p.index) {
    case xen::HVM_PARAM_CALLBACK_IRQ:
    case xen::HVM_PARAM_STORE_PFN:
    case xen::HVM_PARAM_STORE_EVTCHN:
    case xen::HVM_PARAM_CONSOLE_PFN:
    case xen::HVM_PARAM_CONSOLE_EVTCHN:
    case xen::HVM_PARAM_MONITOR_RING_PFN: break;
    default: return -xen::XEN_EINVAL;
    }
    if (op == xen::HVMOP_set_param) {
        if (target.get() == &d) return -xen::XEN_EPERM; // the toolstack's, not the guest's, dom0 included
        target->set_hvm_param(p.index, p.value);
        return 0;
    }
    p.value = target->hvm_param(p.index);
    return copy_out(d, arg, p);
}

} // namespace hv
