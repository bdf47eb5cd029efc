// sched_op (29): yield, block until an event, shut the domain down.
#include "arch/firmware.hpp"
#include "core/console.hpp"
#include "core/list_registers.hpp"
#include "core/scheduler.hpp"
#include "core/vcpu.hpp"
#include "include/public/shared_info.hpp"
#include "include/public/vcpu_sched_hvm.hpp"
#include "xen/guest_args.hpp"
#include "xen/hypercall.hpp"

namespace hv {
namespace {

ShutdownReason reason_of(uint32_t r)
{
    switch (r) {
    case xen::SHUTDOWN_poweroff: return ShutdownReason::Poweroff;
    case xen::SHUTDOWN_reboot: return ShutdownReason::Reboot;
    default: return ShutdownReason::Crash; // crash, watchdog; suspend is not offered
    }
}

long shutdown(Domain& d, uint32_t reason)
{
    if (reason > xen::SHUTDOWN_soft_reset) return -xen::XEN_EINVAL;
    if (reason == xen::SHUTDOWN_suspend || reason == xen::SHUTDOWN_soft_reset) return -xen::XEN_EOPNOTSUPP;
    d.shutdown(reason_of(reason));
    // The hardware domain going down takes the machine with it, as in Xen.
    if (d.is_hardware_domain()) {
        if (reason == xen::SHUTDOWN_reboot) {
            console::log("Hardware domain asked for a reboot: resetting the machine");
            arch::firmware::system_reset();
        }
        console::log("Hardware domain shut down: powering off");
        arch::firmware::system_off();
    }
    return 0;
}

} // namespace

long do_sched_op(Vcpu& vcpu, const HypercallArgs& args)
{
    Domain& d = vcpu.domain();
    uint32_t cmd = args.arg[0], arg = args.arg[1];
    switch (cmd) {
    case xen::SCHEDOP_yield: scheduler::yield(); return 0;
    case xen::SCHEDOP_block:
    case xen::SCHEDOP_poll: {
        // Sleep until an interrupt or event is there (poll: any, the ports
        // are only a hint; a wake-up may be spurious, which poll allows).
        if (cmd == xen::SCHEDOP_poll) {
            xen::sched_poll p;
            if (long rc = copy_in(d, arg, p)) return rc;
            if (p.nr_ports > 128) return -xen::XEN_EINVAL;
            for (uint32_t i = 0; i < p.nr_ports; ++i) {
                uint32_t port;
                if (copy_from_guest(d, &port, p.ports.address() + i * 4, 4) != Status::Ok) return -xen::XEN_EFAULT;
                if (d.event_channels().port_is_pending(port)) return 0;
            }
        }
        xen::vcpu_info* vi = vcpu.vcpu_info();
        if (vi && __atomic_load_n(&vi->evtchn_upcall_pending, __ATOMIC_SEQ_CST)) return 0;
        d.vgic().block_unless_pending(vcpu, hardware_list_registers());
        return 0;
    }
    case xen::SCHEDOP_shutdown: {
        xen::sched_shutdown s;
        if (long rc = copy_in(d, arg, s)) return rc;
        return shutdown(d, s.reason);
    }
    case xen::SCHEDOP_shutdown_code: {
        xen::sched_shutdown s;
        if (long rc = copy_in(d, arg, s)) return rc;
        return s.reason <= xen::SHUTDOWN_soft_reset ? 0 : -xen::XEN_EINVAL;
    }
    case xen::SCHEDOP_remote_shutdown: {
        xen::sched_remote_shutdown s;
        if (long rc = copy_in(d, arg, s)) return rc;
        long error = 0;
        Domain* target = domain_for(d, s.domain_id, error);
        if (!target) return error;
        if (target == &d) return -xen::XEN_EINVAL;
        return shutdown(*target, s.reason);
    }
    default: return -xen::XEN_ENOSYS; // watchdog, pin_override
    }
}

} // namespace hv
