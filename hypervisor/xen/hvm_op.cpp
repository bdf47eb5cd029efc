// hvm_op (34): the per-domain parameters (console and xenstore ring pages
// and event channels, the callback IRQ).
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
    if (p.index >= xen::HVM_NR_PARAMS) return -xen::XEN_EINVAL;
    long error = 0;
    Domain* target = domain_for(d, p.domid, error);
    if (!target) return error;
    if (op == xen::HVMOP_set_param) {
        // Only the toolstack (the hardware domain) sets parameters.
        if (!d.is_hardware_domain()) return -xen::XEN_EPERM;
        target->set_hvm_param(p.index, p.value);
        return 0;
    }
    p.value = target->hvm_param(p.index);
    return copy_out(d, arg, p);
}

} // namespace hv
