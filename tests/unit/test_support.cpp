#include "test_support.hpp"

#include "include/public/domctl.hpp"

namespace hv::test {

xen::xen_domctl_createdomain guest_domain_config(unsigned vcpus)
{
    xen::xen_domctl_createdomain c{};
    c.flags = xen::CDF_hvm | xen::CDF_hap;
    c.max_vcpus = vcpus;
    c.max_evtchn_port = 1023;
    c.max_grant_frames = -1;
    c.max_maptrack_frames = -1;
    c.grant_opts = 1;
    c.arch.nr_spis = 1;
    for (unsigned i = 0; i < 16; ++i) c.handle[i] = uint8_t(0xa0 + i);
    return c;
}

uint16_t create_domain(Domain& dom0, uint32_t at, unsigned vcpus)
{
    xen::xen_domctl op{};
    op.cmd = uint32_t(xen::DomctlCmd::createdomain);
    op.interface_version = xen::XEN_DOMCTL_INTERFACE_VERSION;
    op.u.createdomain = guest_domain_config(vcpus);
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
