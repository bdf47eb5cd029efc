#pragma once
// The domctls that make, unmake and set up a domain (xen/domain_lifecycle.cpp),
// called by do_domctl with the domctl lock held.
#include "include/public/domctl.hpp"

namespace hv {

class Domain;
class Vcpu;

// A domctl's vCPU id: -EINVAL beyond any domain's vCPUs, -ESRCH if this
// domain has no such vCPU (Xen's answers), else 0 with `v` set.
long domctl_vcpu(Domain& d, uint32_t id, Vcpu*& v);

// XEN_DOMCTL_createdomain: a new domain, paused, with its vCPUs offline
// and no RAM (the toolstack populates it). op.domain and the arch config
// come back filled in.
long create_domain(Domain& caller, xen::xen_domctl& op);
// XEN_DOMCTL_destroydomain: continues itself (a continuation of the same
// call) until everything the domain holds is given back, then takes it
// out of the domain list; the id is free once this returns 0.
long destroy_domain(Vcpu& caller, uint32_t arg, Domain& d);
// XEN_DOMCTL_max_vcpus: the vCPUs exist from createdomain; only that count is accepted.
long set_max_vcpus(Domain& d, uint32_t max);
long set_vcpu_context(Domain& caller, Domain& d, const xen::xen_domctl_vcpucontext& c);
long get_vcpu_context(Domain& caller, Domain& d, const xen::xen_domctl_vcpucontext& c);

} // namespace hv
