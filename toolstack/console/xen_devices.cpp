#include "xen_devices.hpp"

#include "error.hpp"
#include "include/public/domctl.hpp"
#include "include/public/grant_table.hpp"

namespace console {
namespace {

template <class Mapping> class Held final : public RingMapping {
public:
    explicit Held(std::unique_ptr<Mapping> m) : mapping_(std::move(m)) {}
    std::span<uint8_t> bytes() override { return mapping_->bytes(); }

private:
    std::unique_ptr<Mapping> mapping_;
};

} // namespace

XenDevices::XenDevices() = default;

std::vector<DomainState> XenDevices::domains()
{
    constexpr uint32_t BATCH = 64;
    std::vector<DomainState> out;
    xen::domid_t first = 1;
    for (;;) {
        auto batch = xc_.domain_info_list(first, BATCH);
        for (const auto& info : batch)
            if (info.domain >= 1) out.push_back({info.domain, (info.flags & xen::DOMINF_dying) != 0});
        if (batch.size() < BATCH || batch.back().domain >= xen::DOMID_FIRST_RESERVED - 1) return out;
        first = xen::domid_t(batch.back().domain + 1);
    }
}

std::unique_ptr<RingMapping> XenDevices::map_ring(uint32_t domid, uint64_t ring_gfn)
{
    try {
        return std::make_unique<Held<xc::GrantMapping>>(gntdev_.map(domid, xen::GNTTAB_RESERVED_CONSOLE));
    } catch (const xc::HypercallError&) {
        // A builder that did not seed the console grant: map the frame itself.
        const uint64_t gfns[] = {ring_gfn};
        return std::make_unique<Held<xc::GuestMapping>>(privcmd_.map_foreign(xen::domid_t(domid), gfns));
    }
}

uint32_t XenDevices::bind_interdomain(uint32_t domid, uint32_t remote_port)
{
    return evtchn_.bind_interdomain(domid, remote_port);
}

} // namespace console
