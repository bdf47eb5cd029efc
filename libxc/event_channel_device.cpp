#include "event_channel_device.hpp"

#include <fcntl.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <cerrno>

#include "error.hpp"
#include "linux_ioctls.hpp"

namespace xc {
namespace {

uint32_t bind(int fd, unsigned long request, void* arg, const std::string& what)
{
    int port = ioctl(fd, request, arg);
    if (port < 0) throw HypercallError(what, errno);
    return uint32_t(port);
}

} // namespace

EventChannelDevice::EventChannelDevice(const std::string& path)
{
    fd_ = open(path.c_str(), O_RDWR | O_CLOEXEC | O_NONBLOCK);
    if (fd_ < 0) throw HypercallError("open " + path, errno);
}

EventChannelDevice::~EventChannelDevice() { close(fd_); }

uint32_t EventChannelDevice::bind_interdomain(uint32_t remote_domain, uint32_t remote_port)
{
    linux_abi::ioctl_evtchn_bind_interdomain arg{remote_domain, remote_port};
    return bind(fd_, linux_abi::IOCTL_EVTCHN_BIND_INTERDOMAIN, &arg,
                "bind to port " + std::to_string(remote_port) + " of domain " + std::to_string(remote_domain));
}

uint32_t EventChannelDevice::bind_unbound_port(uint32_t remote_domain)
{
    linux_abi::ioctl_evtchn_bind_unbound_port arg{remote_domain};
    return bind(fd_, linux_abi::IOCTL_EVTCHN_BIND_UNBOUND_PORT, &arg,
                "allocate a port for domain " + std::to_string(remote_domain));
}

uint32_t EventChannelDevice::bind_virq(uint32_t virq)
{
    linux_abi::ioctl_evtchn_bind_virq arg{virq};
    return bind(fd_, linux_abi::IOCTL_EVTCHN_BIND_VIRQ, &arg, "bind VIRQ " + std::to_string(virq));
}

void EventChannelDevice::unbind(uint32_t port)
{
    linux_abi::ioctl_evtchn_port arg{port};
    if (ioctl(fd_, linux_abi::IOCTL_EVTCHN_UNBIND, &arg) < 0) throw HypercallError("unbind port " + std::to_string(port), errno);
}

void EventChannelDevice::notify(uint32_t port)
{
    linux_abi::ioctl_evtchn_port arg{port};
    if (ioctl(fd_, linux_abi::IOCTL_EVTCHN_NOTIFY, &arg) < 0) throw HypercallError("notify port " + std::to_string(port), errno);
}

std::optional<uint32_t> EventChannelDevice::pending()
{
    uint32_t port;
    ssize_t n = read(fd_, &port, sizeof port);
    if (n == sizeof port) return port;
    if (n < 0 && (errno == EAGAIN || errno == EINTR)) return std::nullopt;
    throw HypercallError("read event channel", n < 0 ? errno : EIO);
}

void EventChannelDevice::unmask(uint32_t port)
{
    if (write(fd_, &port, sizeof port) != sizeof port) throw HypercallError("unmask port " + std::to_string(port), errno);
}

} // namespace xc
