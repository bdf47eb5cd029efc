// sched_op (29): yield, block until an event, poll ports, shut the domain down.
#include "arch/cpu.hpp"
#include "arch/firmware.hpp"
#include "core/console.hpp"
#include "core/list_registers.hpp"
#include "core/scheduler.hpp"
#include "core/timer.hpp"
#include "core/vcpu.hpp"
#include "include/public/shared_info.hpp"
#include "include/public/vcpu_sched_hvm.hpp"
#include "xen/guest_args.hpp"
#include "xen/hypercall.hpp"
#include "xen/runstate.hpp"

namespace hv {
namespace {

ShutdownReason reason_of(uint32_t r)
{
    switch (r) {
    case xen::SHUTDOWN_poweroff: return ShutdownReason::Poweroff;
    case xen::SHUTDOWN_reboot: return ShutdownReason::Reboot;
    case xen::SHUTDOWN_watchdog: return ShutdownReason::Watchdog;
    default: return ShutdownReason::Crash; // crash (suspend is not offered)
    }
}

long shutdown(Domain& d, uint32_t reason)
{
    if (reason > xen::SHUTDOWN_soft_reset) return -xen::XEN_EINVAL;
    if (reason == xen::SHUTDOWN_suspend || reason == xen::SHUTDOWN_soft_reset) return -xen::XEN_EOPNOTSUPP;
    d.shutdown(reason_of(reason));
    // The hardware domain going down takes the machine with it, as in Xen,
    // for the reason it recorded first (SCHEDOP_shutdown_code) if any.
    if (d.is_hardware_domain()) {
        if (d.shutdown_reason() == ShutdownReason::Reboot) {
            console::log("Hardware domain asked for a reboot: resetting the machine");
            arch::firmware::system_reset();
        }
        console::log("Hardware domain shut down: powering off");
        arch::firmware::system_off();
    }
    return 0;
}

// Xen's arbitrary limit on the ports one poll may name.
constexpr uint32_t kMaxPollPorts = 128;

// Back to running, unless the domain was shut down meanwhile (Offline
// stays Offline).
void end_poll(Vcpu& vcpu)
{
    __atomic_store_n(&vcpu.polling, false, __ATOMIC_SEQ_CST);
    vcpu.wake_if_blocked();
}

// SCHEDOP_poll: block until one of the ports is pending (masked or not),
// an interrupt is there for the vCPU, or the timeout (absolute system
// time, 0: none) passes. The vCPU is marked blocked and polling before the
// ports are looked at, so an event sent meanwhile wakes it (Xen's order).
long poll(Vcpu& vcpu, uint32_t arg)
{
    Domain& d = vcpu.domain();
    xen::sched_poll p;
    if (long rc = copy_in(d, arg, p)) return rc;
    if (p.nr_ports > kMaxPollPorts) return -xen::XEN_EINVAL;
    timers::this_cpu().stop(vcpu.poll_timer); // a former poll's, if an interrupt ended it
    vcpu.poll_port = 0;
    __atomic_store_n(&vcpu.polling, true, __ATOMIC_SEQ_CST);
    d.vgic().block_unless_pending(vcpu, hardware_list_registers());
    xen::vcpu_info* vi = vcpu.vcpu_info();
    if (vcpu.state() != Vcpu::State::Blocked || (vi && __atomic_load_n(&vi->evtchn_upcall_pending, __ATOMIC_SEQ_CST))) {
        end_poll(vcpu);
        return 0;
    }
    uint32_t port = 0;
    for (uint32_t i = 0; i < p.nr_ports; ++i) {
        if (copy_from_guest(d, &port, p.ports.address() + i * uint32_t(sizeof port), sizeof port) != Status::Ok) {
            end_poll(vcpu);
            return -xen::XEN_EFAULT;
        }
        if (port >= EventChannels::kMaxPorts) {
            end_poll(vcpu);
            return -xen::XEN_EINVAL;
        }
        if (d.event_channels().port_is_pending(port)) {
            end_poll(vcpu);
            return 0;
        }
    }
    if (p.nr_ports == 1) vcpu.poll_port = port; // else any port wakes it
    if (p.timeout) {
        uint64_t deadline = system_time_to_counter(p.timeout);
        if (deadline <= arch::counter()) {
            end_poll(vcpu);
            return 0;
        }
        timers::this_cpu().set(vcpu.poll_timer, deadline);
    }
    // An event on any port while the ports were read (they count as any port
    // until then) cleared `polling` and found the vCPU still runnable: it
    // must not sleep now with nothing left to wake it.
    if (!__atomic_load_n(&vcpu.polling, __ATOMIC_SEQ_CST)) {
        timers::this_cpu().stop(vcpu.poll_timer);
        end_poll(vcpu);
    }
    return 0;
}

} // namespace

void poll_timed_out(void* data)
{
    auto& vcpu = *static_cast<Vcpu*>(data);
    if (__atomic_exchange_n(&vcpu.polling, false, __ATOMIC_SEQ_CST)) scheduler::notify(vcpu);
}


long do_sched_op(Vcpu& vcpu, const HypercallArgs& args)
{
    Domain& d = vcpu.domain();
    uint32_t cmd = args.arg[0], arg = args.arg[1];
    switch (cmd) {
    case xen::SCHEDOP_yield: scheduler::yield(); return 0;
    case xen::SCHEDOP_block: {
        // Sleep until an interrupt or event is there.
        xen::vcpu_info* vi = vcpu.vcpu_info();
        if (vi && __atomic_load_n(&vi->evtchn_upcall_pending, __ATOMIC_SEQ_CST)) return 0;
        d.vgic().block_unless_pending(vcpu, hardware_list_registers());
        return 0;
    }
    case xen::SCHEDOP_poll: return poll(vcpu, arg);
    case xen::SCHEDOP_shutdown: {
        xen::sched_shutdown s;
        if (long rc = copy_in(d, arg, s)) return rc;
        return shutdown(d, s.reason);
    }
    case xen::SCHEDOP_shutdown_code: {
        // Only recorded: the domain goes on, and a later shutdown (or PSCI
        // SYSTEM_OFF/RESET) is reported with this reason. Xen takes any
        // value; ours maps those it does not know to a crash.
        xen::sched_shutdown s;
        if (long rc = copy_in(d, arg, s)) return rc;
        d.record_shutdown_code(reason_of(s.reason & 0xff));
        return 0;
    }
    case xen::SCHEDOP_remote_shutdown: {
        // As in Xen: a real domain id (not DOMID_SELF), looked up first
        // (-ESRCH), then only a privileged caller may act on it (-EPERM),
        // itself included.
        xen::sched_remote_shutdown s;
        if (long rc = copy_in(d, arg, s)) return rc;
        DomainRef target = domains::get(s.domain_id);
        if (!target) return -xen::XEN_ESRCH;
        if (!d.is_hardware_domain()) return -xen::XEN_EPERM;
        return shutdown(*target, s.reason);
    }
    default: return -xen::XEN_ENOSYS; // watchdog, pin_override
    }
}

} // namespace hv
