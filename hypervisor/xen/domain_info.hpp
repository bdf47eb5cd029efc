#pragma once
// What XEN_DOMCTL_getdomaininfo and XEN_SYSCTL_getdomaininfolist say about
// a domain: its state flags, pages, vCPUs and configuration.
#include "include/public/domctl.hpp"

namespace hv {

class Domain;

xen::xen_domctl_getdomaininfo domain_info(const Domain& d);

} // namespace hv
