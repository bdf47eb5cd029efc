// What the daemon needs from Xen about domains: whether a domid exists, and
// attaching a domain's ring page and event channel to its connection. In
// dom0 that is privcmd/gntdev/evtchn; on the host and in tests, fakes.
#pragma once
#include <cstdint>

#include "connection.hpp"
#include "wire.hpp"

namespace xenstored {

// What the hypervisor says of a domain (Xen's getdomaininfo): what the
// daemon does on VIRQ_DOM_EXC follows from it.
enum class DomainState { Running, ShutDown, Dying, Gone };

class DomainBackend {
public:
    virtual ~DomainBackend() = default;
    virtual bool domain_exists(std::uint32_t domid) { return domain_state(domid) != DomainState::Gone; }
    virtual DomainState domain_state(std::uint32_t domid) = 0;
    // Maps the ring of `domid`, binds `port` and gives `conn` its transport.
    virtual Error attach(Connection& conn, std::uint32_t domid, std::uint64_t gfn, std::uint32_t port) = 0;
    // INTRODUCE of a domain already introduced (after resume): re-bind only.
    virtual Error rebind(Connection& conn, std::uint32_t domid, std::uint32_t port) = 0;
};

// No hypervisor (the host): every ordinary domid exists, and an introduced
// domain gets a connection without a ring, so the domain bookkeeping (and
// @introduceDomain/@releaseDomain) can still be exercised.
class DetachedDomainBackend final : public DomainBackend {
public:
    DomainState domain_state(std::uint32_t domid) override {
        return domid < kDomidFirstReserved ? DomainState::Running : DomainState::Gone;
    }
    Error attach(Connection&, std::uint32_t, std::uint64_t, std::uint32_t) override { return Error::Ok; }
    Error rebind(Connection&, std::uint32_t, std::uint32_t) override { return Error::Ok; }
};

}  // namespace xenstored
