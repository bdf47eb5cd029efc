// Dom0's way to the guests' rings: pages mapped through /dev/xen/gntdev
// (grant reference 1), interdomain event channels through /dev/xen/evtchn
// (both through libxc's device wrappers),
// and dom0's own ring from /proc/xen/xsd_kva + /proc/xen/xsd_port. Domains'
// states come from getdomaininfo (libxc over /dev/xen/privcmd), looked at
// again whenever the hypervisor raises VIRQ_DOM_EXC, as Xen's daemon does.
// Only usable inside a Xen dom0; tested there, under QEMU.
#pragma once
#include <map>
#include <memory>
#include <string>

#include "domain_backend.hpp"
#include "event_loop.hpp"

namespace xc {
class EventChannelDevice;
class GrantDevice;
class Privcmd;
class Xc;
}  // namespace xc

namespace xenstored {

class Daemon;
class RingTransport;

class XenDomainBackend final : public DomainBackend {
public:
    // Opens /dev/xen/evtchn and /dev/xen/gntdev; throws std::system_error.
    XenDomainBackend(EventLoop& loop);
    ~XenDomainBackend() override;

    void set_daemon(Daemon& daemon) { daemon_ = &daemon; }
    // Dom0's kernel ring (not reset: the kernel may have queued requests).
    // Attaches the ring of the domain we run in (`domid`, 0 unless
    // --master-domid) through /proc/xen; `port` is its xenstore event
    // channel, 0 to read it from /proc/xen/xsd_port (--event).
    void attach_dom0(std::uint32_t domid = 0, std::uint32_t port = 0);

    DomainState domain_state(std::uint32_t domid) override;
    Error attach(Connection& conn, std::uint32_t domid, std::uint64_t gfn, std::uint32_t port) override;
    Error rebind(Connection& conn, std::uint32_t domid, std::uint32_t port) override;

    // True when this machine looks like a Xen dom0.
    static bool available();

private:
    void on_evtchn_readable();

    EventLoop& loop_;
    Daemon* daemon_ = nullptr;
    // libxc's wrappers of /dev/xen/evtchn and /dev/xen/gntdev (one copy of
    // the Linux ABI, shared with the toolstack).
    std::unique_ptr<xc::EventChannelDevice> evtchn_;
    std::unique_ptr<xc::GrantDevice> gntdev_;
    std::uint32_t dom_exc_port_ = 0;  // VIRQ_DOM_EXC, bound on that device
    std::unique_ptr<xc::Privcmd> privcmd_;
    std::unique_ptr<xc::Xc> xc_;
    std::unique_ptr<FdWatcher> watcher_;
    // Local port -> the ring it kicks us for (owned by the connections).
    std::map<std::uint32_t, std::weak_ptr<RingTransport>> by_port_;
};

}  // namespace xenstored
