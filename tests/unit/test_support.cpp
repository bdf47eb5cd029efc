#include "test_support.hpp"

#include "include/public/domctl.hpp"

namespace hv::test {

uint16_t create_domain(Domain& dom0, uint32_t at, unsigned vcpus)
{
    xen::xen_domctl op{};
    op.cmd = uint32_t(xen::DomctlCmd::createdomain);
    op.interface_version = xen::XEN_DOMCTL_INTERFACE_VERSION;
    op.u.createdomain.flags = xen::CDF_hvm | xen::CDF_hap;
    op.u.createdomain.max_vcpus = vcpus;
    op.u.createdomain.max_grant_frames = -1;
    op.u.createdomain.max_maptrack_frames = -1;
    op.u.createdomain.grant_opts = 1;
    put_guest(dom0, at, op);
    if (hypercall(*dom0.vcpu(0), 36, at) != 0) return 0;
    return get_guest<xen::xen_domctl>(dom0, at).domain;
}

long destroy_domain(Domain& dom0, uint32_t at, uint16_t id)
{
    xen::xen_domctl op{};
    op.cmd = uint32_t(xen::DomctlCmd::destroydomain);
    op.interface_version = xen::XEN_DOMCTL_INTERFACE_VERSION;
    op.domain = id;
    put_guest(dom0, at, op);
    return hypercall(*dom0.vcpu(0), 36, at);
}

} // namespace hv::test
