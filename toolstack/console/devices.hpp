#pragma once
// What the console daemon needs from the hypervisor and dom0's kernel:
// the list of domains, a mapping of a guest's console ring, and event
// channels. In dom0 it is XenDevices (gntdev, evtchn, privcmd); the host
// tests plug in a ring in plain memory.
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <vector>

namespace console {

struct DomainState {
    uint32_t domid = 0;
    bool dying = false;
};

class RingMapping {
public:
    virtual ~RingMapping() = default;
    virtual std::span<uint8_t> bytes() = 0;
};

class Devices {
public:
    virtual ~Devices() = default;
    // Every domain from domid 1 up. Throws on failure.
    virtual std::vector<DomainState> domains() = 0;
    // The console ring of `domid`: its grant (GNTTAB_RESERVED_CONSOLE), else
    // a foreign map of `ring_gfn`. Throws when neither works.
    virtual std::unique_ptr<RingMapping> map_ring(uint32_t domid, uint64_t ring_gfn) = 0;

    // Event channels, one handle for the daemon; these throw on failure.
    virtual uint32_t bind_interdomain(uint32_t domid, uint32_t remote_port) = 0; // the local port
    virtual void unbind(uint32_t local_port) = 0;
    virtual void notify(uint32_t local_port) = 0;
    // A port that fired, masked until unmask(); nothing when none is pending.
    virtual std::optional<uint32_t> pending() = 0;
    virtual void unmask(uint32_t local_port) = 0;
    // Readable when pending() may have something.
    virtual int event_fd() = 0;
};

} // namespace console
