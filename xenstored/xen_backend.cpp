#include "xen_backend.hpp"

#include <cerrno>
#include <cstdint>
#include <fcntl.h>
#include <fstream>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <system_error>
#include <unistd.h>
// Linux's uapi headers expect Xen's typedefs from the includer.
using domid_t = std::uint16_t;
using grant_ref_t = std::uint32_t;
#include <xen/evtchn.h>
#include <xen/gntdev.h>

#include "daemon.hpp"
#include "error.hpp"
#include "privcmd.hpp"
#include "ring_transport.hpp"
#include "xc.hpp"

namespace xenstored {

namespace {

constexpr std::uint32_t kXenstoreGrantRef = 1;  // GNTTAB_RESERVED_XENSTORE
constexpr std::uint32_t kVirqDomExc = 3;        // VIRQ_DOM_EXC
constexpr std::size_t kPageSize = 4096;

Error errno_error() { return errno == ENOMEM ? Error::NoMem : errno == ENOENT ? Error::NoEnt : Error::Io; }

class EvtchnPort final : public EventChannel {
public:
    EvtchnPort(int fd, std::uint32_t port) : fd_(fd), port_(port) {}
    ~EvtchnPort() override {
        ioctl_evtchn_unbind unbind{port_};
        ::ioctl(fd_, IOCTL_EVTCHN_UNBIND, &unbind);
    }
    void notify() override {
        ioctl_evtchn_notify kick{port_};
        ::ioctl(fd_, IOCTL_EVTCHN_NOTIFY, &kick);
    }
    std::uint32_t local_port() const override { return port_; }

private:
    int fd_;
    std::uint32_t port_;
};

// A guest's ring page, mapped from its grant reference 1.
class GrantMapping final : public RingMapping {
public:
    GrantMapping(int fd, std::uint64_t index, void* page) : fd_(fd), index_(index), page_(page) {}
    ~GrantMapping() override {
        ::munmap(page_, kPageSize);
        ioctl_gntdev_unmap_grant_ref unmap{};
        unmap.index = index_;
        unmap.count = 1;
        ::ioctl(fd_, IOCTL_GNTDEV_UNMAP_GRANT_REF, &unmap);
    }
    XenstoreInterface* page() override { return static_cast<XenstoreInterface*>(page_); }

private:
    int fd_;
    std::uint64_t index_;
    void* page_;
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

std::unique_ptr<EvtchnPort> bind_interdomain(int fd, std::uint32_t domid, std::uint32_t remote_port) {
    ioctl_evtchn_bind_interdomain bind{domid, remote_port};
    int local = ::ioctl(fd, IOCTL_EVTCHN_BIND_INTERDOMAIN, &bind);
    if (local < 0) return nullptr;
    return std::make_unique<EvtchnPort>(fd, static_cast<std::uint32_t>(local));
}

}  // namespace

bool XenDomainBackend::available() { return ::access("/dev/xen/evtchn", R_OK | W_OK) == 0; }

XenDomainBackend::XenDomainBackend(EventLoop& loop) : loop_(loop) {
    evtchn_fd_ = ::open("/dev/xen/evtchn", O_RDWR | O_CLOEXEC | O_NONBLOCK);
    if (evtchn_fd_ < 0) throw std::system_error(errno, std::generic_category(), "/dev/xen/evtchn");
    gntdev_fd_ = ::open("/dev/xen/gntdev", O_RDWR | O_CLOEXEC);
    if (gntdev_fd_ < 0) throw std::system_error(errno, std::generic_category(), "/dev/xen/gntdev");
    ioctl_gntdev_set_max_grants max{32752};
    ::ioctl(gntdev_fd_, IOCTL_GNTDEV_SET_MAX_GRANTS, &max);  // best effort, as 4.17
    try {
        privcmd_ = std::make_unique<xc::Privcmd>();
    } catch (const xc::HypercallError& e) {
        throw std::system_error(e.error_number(), std::generic_category(), "/dev/xen/privcmd");
    }
    xc_ = std::make_unique<xc::Xc>(*privcmd_);
    ioctl_evtchn_bind_virq virq{kVirqDomExc};
    int port = ::ioctl(evtchn_fd_, IOCTL_EVTCHN_BIND_VIRQ, &virq);
    if (port < 0) throw std::system_error(errno, std::generic_category(), "binding VIRQ_DOM_EXC");
    dom_exc_port_ = static_cast<std::uint32_t>(port);
    watcher_ = std::make_unique<FdWatcher>(loop_, evtchn_fd_, [this] { on_evtchn_readable(); });
}

XenDomainBackend::~XenDomainBackend() {
    watcher_.reset();
    if (gntdev_fd_ >= 0) ::close(gntdev_fd_);
    if (evtchn_fd_ >= 0) ::close(evtchn_fd_);
}

void XenDomainBackend::on_evtchn_readable() {
    std::uint32_t ports[64];
    for (;;) {
        ssize_t n = ::read(evtchn_fd_, ports, sizeof(ports));
        if (n <= 0) return;
        const auto count = static_cast<std::size_t>(n) / sizeof(std::uint32_t);
        // Unmask first, so a kick during handling is not lost.
        if (::write(evtchn_fd_, ports, count * sizeof(std::uint32_t)) < 0) return;
        for (std::size_t i = 0; i < count; ++i) {
            if (ports[i] == dom_exc_port_) {
                if (daemon_) daemon_->check_domains();
                continue;
            }
            auto it = by_port_.find(ports[i]);
            if (it == by_port_.end()) continue;
            if (auto ring = it->second.lock()) ring->on_event();
            else by_port_.erase(it);
        }
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
    ioctl_gntdev_map_grant_ref map{};
    map.count = 1;
    map.refs[0].domid = domid;
    map.refs[0].ref = kXenstoreGrantRef;
    if (::ioctl(gntdev_fd_, IOCTL_GNTDEV_MAP_GRANT_REF, &map) < 0) return errno_error();
    void* page = ::mmap(nullptr, kPageSize, PROT_READ | PROT_WRITE, MAP_SHARED, gntdev_fd_,
                        static_cast<off_t>(map.index));
    if (page == MAP_FAILED) {
        Error e = errno_error();
        ioctl_gntdev_unmap_grant_ref unmap{};
        unmap.index = map.index;
        unmap.count = 1;
        ::ioctl(gntdev_fd_, IOCTL_GNTDEV_UNMAP_GRANT_REF, &unmap);
        return e;
    }
    auto mapping = std::make_unique<GrantMapping>(gntdev_fd_, map.index, page);
    auto channel = bind_interdomain(evtchn_fd_, domid, port);
    if (!channel) return errno_error();
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
    auto channel = bind_interdomain(evtchn_fd_, domid, port);
    if (!channel) return errno_error();
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
            auto channel = bind_interdomain(outer.evtchn_fd_, domid, port);
            if (!channel) return errno_error();
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
