// The small hypercalls: vm_assist (21), platform_op (7), multicall (13),
// xsm_op (27).
#include "core/console.hpp"
#include "core/vcpu.hpp"
#include "include/public/vcpu_sched_hvm.hpp"
#include "xen/continuation.hpp"
#include "xen/guest_args.hpp"
#include "xen/hypercall.hpp"

namespace hv {

long do_vm_assist(Vcpu&, const HypercallArgs& args)
{
    uint32_t cmd = args.arg[0], type = args.arg[1];
    if (cmd > xen::VMASST_CMD_disable) return -xen::XEN_ENOSYS;
    // The only assist on ARM: the runstate area's update flag (bit 63 of
    // state_entry_time while an update is in progress).
    return type == xen::VMASST_TYPE_runstate_update_flag ? 0 : -xen::XEN_EINVAL;
}

long do_xsm_op(Vcpu&, const HypercallArgs&)
{
    // No security module (FLASK), as Debian's Xen on ARM: libxl asks
    // (e.g. for a label) and takes -ENOSYS as "none".
    return -xen::XEN_ENOSYS;
}

long do_platform_op(Vcpu& vcpu, const HypercallArgs& args)
{
    // Xen's order: the argument (-EFAULT), its interface version (-EACCES),
    // then the caller's privilege (-EPERM): only the hardware domain.
    Domain& d = vcpu.domain();
    xen::xen_platform_op op;
    if (long rc = copy_in(d, args.arg[0], op)) return rc;
    if (op.interface_version != xen::XENPF_INTERFACE_VERSION) return -xen::XEN_EACCES;
    if (!d.is_hardware_domain()) return -xen::XEN_EPERM;
    switch (op.cmd) {
    case xen::XENPF_settime64:
        if (op.u.settime64.mbz) return -xen::XEN_EINVAL;
        set_wallclock(op.u.settime64.secs, op.u.settime64.nsecs, op.u.settime64.system_time);
        return 0;
    default: return -xen::XEN_ENOSYS;
    }
}

long do_multicall(Vcpu& vcpu, const HypercallArgs& args)
{
    Domain& d = vcpu.domain();
    uint32_t list = args.arg[0], count = args.arg[1];
    if (count > 1024) return -xen::XEN_EINVAL;
    for (uint32_t i = 0; i < count; ++i) {
        xen::multicall_entry e;
        uint32_t at = list + i * uint32_t(sizeof e);
        if (i > 0 && hypercall_should_yield(vcpu))
            return continue_later(vcpu, uint32_t(xen::Hypercall::multicall), at, count - i);
        if (long rc = copy_in(d, at, e)) return rc;
        // A 32-bit guest's multicall arguments must fit 32 bits (Xen
        // crashes the domain; we answer -EINVAL in the entry). An op number
        // beyond the table is an unknown hypercall, as in Xen.
        bool wide = false;
        for (auto a : e.args) wide |= (a >> 32) != 0;
        if (e.op >> 32) {
            e.result = static_cast<uint64_t>(-int64_t(xen::XEN_ENOSYS));
        } else if (wide || e.op == static_cast<uint64_t>(xen::Hypercall::multicall)) {
            e.result = static_cast<uint64_t>(-int64_t(xen::XEN_EINVAL));
        } else {
            HypercallArgs sub{{uint32_t(e.args[0]), uint32_t(e.args[1]), uint32_t(e.args[2]), uint32_t(e.args[3]),
                               uint32_t(e.args[4])}};
            e.result = static_cast<uint64_t>(int64_t(dispatch_hypercall(vcpu, uint32_t(e.op), sub)));
            if (vcpu.hypercall.continued) {
                // The entry yielded: it holds its own continuation now, and
                // the multicall resumes at it.
                vcpu.hypercall.continued = false;
                for (unsigned k = 0; k < vcpu.hypercall.nargs; ++k) e.args[k] = vcpu.hypercall.args[k];
                if (long rc = copy_out(d, at + uint32_t(offsetof(xen::multicall_entry, args)), e.args)) return rc;
                return continue_later(vcpu, uint32_t(xen::Hypercall::multicall), at, count - i);
            }
        }
        if (long rc = copy_out(d, at + 8, e.result)) return rc;
    }
    return 0;
}

} // namespace hv
