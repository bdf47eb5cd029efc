#pragma once
// Helpers shared by the hypercall handlers: argument structures in and out
// of guest memory, and domain ids as a caller may name them.
#include <cstdint>

#include "core/domain.hpp"
#include "core/domain_list.hpp"
#include "core/guest_memory.hpp"
#include "include/public/errno.hpp"
#include "include/public/xen.hpp"

namespace hv {

template <class T>
long copy_in(Domain& d, uint32_t gva, T& value)
{
    return copy_from_guest(d, &value, gva, sizeof value) == Status::Ok ? 0 : -xen::XEN_EFAULT;
}

template <class T>
long copy_out(Domain& d, uint32_t gva, const T& value)
{
    return copy_to_guest(d, gva, &value, sizeof value) == Status::Ok ? 0 : -xen::XEN_EFAULT;
}

// The caller itself (DOMID_SELF or its own id), or, for the privileged
// hardware domain, any live domain. nullptr otherwise; `error` says why,
// in Xen's order (rcu_lock_domain_by_any_id, then the XSM check): no such
// domain is -ESRCH for every caller, another one -EPERM for a domU.
// The reference keeps the domain for the length of the call.
inline DomainRef domain_for(Domain& caller, xen::domid_t id, long& error)
{
    if (id == xen::DOMID_SELF || id == caller.id()) return domains::another(caller);
    DomainRef d = domains::get(id);
    if (!d) {
        error = -xen::XEN_ESRCH;
        return {};
    }
    if (!caller.is_hardware_domain()) {
        error = -xen::XEN_EPERM;
        return {};
    }
    return d;
}

} // namespace hv
