#pragma once
// The console daemon's devices in dom0: getdomaininfo over privcmd, the
// ring through gntdev (or a foreign map), one /dev/xen/evtchn handle.
#include "devices.hpp"
#include "event_channel_device.hpp"
#include "grant_device.hpp"
#include "privcmd.hpp"
#include "xc.hpp"

namespace console {

class XenDevices final : public Devices {
public:
    // Throws xc::HypercallError naming the device that cannot be opened.
    XenDevices();

    std::vector<DomainState> domains() override;
    std::unique_ptr<RingMapping> map_ring(uint32_t domid, uint64_t ring_gfn) override;
    uint32_t bind_interdomain(uint32_t domid, uint32_t remote_port) override;
    void unbind(uint32_t local_port) override { evtchn_.unbind(local_port); }
    void notify(uint32_t local_port) override { evtchn_.notify(local_port); }
    std::optional<uint32_t> pending() override { return evtchn_.pending(); }
    void unmask(uint32_t local_port) override { evtchn_.unmask(local_port); }
    int event_fd() override { return evtchn_.fd(); }

private:
    xc::Privcmd privcmd_;
    xc::Xc xc_{privcmd_};
    xc::GrantDevice gntdev_;
    xc::EventChannelDevice evtchn_;
};

} // namespace console
