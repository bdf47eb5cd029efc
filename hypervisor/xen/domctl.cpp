// domctl (36): the toolstack's control of domains. Only the hardware domain
// may call it. One domctl runs at a time (the domctl lock, as Xen's); a
// caller that finds it taken retries through a continuation instead of
// spinning, and long operations continue the same way.
#include "arch/cpu.hpp"
#include "arch/spinlock.hpp"
#include "core/console.hpp"
#include "core/domain_list.hpp"
#include "core/scheduler.hpp"
#include "core/vcpu.hpp"
#include "include/public/domctl.hpp"
#include "include/public/sysctl.hpp"
#include "xen/continuation.hpp"
#include "xen/domain_info.hpp"
#include "xen/domctl_ops.hpp"
#include "xen/guest_args.hpp"
#include "xen/hypercall.hpp"
#include "xen/xenctl_bitmap.hpp"

namespace hv {
namespace {

using xen::DomctlCmd;

Spinlock domctl_lock_;

long getvcpuinfo(Domain& d, xen::xen_domctl_getvcpuinfo& info)
{
    Vcpu* v;
    if (long rc = domctl_vcpu(d, info.vcpu, v)) return rc;
    info.online = v->state() != Vcpu::State::Offline;
    info.blocked = v->state() == Vcpu::State::Blocked;
    info.running = v->on_cpu();
    info.cpu_time = v->cpu_time_ns();
    info.cpu = v->pcpu;
    return 0;
}

long vcpu_affinity(Domain& caller, Domain& d, xen::xen_domctl_vcpuaffinity& a, bool set)
{
    Vcpu* v;
    if (long rc = domctl_vcpu(d, a.vcpu, v)) return rc;
    bool hard = a.flags & xen::XEN_VCPUAFFINITY_HARD, soft = a.flags & xen::XEN_VCPUAFFINITY_SOFT;
    if (!hard && !soft) return -xen::XEN_EINVAL;
    unsigned cpus = scheduler::online_cpus();
    uint32_t online = cpus >= 32 ? ~0u : (1u << cpus) - 1;
    if (set) {
        uint32_t new_hard = v->hard_affinity, new_soft = v->soft_affinity;
        if (hard) {
            if (long rc = copy_cpumap_in(caller, a.cpumap_hard, cpus, new_hard)) return rc;
            if (!(new_hard & online)) return -xen::XEN_EINVAL;
            // vCPUs stay on the CPU they were placed on: a hard mask must keep it.
            if (!(new_hard & (1u << v->pcpu))) return -xen::XEN_EBUSY;
        }
        if (soft)
            if (long rc = copy_cpumap_in(caller, a.cpumap_soft, cpus, new_soft)) return rc;
        v->hard_affinity = new_hard;
        v->soft_affinity = new_soft;
    }
    // Both ways, the masks as they now are (Xen writes back the effective ones).
    if (hard)
        if (long rc = copy_cpumap_out(caller, a.cpumap_hard, cpus, v->hard_affinity & online)) return rc;
    if (soft)
        if (long rc = copy_cpumap_out(caller, a.cpumap_soft, cpus, v->soft_affinity & online)) return rc;
    return 0;
}

long scheduler_op(Domain& d, xen::xen_domctl_scheduler_op& op)
{
    if (op.sched_id != xen::XEN_SCHEDULER_CREDIT2) return -xen::XEN_EINVAL;
    switch (op.cmd) {
    case xen::XEN_DOMCTL_SCHEDOP_getinfo:
        op.u.credit2.weight = d.sched_weight;
        op.u.credit2.cap = d.sched_cap;
        return 0;
    case xen::XEN_DOMCTL_SCHEDOP_putinfo:
        // credit2's ranges: weight 1..65535 (0 keeps it), cap 0..100 per vCPU.
        if (op.u.credit2.cap > 100 * d.vcpu_count()) return -xen::XEN_EINVAL;
        if (op.u.credit2.weight) d.sched_weight = op.u.credit2.weight;
        d.sched_cap = op.u.credit2.cap;
        return 0;
    default: return -xen::XEN_EINVAL;
    }
}

// Cleans and invalidates a gfn range, yielding when it has run long: the
// range left goes back into the caller's domctl and the call continues.
long cacheflush(Vcpu& vcpu, uint32_t arg, Domain& d, xen::xen_domctl& op)
{
    auto& c = op.u.cacheflush;
    if (c.nr_pfns > xen::kCacheflushMaxPfns || c.start_pfn + c.nr_pfns < c.start_pfn) return -xen::XEN_EINVAL;
    for (uint64_t done = 0; c.nr_pfns; ++done, ++c.start_pfn, --c.nr_pfns) {
        if (done && hypercall_should_yield(vcpu)) {
            if (long rc = copy_out(vcpu.domain(), arg, op)) return rc;
            return continue_later(vcpu, uint32_t(xen::Hypercall::domctl), arg);
        }
        d.flush_cache_page(c.start_pfn);
    }
    return 0;
}

console::FirstTimeSeen<128> unsupported_reported_;

void report_unsupported(const Domain& caller, uint32_t cmd)
{
    if (unsupported_reported_.first(cmd))
        console::log("d%u: domctl %u not supported%s", caller.id(), cmd,
                     cmd >= 128 ? " (further commands >= 128 not reported)" : "");
}

// Runs one domctl on `d` (none for createdomain) with the domctl lock
// held. `copy_back`: the envelope goes back to the caller (Xen's copyback).
long run(Vcpu& vcpu, uint32_t arg, xen::xen_domctl& op, DomainRef& d, bool& copy_back)
{
    Domain& caller = vcpu.domain();
    auto cmd = static_cast<DomctlCmd>(op.cmd);
    if (cmd == DomctlCmd::createdomain) {
        copy_back = true;
        return create_domain(caller, op);
    }
    switch (cmd) {
    case DomctlCmd::getdomaininfo:
        op.domain = d->id();
        op.u.getdomaininfo = domain_info(*d);
        copy_back = true;
        return 0;
    case DomctlCmd::destroydomain: return destroy_domain(vcpu, arg, *d);
    case DomctlCmd::pausedomain: return d->is_dying() ? -xen::XEN_EINVAL : d->pause_by_controller(caller);
    case DomctlCmd::unpausedomain: return d->is_dying() ? -xen::XEN_EINVAL : d->unpause_by_controller();
    case DomctlCmd::max_vcpus: return set_max_vcpus(*d, op.u.max_vcpus.max);
    case DomctlCmd::setdomainhandle: d->set_handle(op.u.setdomainhandle.handle); return 0;
    case DomctlCmd::max_mem: {
        uint64_t pages = op.u.max_mem.max_memkb >> (kPageShift - 10);
        d->set_max_pages(pages > 0xffffffffull ? 0xffffffffull : pages);
        return 0;
    }
    case DomctlCmd::getvcpuinfo: copy_back = true; return getvcpuinfo(*d, op.u.getvcpuinfo);
    case DomctlCmd::getvcpuaffinity:
    case DomctlCmd::setvcpuaffinity:
        return vcpu_affinity(caller, *d, op.u.vcpuaffinity, cmd == DomctlCmd::setvcpuaffinity);
    case DomctlCmd::scheduler_op: copy_back = true; return scheduler_op(*d, op.u.scheduler_op);
    case DomctlCmd::setnodeaffinity: {
        // One NUMA node: a map must name it (Xen refuses one with no online node).
        uint32_t nodes;
        if (long rc = copy_cpumap_in(caller, op.u.nodeaffinity.nodemap, 1, nodes)) return rc;
        return nodes & 1 ? 0 : -xen::XEN_EINVAL;
    }
    case DomctlCmd::getnodeaffinity: return copy_cpumap_out(caller, op.u.nodeaffinity.nodemap, 1, 1);
    case DomctlCmd::setvcpucontext: return set_vcpu_context(caller, *d, op.u.vcpucontext);
    case DomctlCmd::getvcpucontext: return get_vcpu_context(caller, *d, op.u.vcpucontext);
    case DomctlCmd::set_address_size:
        if (op.u.address_size.size != 32) return -xen::XEN_EINVAL; // an arm32 hypervisor runs 32-bit guests only
        d->address_size = 32;
        return 0;
    case DomctlCmd::cacheflush: return cacheflush(vcpu, arg, *d, op);
    case DomctlCmd::get_paging_mempool_size:
        op.u.paging_mempool.size = d->paging_pool_bytes;
        copy_back = true;
        return 0;
    case DomctlCmd::set_paging_mempool_size:
        if (op.u.paging_mempool.size & (kPageSize - 1)) return -xen::XEN_EINVAL;
        d->paging_pool_bytes = op.u.paging_mempool.size;
        return 0;
    default: report_unsupported(caller, op.cmd); return -xen::XEN_EOPNOTSUPP;
    }
}

} // namespace

long do_domctl(Vcpu& vcpu, const HypercallArgs& args)
{
    // Xen's order: the argument (-EFAULT), its version (-EACCES), the
    // domain (-ESRCH), then the caller's privilege (-EPERM).
    Domain& caller = vcpu.domain();
    uint32_t arg = args.arg[0];
    xen::xen_domctl op;
    if (long rc = copy_in(caller, arg, op)) return rc;
    if (op.interface_version != xen::XEN_DOMCTL_INTERFACE_VERSION) return -xen::XEN_EACCES;
    // Every command but createdomain names an existing domain;
    // getdomaininfo takes the next one up when that id is free (Xen 4.17).
    auto cmd = static_cast<DomctlCmd>(op.cmd);
    DomainRef d;
    if (cmd != DomctlCmd::createdomain) {
        d = cmd == DomctlCmd::getdomaininfo ? domains::get_from(op.domain) : domains::get(op.domain);
        if (!d) return -xen::XEN_ESRCH;
    }
    if (!caller.is_hardware_domain()) return -xen::XEN_EPERM;
    if (!domctl_lock_.try_lock()) return continue_later(vcpu, uint32_t(xen::Hypercall::domctl), arg);
    bool copy_back = false;
    long rc = run(vcpu, arg, op, d, copy_back);
    domctl_lock_.unlock();
    if (rc == 0 && copy_back && !vcpu.hypercall.continued) return copy_out(caller, arg, op);
    return rc;
}

} // namespace hv
