#pragma once
// /dev/xen/evtchn: event channels for a dom0 daemon. A port that fires is
// read() from the device as 4 bytes and stays masked until written back.
#include <cstdint>
#include <optional>
#include <string>

namespace xc {

class EventChannelDevice {
public:
    // Throws HypercallError naming the device when it cannot be opened.
    explicit EventChannelDevice(const std::string& path = "/dev/xen/evtchn");
    ~EventChannelDevice();
    EventChannelDevice(const EventChannelDevice&) = delete;
    EventChannelDevice& operator=(const EventChannelDevice&) = delete;

    // Each returns the local port.
    uint32_t bind_interdomain(uint32_t remote_domain, uint32_t remote_port);
    uint32_t bind_unbound_port(uint32_t remote_domain);
    uint32_t bind_virq(uint32_t virq);
    void unbind(uint32_t port);
    void notify(uint32_t port);
    // The next port that fired, or nothing when none is pending (the device
    // is non-blocking); unmask() it once handled.
    std::optional<uint32_t> pending();
    void unmask(uint32_t port);
    int fd() const { return fd_; } // for an event loop

private:
    int fd_ = -1;
};

} // namespace xc
