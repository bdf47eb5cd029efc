// grant_table_op (20): the table's size and version. Mapping and copying
// other domains' grants come with the PV back-ends.
#include "core/vcpu.hpp"
#include "include/public/grant_table.hpp"
#include "xen/grant_table.hpp"
#include "xen/guest_args.hpp"
#include "xen/hypercall.hpp"

namespace hv {
namespace {

constexpr uint32_t kMaxBatch = 512;

template <class T, class F>
long for_each_op(Domain& d, uint32_t uop, uint32_t count, F op)
{
    if (count > kMaxBatch) return -xen::XEN_EINVAL;
    for (uint32_t i = 0; i < count; ++i) {
        T a;
        uint32_t at = uop + i * uint32_t(sizeof(T));
        if (long rc = copy_in(d, at, a)) return rc;
        if (long rc = op(a)) return rc;
        if (long rc = copy_out(d, at, a)) return rc;
    }
    return 0;
}

} // namespace

long do_grant_table_op(Vcpu& vcpu, const HypercallArgs& args)
{
    Domain& d = vcpu.domain();
    uint32_t cmd = args.arg[0], uop = args.arg[1], count = args.arg[2];
    switch (static_cast<xen::GnttabOp>(cmd)) {
    case xen::GnttabOp::query_size:
        return for_each_op<xen::gnttab_query_size>(d, uop, count, [&](xen::gnttab_query_size& q) -> long {
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
        return for_each_op<xen::gnttab_setup_table>(d, uop, count, [&](xen::gnttab_setup_table& s) -> long {
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
    default: return -xen::XEN_ENOSYS;
    }
}

} // namespace hv
