#include "xen_backend.hpp"

#include <cerrno>
#include <cstdint>
#include <fcntl.h>
#include <fstream>
#include <sys/mman.h>
#include <system_error>
#include <unistd.h>

#include "daemon.hpp"
#include "error.hpp"
#include "event_channel_device.hpp"
#include "grant_device.hpp"
#include "privcmd.hpp"
#include "ring_transport.hpp"
#include "xc.hpp"

namespace xenstored {

namespace {

constexpr std::uint32_t kXenstoreGrantRef = 1;  // GNTTAB_RESERVED_XENSTORE
constexpr std::uint32_t kVirqDomExc = 3;        // VIRQ_DOM_EXC
constexpr std::size_t kPageSize = 4096;

Error error_of(int error_number) {
    return error_number == ENOMEM ? Error::NoMem : error_number == ENOENT ? Error::NoEnt : Error::Io;
}

// One interdomain port bound through libxc's event-channel device.
class EvtchnPort final : public EventChannel {
public:
    EvtchnPort(xc::EventChannelDevice& device, std::uint32_t port) : device_(device), port_(port) {}
    ~EvtchnPort() override {
        try {
            device_.unbind(port_);
        } catch (const xc::HypercallError&) {
            // Already gone with its domain.
        }
    }
    void notify() override {
        try {
            device_.notify(port_);
        } catch (const xc::HypercallError&) {
            // The peer went away: its release follows from VIRQ_DOM_EXC.
        }
    }
    std::uint32_t local_port() const override { return port_; }

private:
    xc::EventChannelDevice& device_;
    std::uint32_t port_;
};

// A guest's ring page, mapped from its grant reference 1 by libxc's gntdev.
class GrantRing final : public RingMapping {
public:
    explicit GrantRing(std::unique_ptr<xc::GrantMapping> mapping) : mapping_(std::move(mapping)) {}
    XenstoreInterface* page() override { return reinterpret_cast<XenstoreInterface*>(mapping_->bytes().data()); }

private:
    std::unique_ptr<xc::GrantMapping> mapping_;
};

// Dom0's ring, which its kernel exposes as /proc/xen/xsd_kva.
class KvaMapping final : public RingMapping {
public:
    explicit KvaMapping(void* page) : page_(page) {}
    ~KvaMapping() override { ::munmap(page_, kPageSize); }
    XenstoreInterface* page() override { return static_cast<XenstoreInterface*>(page_); }

private:
    void* page_;
};

// Binds (domid, remote_port); Error::Ok with the port, or why not.
Error bind_interdomain(xc::EventChannelDevice& device, std::uint32_t domid, std::uint32_t remote_port,
                       std::unique_ptr<EvtchnPort>& out) {
    try {
        out = std::make_unique<EvtchnPort>(device, device.bind_interdomain(domid, remote_port));
        return Error::Ok;
    } catch (const xc::HypercallError& e) {
        return error_of(e.error_number());
    }
}

}  // namespace

bool XenDomainBackend::available() { return ::access("/dev/xen/evtchn", R_OK | W_OK) == 0; }

XenDomainBackend::XenDomainBackend(EventLoop& loop) : loop_(loop) {
    try {
        evtchn_ = std::make_unique<xc::EventChannelDevice>();
        gntdev_ = std::make_unique<xc::GrantDevice>();
        privcmd_ = std::make_unique<xc::Privcmd>();
        xc_ = std::make_unique<xc::Xc>(*privcmd_);
        dom_exc_port_ = evtchn_->bind_virq(kVirqDomExc);
    } catch (const xc::HypercallError& e) {
        throw std::system_error(e.error_number(), std::generic_category(), e.operation());
    }
    watcher_ = std::make_unique<FdWatcher>(loop_, evtchn_->fd(), [this] { on_evtchn_readable(); });
}

XenDomainBackend::~XenDomainBackend() { watcher_.reset(); }

void XenDomainBackend::on_evtchn_readable() {
    try {
        while (auto port = evtchn_->pending()) {
            // Unmask first, so a kick during handling is not lost.
            evtchn_->unmask(*port);
            if (*port == dom_exc_port_) {
                if (daemon_) daemon_->check_domains();
                continue;
            }
            auto it = by_port_.find(*port);
            if (it == by_port_.end()) continue;
            if (auto ring = it->second.lock()) ring->on_event();
            else by_port_.erase(it);
        }
    } catch (const xc::HypercallError&) {
        // A read or unmask that failed: the next readiness tries again.
    }
}

DomainState XenDomainBackend::domain_state(std::uint32_t domid) {
    if (domid >= kDomidFirstReserved) return DomainState::Gone;
    try {
        // Xen 4.17 answers with the next domain up for a free id: libxc
        // turns that into ESRCH.
        auto info = xc_->domain_info(static_cast<std::uint16_t>(domid));
        constexpr std::uint32_t kDying = 1u << 0, kShutdown = 1u << 2;  // XEN_DOMINF_*
        if (info.flags & kDying) return DomainState::Dying;
        if (info.flags & kShutdown) return DomainState::ShutDown;
        return DomainState::Running;
    } catch (const xc::HypercallError& e) {
        // Only "no such domain" means gone; anything else is not a reason
        // to drop a domain's connection.
        return e.error_number() == ESRCH ? DomainState::Gone : DomainState::Running;
    }
}

Error XenDomainBackend::attach(Connection& conn, std::uint32_t domid, std::uint64_t, std::uint32_t port) {
    if (!daemon_) return Error::Io;
    std::unique_ptr<RingMapping> mapping;
    try {
        mapping = std::make_unique<GrantRing>(gntdev_->map(domid, kXenstoreGrantRef));
    } catch (const xc::HypercallError& e) {
        return error_of(e.error_number());
    }
    std::unique_ptr<EvtchnPort> channel;
    if (Error e = bind_interdomain(*evtchn_, domid, port, channel); e != Error::Ok) return e;
    const auto local = channel->local_port();
    auto transport = std::make_shared<RingTransport>(*daemon_, conn, std::move(mapping), std::move(channel));
    transport->ring().reset();
    conn.transport = transport;
    by_port_[local] = transport;
    transport->channel().notify();
    return Error::Ok;
}

Error XenDomainBackend::rebind(Connection& conn, std::uint32_t domid, std::uint32_t port) {
    auto ring = std::dynamic_pointer_cast<RingTransport>(conn.transport);
    if (!ring) return Error::Inval;
    std::unique_ptr<EvtchnPort> channel;
    if (Error e = bind_interdomain(*evtchn_, domid, port, channel); e != Error::Ok) return e;
    by_port_.erase(ring->channel().local_port());
    by_port_[channel->local_port()] = ring;
    ring->replace_channel(std::move(channel));
    return Error::Ok;
}

void XenDomainBackend::attach_dom0(std::uint32_t domid, std::uint32_t port) {
    if (!daemon_) return;
    if (port == 0) {
        std::ifstream port_file("/proc/xen/xsd_port");
        if (!(port_file >> port)) return;
    }
    int fd = ::open("/proc/xen/xsd_kva", O_RDWR | O_CLOEXEC);
    if (fd < 0) return;
    void* page = ::mmap(nullptr, kPageSize, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    ::close(fd);
    if (page == MAP_FAILED) return;
    // Through the daemon, so dom0 gets its domain record; attach() below
    // is bypassed by handing the transport over directly.
    struct Dom0Attacher final : DomainBackend {
        XenDomainBackend& outer;
        void* page;
        Dom0Attacher(XenDomainBackend& o, void* p) : outer(o), page(p) {}
        DomainState domain_state(std::uint32_t d) override { return outer.domain_state(d); }
        Error rebind(Connection&, std::uint32_t, std::uint32_t) override { return Error::Ok; }
        Error attach(Connection& conn, std::uint32_t domid, std::uint64_t, std::uint32_t port) override {
            std::unique_ptr<EvtchnPort> channel;
            if (Error e = bind_interdomain(*outer.evtchn_, domid, port, channel); e != Error::Ok) return e;
            const auto local = channel->local_port();
            auto transport = std::make_shared<RingTransport>(*outer.daemon_, conn, std::make_unique<KvaMapping>(page),
                                                             std::move(channel));
            transport->ring().mark_connected();  // indexes kept: the kernel may have queued requests
            conn.transport = transport;
            outer.by_port_[local] = transport;
                    transport->channel().notify();
            return Error::Ok;
        }
    } dom0(*this, page);
    if (daemon_->introduce_with(dom0, domid, 0, port) != Error::Ok) ::munmap(page, kPageSize);
}

}  // namespace xenstored
