// grant_table_op (20): the table's size and version, and mapping and
// copying other domains' grants (what xenconsoled, xenstored and the PV
// back-ends do through gntdev), version 1, in Xen's order of checks.
#include <optional>

#include "arch/cpu.hpp"
#include "core/domain_list.hpp"
#include "core/vcpu.hpp"
#include "mm/frame_allocator.hpp"
#include "include/public/grant_table.hpp"
#include "xen/continuation.hpp"
#include "xen/grant_table.hpp"
#include "xen/guest_args.hpp"
#include "xen/hypercall.hpp"

namespace hv {
namespace {

constexpr uint32_t kMaxBatch = 512;

// Runs op on each of `count` structures at uop, writing each back unless
// the op has no output; yields between two (the rest of the list continues
// the call, as Xen's continuation does).
template <class T, bool kWriteBack = true, class F>
long for_each_op(Vcpu& vcpu, uint32_t cmd, uint32_t uop, uint32_t count, F op)
{
    Domain& d = vcpu.domain();
    if (count > kMaxBatch) return -xen::XEN_EINVAL;
    for (uint32_t i = 0; i < count; ++i) {
        T a;
        uint32_t at = uop + i * uint32_t(sizeof(T));
        if (i && hypercall_should_yield(vcpu))
            return continue_later(vcpu, uint32_t(xen::Hypercall::grant_table_op), cmd, at, count - i);
        if (long rc = copy_in(d, at, a)) return rc;
        if (long rc = op(a)) return rc;
        if (kWriteBack)
            if (long rc = copy_out(d, at, a)) return rc;
    }
    return 0;
}

// GNTTABOP_map_grant_ref: pins the granter's entry, takes a reference on
// its page and maps it where the caller asks (host_map); the handle names
// the mapping until it is unmapped.
int16_t map_one(Domain& caller, xen::gnttab_map_grant_ref& m)
{
    m.handle = ~0u;
    if (!(m.flags & (xen::GNTMAP_device_map | xen::GNTMAP_host_map))) return xen::GNTST_bad_gntref;
    if (m.flags & xen::GNTMAP_contains_pte) return xen::GNTST_general_error; // page-table maps are x86 PV
    bool write = !(m.flags & xen::GNTMAP_readonly), host_map = m.flags & xen::GNTMAP_host_map;
    DomainRef granter = domains::get(m.dom);
    if (!granter || granter->is_dying()) return xen::GNTST_bad_domain;
    if (caller.is_dying()) return xen::GNTST_general_error; // its mappings are being undone
    uint32_t gfn;
    if (int16_t st = granter->grant_table().pin(m.ref, caller.id(), write, gfn)) return st;
    auto page = granter->get_ram_page(uint64_t(gfn) << kPageShift, write);
    if (!page) {
        granter->grant_table().unpin(m.ref, write);
        return xen::GNTST_general_error; // the granted frame is not its RAM
    }
    uint64_t at = m.host_addr >> kPageShift;
    // The page's reference passes to the p2m leaf (host_map), or stays with
    // the handle (device_map only).
    if (host_map && caller.map_grant_page(at, *page, write)) {
        granter->grant_table().unpin(m.ref, write);
        return xen::GNTST_general_error;
    }
    granter->get_ref();
    auto handle = caller.grant_maps().add({granter.get(), m.ref, at, *page, write, host_map});
    if (!handle) {
        if (!host_map || caller.unmap_grant_page(at, *page)) {}
        if (!host_map) caller.put_page(*page);
        granter->grant_table().unpin(m.ref, write);
        granter->put_ref();
        return xen::GNTST_no_space;
    }
    m.handle = *handle;
    m.dev_bus_addr = page->value; // dom0 is mapped 1:1: the machine address is its bus address
    return xen::GNTST_okay;
}

int16_t unmap_one(Domain& caller, xen::gnttab_unmap_grant_ref& u)
{
    auto e = caller.grant_maps().take(u.handle, u.host_addr);
    if (!e) return xen::GNTST_bad_handle;
    if (e->host_map) caller.unmap_grant_page(e->gfn, e->frame);
    else caller.put_page(e->frame);
    e->granter->grant_table().unpin(e->ref, e->write);
    e->granter->put_ref();
    return xen::GNTST_okay;
}

// GNTTABOP_cache_flush, with Xen's checks: the range within one page and
// only CLEAN and INVAL (-EINVAL; SOURCE_GREF too, which Xen does not
// implement either); nothing to do for an empty range or no operation. The
// page, named by its bus address, must be the caller's own RAM at the gfn
// of the same number (dom0 is 1:1: its bus addresses are its own) or a page
// it has mapped from a grant (-EINVAL otherwise). The reference that holds
// it meanwhile is never taken on a frame the guest merely named: through
// the caller's p2m under its lock, or under the mapping's entry.
// INVAL is done as clean-and-invalidate: the same on a page without dirty
// lines (what a DMA sync has), and it can never discard what the granter
// wrote to a page the caller has just unmapped.
long cache_flush_one(Domain& caller, const xen::gnttab_cache_flush& f)
{
    if (f.offset >= kPageSize || f.length > kPageSize || uint32_t(f.offset) + f.length > kPageSize ||
        (f.op & ~(xen::GNTTAB_CACHE_CLEAN | xen::GNTTAB_CACHE_INVAL)))
        return -xen::XEN_EINVAL;
    if (f.length == 0 || f.op == 0) return 0;
    Pa page(align_down(f.a.dev_bus_addr, kPageSize));
    bool held = false;
    if (page.value >> Domain::kIpaBits == 0) {
        std::optional<Pa> own = caller.get_ram_page(page.value, false);
        if (own && *own == page) held = true;
        else if (own) caller.put_page(*own);
    }
    if (!held) held = caller.grant_maps().reference_mapped_frame(page);
    if (!held) return -xen::XEN_EINVAL;
    FrameAllocator& frames = caller.frames();
    void* at = static_cast<uint8_t*>(arch::phys_to_virt(page.value)) + f.offset;
    if (f.op & xen::GNTTAB_CACHE_INVAL)
        arch::clean_and_invalidate_dcache_range(at, f.length);
    else
        arch::clean_dcache_range(at, f.length);
    frames.put(page);
    return 0;
}

// One side of a copy: a grant of `domid` (pinned while the copy runs) or
// a gfn of the caller's own.
struct CopySide {
    DomainRef domain;
    std::optional<Pa> page;
    uint32_t ref = 0;
    bool pinned = false;
    bool write = false;
    ~CopySide()
    {
        if (page) domain->put_page(*page);
        if (pinned) domain->grant_table().unpin(ref, write);
    }
};

int16_t open_side(Domain& caller, const xen::gnttab_copy_ptr& p, bool gref, bool write, CopySide& side)
{
    if (gref) {
        side.domain = domains::get(p.domid == xen::DOMID_SELF ? caller.id() : p.domid);
        if (!side.domain || side.domain->is_dying()) return xen::GNTST_bad_domain;
        uint32_t gfn;
        if (int16_t st = side.domain->grant_table().pin(p.u.ref, caller.id(), write, gfn)) return st;
        side.ref = p.u.ref;
        side.pinned = true;
        side.write = write;
        side.page = side.domain->get_ram_page(uint64_t(gfn) << kPageShift, write);
        return side.page ? xen::GNTST_okay : xen::GNTST_general_error;
    }
    // A gfn: the caller's own pages only.
    if (p.domid != xen::DOMID_SELF && p.domid != caller.id()) return xen::GNTST_permission_denied;
    side.domain = domains::another(caller);
    if (p.u.gmfn >> (Domain::kIpaBits - kPageShift)) return xen::GNTST_bad_page;
    side.page = caller.get_ram_page(p.u.gmfn << kPageShift, write);
    return side.page ? xen::GNTST_okay : xen::GNTST_bad_page;
}

int16_t copy_one(Domain& caller, const xen::gnttab_copy& c)
{
    if (c.source.offset + uint32_t(c.len) > kPageSize || c.dest.offset + uint32_t(c.len) > kPageSize)
        return xen::GNTST_bad_copy_arg;
    CopySide from, to;
    if (int16_t st = open_side(caller, c.source, c.flags & xen::GNTCOPY_source_gref, false, from)) return st;
    if (int16_t st = open_side(caller, c.dest, c.flags & xen::GNTCOPY_dest_gref, true, to)) return st;
    auto* src = static_cast<const uint8_t*>(arch::phys_to_virt(from.page->value)) + c.source.offset;
    auto* dst = static_cast<uint8_t*>(arch::phys_to_virt(to.page->value)) + c.dest.offset;
    __builtin_memmove(dst, src, c.len); // the same page, maybe overlapping
    return xen::GNTST_okay;
}

} // namespace

long do_grant_table_op(Vcpu& vcpu, const HypercallArgs& args)
{
    Domain& d = vcpu.domain();
    uint32_t cmd = args.arg[0], uop = args.arg[1], count = args.arg[2];
    switch (static_cast<xen::GnttabOp>(cmd)) {
    case xen::GnttabOp::query_size:
        return for_each_op<xen::gnttab_query_size>(vcpu, cmd, uop, count, [&](xen::gnttab_query_size& q) -> long {
            long error = 0;
            DomainRef target = domain_for(d, q.dom, error);
            if (!target) {
                q.status = xen::GNTST_bad_domain;
                return 0;
            }
            q.nr_frames = target->grant_table().nr_frames();
            q.max_nr_frames = target->grant_table().max_frames();
            q.status = xen::GNTST_okay;
            return 0;
        });
    case xen::GnttabOp::setup_table:
        return for_each_op<xen::gnttab_setup_table>(vcpu, cmd, uop, count, [&](xen::gnttab_setup_table& s) -> long {
            long error = 0;
            DomainRef target = domain_for(d, s.dom, error);
            if (!target) {
                s.status = xen::GNTST_bad_domain;
                return 0;
            }
            if (!target->grant_table().grow_to(s.nr_frames)) {
                s.status = xen::GNTST_general_error;
                return 0;
            }
            // The gfn where the guest mapped each frame (never the machine
            // frame): kNoGfn until it maps it, or once it moved something
            // else there.
            for (uint32_t i = 0; i < s.nr_frames; ++i) {
                GrantTable& gt = target->grant_table();
                xen::xen_pfn_t pfn = target->xen_page_gfn(gt.gfn_slot(i), *gt.frame(i));
                if (copy_to_guest(d, s.frame_list.address() + i * 8, &pfn, sizeof pfn) != Status::Ok)
                    return -xen::XEN_EFAULT;
            }
            s.status = xen::GNTST_okay;
            return 0;
        });
    case xen::GnttabOp::set_version: {
        if (count != 1) return -xen::XEN_EINVAL;
        xen::gnttab_set_version v;
        if (long rc = copy_in(d, uop, v)) return rc;
        long rc = v.version == 1 ? 0 : -xen::XEN_EOPNOTSUPP; // v2 is not offered on ARM
        v.version = 1;
        if (long err = copy_out(d, uop, v)) return err;
        return rc;
    }
    case xen::GnttabOp::get_version: {
        if (count != 1) return -xen::XEN_EINVAL;
        xen::gnttab_get_version v;
        if (long rc = copy_in(d, uop, v)) return rc;
        long error = 0;
        DomainRef target = domain_for(d, v.dom, error);
        if (!target) return error;
        v.version = target->grant_table().version();
        return copy_out(d, uop, v);
    }
    case xen::GnttabOp::map_grant_ref:
        return for_each_op<xen::gnttab_map_grant_ref>(vcpu, cmd, uop, count, [&](xen::gnttab_map_grant_ref& m) -> long {
            m.status = map_one(d, m);
            return 0;
        });
    case xen::GnttabOp::unmap_grant_ref:
        return for_each_op<xen::gnttab_unmap_grant_ref>(vcpu, cmd, uop, count, [&](xen::gnttab_unmap_grant_ref& u) -> long {
            u.status = unmap_one(d, u);
            return 0;
        });
    case xen::GnttabOp::unmap_and_replace:
        // ARM has no mapping to put in the unmapped one's place: only
        // new_addr 0 (a plain unmap) is done, as Xen's.
        return for_each_op<xen::gnttab_unmap_and_replace>(vcpu, cmd, uop, count, [&](xen::gnttab_unmap_and_replace& r) -> long {
            if (r.new_addr) {
                r.status = xen::GNTST_general_error;
                return 0;
            }
            xen::gnttab_unmap_grant_ref u{r.host_addr, 0, r.handle, 0};
            r.status = unmap_one(d, u);
            return 0;
        });
    case xen::GnttabOp::cache_flush:
        return for_each_op<xen::gnttab_cache_flush, false>(vcpu, cmd, uop, count,
                                                           [&](xen::gnttab_cache_flush& f) { return cache_flush_one(d, f); });
    case xen::GnttabOp::copy:
        return for_each_op<xen::gnttab_copy>(vcpu, cmd, uop, count, [&](xen::gnttab_copy& c) -> long {
            c.status = copy_one(d, c);
            return 0;
        });
    case xen::GnttabOp::get_status_frames: return -xen::XEN_EOPNOTSUPP; // version 1 has none
    default: return -xen::XEN_ENOSYS;
    }
}

} // namespace hv
