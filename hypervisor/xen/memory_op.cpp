// memory_op (12): the guest's physical address space. Maps shared_info and
// grant frames where the guest asks, and gives RAM pages back and forth for
// the balloon. Every count returned is exactly what was done.
#include "core/domain.hpp"
#include "core/vcpu.hpp"
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
        for (uint64_t p = 0; p < pages && ok; ++p)
            ok = (populate ? d->populate_ram_page(gfn + p) : d->release_ram_page(gfn + p)) == 0;
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
