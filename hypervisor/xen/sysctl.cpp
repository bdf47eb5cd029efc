// sysctl (35): the machine as the toolstack sees it (`xl info`, `xl list`,
// `xl dmesg`): CPUs, memory, the domains, the scheduler, the console's
// history. Only the hardware domain may ask.
#include "arch/cpu.hpp"
#include "core/console.hpp"
#include "core/domain_list.hpp"
#include "core/scheduler.hpp"
#include "core/vcpu.hpp"
#include "include/public/sysctl.hpp"
#include "mm/frame_allocator.hpp"
#include "xen/domain_info.hpp"
#include "xen/debug_keys.hpp"
#include "xen/guest_args.hpp"
#include "xen/hypercall.hpp"
#include "xen/xenctl_bitmap.hpp"

namespace hv {
namespace {

using xen::SysctlCmd;

// One physical CPU a core, one core a socket, one NUMA node: what Xen
// reports for the Cortex-A15 machines we run on.
xen::xen_sysctl_physinfo physinfo(const FrameAllocator& frames)
{
    xen::xen_sysctl_physinfo p{};
    unsigned cpus = scheduler::online_cpus();
    p.threads_per_core = 1;
    p.cores_per_socket = 1;
    p.nr_cpus = cpus;
    p.max_cpu_id = cpus - 1;
    p.nr_nodes = 1;
    p.max_node_id = 0;
    p.cpu_khz = arch::counter_frequency() / 1000; // what Xen on ARM reports: the generic timer's rate
    p.capabilities = xen::PHYSCAP_hvm | xen::PHYSCAP_hap | xen::PHYSCAP_gnttab_v1;
    p.total_pages = frames.ram_frames();
    p.free_pages = frames.free_frames();
    p.outstanding_pages = frames.outstanding_claims();
    p.max_mfn = frames.end_frame();
    return p;
}

// Domains from `first` on, in id order, each as getdomaininfo describes it.
long domain_info_list(Domain& caller, xen::xen_sysctl_getdomaininfolist& l)
{
    uint32_t n = 0;
    uint32_t next = l.first_domain;
    while (n < l.max_domains && next < xen::DOMID_FIRST_RESERVED) {
        DomainRef d = domains::get_from(uint16_t(next));
        if (!d) break;
        auto info = domain_info(*d);
        if (long rc = copy_out(caller, l.buffer.address() + n * uint32_t(sizeof info), info)) return rc;
        ++n;
        next = d->id() + 1u;
    }
    l.num_domains = n;
    return 0;
}

// Xen's sysctl readconsole: from the oldest byte held, or from `index`
// when incremental; `index` comes back as where to continue.
long read_console(Domain& caller, xen::xen_sysctl_readconsole& r)
{
    auto where = console::history_position();
    uint32_t from = where.oldest;
    if (r.incremental && int32_t(r.index - where.oldest) > 0) from = r.index;
    uint32_t copied = 0;
    while (copied < r.count) {
        char chunk[256];
        size_t want = r.count - copied < sizeof chunk ? r.count - copied : sizeof chunk;
        size_t n = console::read_history(from, chunk, want);
        if (!n) break;
        if (copy_to_guest(caller, r.buffer.address() + copied, chunk, n) != Status::Ok) return -xen::XEN_EFAULT;
        copied += uint32_t(n);
    }
    if (r.clear) console::clear_history(from);
    r.count = copied;
    r.index = from;
    return 0;
}

long cputopo_info(Domain& caller, xen::xen_sysctl_cputopoinfo& t)
{
    unsigned cpus = scheduler::online_cpus();
    if (t.cputopo.address()) {
        for (unsigned cpu = 0; cpu < cpus && cpu < t.num_cpus; ++cpu) {
            xen::xen_sysctl_cputopo e{cpu, cpu, 0}; // one core a socket
            if (long rc = copy_out(caller, t.cputopo.address() + cpu * uint32_t(sizeof e), e)) return rc;
        }
    }
    t.num_cpus = cpus;
    return 0;
}

long numa_info(Domain& caller, xen::xen_sysctl_numainfo& n)
{
    if (n.meminfo.address() && n.num_nodes >= 1) {
        const FrameAllocator& frames = caller.frames();
        xen::xen_sysctl_meminfo m{frames.ram_frames() << kPageShift, frames.free_frames() << kPageShift};
        if (long rc = copy_out(caller, n.meminfo.address(), m)) return rc;
    }
    if (n.distance.address() && n.num_nodes >= 1) {
        uint32_t local = 10; // ACPI's distance of a node to itself
        if (long rc = copy_out(caller, n.distance.address(), local)) return rc;
    }
    n.num_nodes = 1;
    return 0;
}

// One pool, 0, with every CPU and every domain, as Xen boots without
// cpupool configuration; no pool can be made or changed.
long cpupool_op(Domain& caller, xen::xen_sysctl_cpupool_op& op)
{
    unsigned cpus = scheduler::online_cpus();
    switch (op.op) {
    case xen::XEN_SYSCTL_CPUPOOL_OP_INFO:
        if (op.cpupool_id != 0 && op.cpupool_id != xen::XEN_SYSCTL_CPUPOOL_PAR_ANY) return -xen::XEN_ENOENT;
        op.cpupool_id = 0;
        op.sched_id = xen::XEN_SCHEDULER_CREDIT2;
        op.n_dom = domains::count();
        return copy_cpumap_out(caller, op.cpumap, cpus, (1u << cpus) - 1);
    case xen::XEN_SYSCTL_CPUPOOL_OP_FREEINFO: return copy_cpumap_out(caller, op.cpumap, cpus, 0);
    case xen::XEN_SYSCTL_CPUPOOL_OP_CREATE:
    case xen::XEN_SYSCTL_CPUPOOL_OP_DESTROY:
    case xen::XEN_SYSCTL_CPUPOOL_OP_ADDCPU:
    case xen::XEN_SYSCTL_CPUPOOL_OP_RMCPU:
    case xen::XEN_SYSCTL_CPUPOOL_OP_MOVEDOMAIN: return -xen::XEN_EOPNOTSUPP;
    default: return -xen::XEN_ENOSYS;
    }
}

long scheduler_op(xen::xen_sysctl_scheduler_op& op)
{
    if (op.cpupool_id != 0) return -xen::XEN_ESRCH;
    if (op.sched_id != xen::XEN_SCHEDULER_CREDIT2) return -xen::XEN_EINVAL;
    if (op.cmd == xen::XEN_SYSCTL_SCHEDOP_getinfo) {
        op.u.sched_credit2.ratelimit_us = scheduler::kSliceMs * 1000 / 10; // a woken vCPU's granularity
        return 0;
    }
    return op.cmd == xen::XEN_SYSCTL_SCHEDOP_putinfo ? -xen::XEN_EOPNOTSUPP : -xen::XEN_EINVAL;
}

console::FirstTimeSeen<64> unsupported_reported_;

} // namespace

long do_sysctl(Vcpu& vcpu, const HypercallArgs& args)
{
    // Xen's order: the argument (-EFAULT), its version (-EACCES), then the
    // caller's privilege (-EPERM).
    Domain& caller = vcpu.domain();
    uint32_t arg = args.arg[0];
    xen::xen_sysctl op;
    if (long rc = copy_in(caller, arg, op)) return rc;
    if (op.interface_version != xen::XEN_SYSCTL_INTERFACE_VERSION) return -xen::XEN_EACCES;
    if (!caller.is_hardware_domain()) return -xen::XEN_EPERM;
    long rc = 0;
    switch (static_cast<SysctlCmd>(op.cmd)) {
    case SysctlCmd::physinfo: op.u.physinfo = physinfo(caller.frames()); break;
    case SysctlCmd::debug_keys:
        // Nothing to copy back (Xen's neither).
        return debug_keys(caller, op.u.debug_keys);
    case SysctlCmd::sched_id: op.u.sched_id.sched_id = xen::XEN_SCHEDULER_CREDIT2; break;
    case SysctlCmd::getdomaininfolist: rc = domain_info_list(caller, op.u.getdomaininfolist); break;
    case SysctlCmd::readconsole: rc = read_console(caller, op.u.readconsole); break;
    case SysctlCmd::cputopoinfo: rc = cputopo_info(caller, op.u.cputopoinfo); break;
    case SysctlCmd::numainfo: rc = numa_info(caller, op.u.numainfo); break;
    case SysctlCmd::cpupool_op: rc = cpupool_op(caller, op.u.cpupool_op); break;
    case SysctlCmd::scheduler_op: rc = scheduler_op(op.u.scheduler_op); break;
    default:
        if (unsupported_reported_.first(op.cmd))
            console::log("d%u: sysctl %u not supported%s", caller.id(), op.cmd,
                         op.cmd >= 64 ? " (further commands >= 64 not reported)" : "");
        return -xen::XEN_EOPNOTSUPP;
    }
    if (rc) return rc;
    // The payload goes back whole, as Xen copies the envelope back.
    return copy_out(caller, arg, op);
}

} // namespace hv
