// memory_op (12): the guest's physical address space. Maps shared_info and
// grant frames where the guest asks, and gives RAM pages back and forth for
// the balloon. Every count returned is exactly what was done.
#include "core/domain.hpp"
#include "core/vcpu.hpp"
#include "mm/frame_allocator.hpp"
#include "include/public/memory.hpp"
#include "include/public/xen.hpp"
#include "xen/continuation.hpp"
#include "xen/grant_table.hpp"
#include "xen/guest_args.hpp"
#include "xen/hypercall.hpp"

namespace hv {
namespace {

constexpr uint64_t kMaxExtentsPerCall = 1u << 20;

long add_to_physmap(Domain& caller, uint32_t arg)
{
    xen::xen_add_to_physmap a;
    if (long rc = copy_in(caller, arg, a)) return rc;
    long error = 0;
    DomainRef d = domain_for(caller, a.domid, error);
    if (!d) return error;
    switch (a.space) {
    case xen::XENMAPSPACE_shared_info:
        if (a.idx != 0) return -xen::XEN_EINVAL;
        return d->map_xen_page_once(a.gpfn, d->shared_info_frame(), d->shared_info_gfn());
    case xen::XENMAPSPACE_grant_table: {
        if (a.idx & xen::XENMAPIDX_grant_table_status) return -xen::XEN_EINVAL; // v2 status frames
        if (a.idx >= d->grant_table().max_frames()) return -xen::XEN_EINVAL;
        unsigned index = static_cast<unsigned>(a.idx);
        auto frame = d->grant_table().frame(index);
        if (!frame) return -xen::XEN_EINVAL;
        // Mapped at one gfn at a time: another is -EBUSY until removed.
        return d->map_xen_page_once(a.gpfn, *frame, d->grant_table().gfn_slot(index));
    }
    default: return -xen::XEN_ENOSYS; // gmfn moves are x86; foreign maps come with the toolstack
    }
}

// One gmfn_foreign entry: the page at `gfn` of `foreign` (its RAM, with a
// reference the new mapping keeps) mapped at `gpfn` of `d`.
long map_foreign(Domain& d, Domain& foreign, uint64_t gfn, uint64_t gpfn)
{
    if (gfn >> (Domain::kIpaBits - kPageShift)) return -xen::XEN_EINVAL;
    auto page = foreign.get_ram_page(gfn << kPageShift, false);
    if (!page) return -xen::XEN_EINVAL; // not RAM there (Xen: -EINVAL)
    return d.map_foreign_page(gpfn, *page);
}

// XENMEM_add_to_physmap_batch, as privcmd maps another domain's pages on
// ARM: one result per entry in errs[]; continues from entry `start` (in the
// command's upper bits) after yielding.
long add_to_physmap_batch(Vcpu& vcpu, uint32_t cmd, uint32_t arg, uint32_t start)
{
    Domain& caller = vcpu.domain();
    xen::xen_add_to_physmap_batch b;
    if (long rc = copy_in(caller, arg, b)) return rc;
    long error = 0;
    DomainRef d = domain_for(caller, b.domid, error);
    if (!d) return error;
    if (b.space != xen::XENMAPSPACE_gmfn_foreign) return -xen::XEN_EOPNOTSUPP; // the one batch ARM's Linux makes
    // Another domain's pages, for the toolstack only.
    if (!caller.is_hardware_domain()) return -xen::XEN_EPERM;
    DomainRef foreign = domains::get(b.foreign_domid);
    if (!foreign) return -xen::XEN_ESRCH;
    if (foreign.get() == d.get()) return -xen::XEN_EINVAL;
    for (uint32_t i = start; i < b.size; ++i) {
        if (i > start && hypercall_should_yield(vcpu))
            return continue_later(vcpu, uint32_t(xen::Hypercall::memory_op), cmd | (i << xen::MEMOP_EXTENT_SHIFT), arg);
        uint64_t idx, gpfn;
        if (copy_from_guest(caller, &idx, b.idxs.address() + i * 8, 8) != Status::Ok ||
            copy_from_guest(caller, &gpfn, b.gpfns.address() + i * 8, 8) != Status::Ok)
            return -xen::XEN_EFAULT;
        int32_t rc = int32_t(map_foreign(*d, *foreign, idx, gpfn));
        if (copy_to_guest(caller, b.errs.address() + i * 4, &rc, 4) != Status::Ok) return -xen::XEN_EFAULT;
    }
    return 0;
}

// XENMEM_acquire_resource for a domain's grant table (the shared frames):
// maps them at the caller's gfns, each with a reference the mapping keeps.
long acquire_resource(Domain& caller, uint32_t arg)
{
    xen::xen_mem_acquire_resource r;
    if (long rc = copy_in(caller, arg, r)) return rc;
    long error = 0;
    DomainRef d = domain_for(caller, r.domid, error);
    if (!d) return error;
    if (!caller.is_hardware_domain()) return -xen::XEN_EPERM; // Xen: a device model's or the toolstack's
    if (r.type != xen::XENMEM_resource_grant_table) return -xen::XEN_EOPNOTSUPP;
    if (r.id != xen::XENMEM_resource_grant_table_id_shared || r.pad) return -xen::XEN_EINVAL; // v1 has no status frames
    GrantTable& gt = d->grant_table();
    if (r.nr_frames == 0) {
        r.nr_frames = gt.max_frames();
        return copy_out(caller, arg, r);
    }
    // Xen's bound per call.
    constexpr uint32_t kMaxFramesPerCall = 32;
    if (r.nr_frames > kMaxFramesPerCall) return -xen::XEN_E2BIG;
    if (r.frame >= gt.max_frames() || r.nr_frames > gt.max_frames() - r.frame) return -xen::XEN_EINVAL;
    for (uint32_t i = 0; i < r.nr_frames; ++i) {
        auto frame = gt.frame(unsigned(r.frame + i));
        if (!frame) return -xen::XEN_ENOMEM;
        uint64_t gfn;
        if (copy_from_guest(caller, &gfn, r.frame_list.address() + i * 8, 8) != Status::Ok) return -xen::XEN_EFAULT;
        if (!caller.frames().get(*frame, FrameAllocator::kOwnerXen)) return -xen::XEN_EINVAL;
        if (long rc = caller.map_foreign_page(gfn, *frame)) return rc;
    }
    return 0;
}

// decrease_reservation / populate_physmap: one gfn per extent, from
// extent_start[start..nr). Returns how many extents were done; stops to
// continue later (the next extent in the command) when it has run long.
long reservation(Vcpu& vcpu, uint32_t cmd, uint32_t arg, uint32_t start)
{
    Domain& caller = vcpu.domain();
    bool populate = cmd == uint32_t(xen::MemoryOp::populate_physmap);
    xen::xen_memory_reservation r;
    if (long rc = copy_in(caller, arg, r)) return rc;
    long error = 0;
    DomainRef d = domain_for(caller, r.domid, error);
    if (!d) return error;
    if (r.nr_extents > kMaxExtentsPerCall || r.extent_order > 9) return -xen::XEN_EINVAL;
    uint64_t pages = 1ull << r.extent_order;
    uint64_t done = start;
    for (; done < r.nr_extents; ++done) {
        if (done > start && hypercall_should_yield(vcpu))
            return continue_later(vcpu, uint32_t(xen::Hypercall::memory_op),
                                  cmd | uint32_t(done << xen::MEMOP_EXTENT_SHIFT), arg);
        xen::xen_pfn_t gfn;
        if (copy_from_guest(caller, &gfn, r.extent_start.address() + uint32_t(done * sizeof gfn), sizeof gfn) !=
            Status::Ok)
            break;
        if (gfn & (pages - 1)) break; // extents are naturally aligned
        bool ok = true;
        if (populate) ok = d->populate_ram_extent(gfn, r.extent_order) == 0;
        for (uint64_t p = 0; p < pages && ok && !populate; ++p) ok = d->release_ram_page(gfn + p) == 0;
        if (!ok) break;
    }
    return long(done);
}

} // namespace

long do_memory_op(Vcpu& vcpu, const HypercallArgs& args)
{
    Domain& d = vcpu.domain();
    uint32_t cmd = args.arg[0] & xen::MEMOP_CMD_MASK;
    uint32_t start = args.arg[0] >> xen::MEMOP_EXTENT_SHIFT;
    uint32_t arg = args.arg[1];
    switch (static_cast<xen::MemoryOp>(cmd)) {
    case xen::MemoryOp::add_to_physmap: return add_to_physmap(d, arg);
    case xen::MemoryOp::decrease_reservation:
    case xen::MemoryOp::populate_physmap: return reservation(vcpu, cmd, arg, start);
    case xen::MemoryOp::add_to_physmap_batch: return add_to_physmap_batch(vcpu, cmd, arg, start);
    case xen::MemoryOp::acquire_resource:
        if (start) return -xen::XEN_EINVAL;
        return acquire_resource(d, arg);
    case xen::MemoryOp::maximum_ram_page:
        // Xen's max_page: one past the highest RAM frame.
        return start ? -xen::XEN_EINVAL : long(d.frames().end_frame());
    case xen::MemoryOp::claim_pages: {
        if (start) return -xen::XEN_EINVAL;
        xen::xen_memory_reservation r;
        if (long rc = copy_in(d, arg, r)) return rc;
        // Xen's checks: no extent list, order 0, no flags, a real domain id.
        if (r.extent_start.address() || r.extent_order || r.mem_flags) return -xen::XEN_EINVAL;
        DomainRef target = domains::get(r.domid);
        if (!target) return -xen::XEN_EINVAL;
        if (!d.is_hardware_domain()) return -xen::XEN_EPERM;
        return target->set_claim(r.nr_extents);
    }
    case xen::MemoryOp::remove_from_physmap: {
        if (start) return -xen::XEN_EINVAL; // no continuation for a single page
        xen::xen_remove_from_physmap a;
        if (long rc = copy_in(d, arg, a)) return rc;
        long error = 0;
        DomainRef target = domain_for(d, a.domid, error);
        return target ? target->remove_page(a.gpfn) : error;
    }
    case xen::MemoryOp::current_reservation:
    case xen::MemoryOp::maximum_reservation: {
        xen::domid_t id;
        if (long rc = copy_in(d, arg, id)) return rc;
        long error = 0;
        DomainRef target = domain_for(d, id, error);
        if (!target) return error;
        return long(cmd == uint32_t(xen::MemoryOp::current_reservation) ? target->owned_pages() : target->max_pages());
    }
    default: return -xen::XEN_ENOSYS;
    }
}

} // namespace hv
