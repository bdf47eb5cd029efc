#include "recording_ops.hpp"

#include <cerrno>
#include <cstring>

#include "error.hpp"
#include "hex.hpp"

namespace xc::test {
namespace {

// Copies pages out of the simulated memory and back when unmapped.
class RecordedMapping : public GuestMapping {
public:
    RecordedMapping(std::vector<RecordingOps::Page*> pages) : pages_(std::move(pages)), bytes_(pages_.size() * 4096)
    {
        for (size_t i = 0; i < pages_.size(); ++i) std::memcpy(bytes_.data() + i * 4096, pages_[i]->data(), 4096);
    }
    ~RecordedMapping() override
    {
        for (size_t i = 0; i < pages_.size(); ++i) std::memcpy(pages_[i]->data(), bytes_.data() + i * 4096, 4096);
    }
    std::span<uint8_t> bytes() override { return bytes_; }

private:
    std::vector<RecordingOps::Page*> pages_;
    std::vector<uint8_t> bytes_;
};

} // namespace

void RecordingOps::record(const std::string& name, const std::string& args)
{
    calls.push_back(args.empty() ? name : name + " " + args);
    if (name == fail_call) throw HypercallError(name, EINVAL);
}

std::vector<std::string> RecordingOps::call_names() const
{
    std::vector<std::string> names;
    for (const auto& c : calls) names.push_back(c.substr(0, c.find(' ')));
    return names;
}

std::vector<uint8_t> RecordingOps::read(uint64_t address, size_t size) const
{
    std::vector<uint8_t> out(size);
    for (size_t i = 0; i < size; ++i) {
        auto page = memory.find((address + i) / 4096);
        out[i] = page == memory.end() ? 0 : page->second[(address + i) % 4096];
    }
    return out;
}

XenVersionInfo RecordingOps::xen_version()
{
    record("xen_version");
    return {4, 17, capabilities};
}

domid_t RecordingOps::create_domain(domid_t wanted, xen::xen_domctl_createdomain& config)
{
    record("create_domain", "wanted=" + std::to_string(wanted) + " flags=" + hex(config.flags) +
                                " max_vcpus=" + std::to_string(config.max_vcpus) +
                                " nr_spis=" + std::to_string(config.arch.nr_spis));
    if (config.arch.gic_version == xen::XEN_DOMCTL_CONFIG_GIC_NATIVE) config.arch.gic_version = xen::XEN_DOMCTL_CONFIG_GIC_V2;
    config.arch.clock_frequency = clock_frequency;
    domid_ = wanted ? wanted : next_domid;
    return domid_;
}

void RecordingOps::destroy_domain(domid_t dom)
{
    record("destroy_domain", std::to_string(dom));
    destroyed = true;
    memory.clear();
}

void RecordingOps::unpause_domain(domid_t dom)
{
    record("unpause_domain", std::to_string(dom));
    unpaused = true;
}

xen::xen_domctl_getdomaininfo RecordingOps::domain_info(domid_t dom)
{
    record("domain_info", std::to_string(dom));
    xen::xen_domctl_getdomaininfo info{};
    info.domain = dom;
    info.tot_pages = memory.size();
    info.gpaddr_bits = uint8_t(gpaddr_bits);
    return info;
}

void RecordingOps::set_max_vcpus(domid_t, unsigned max) { record("set_max_vcpus", std::to_string(max)); }
void RecordingOps::set_max_mem(domid_t, uint64_t kib) { record("set_max_mem", std::to_string(kib)); }
void RecordingOps::set_paging_mempool_size(domid_t, uint64_t bytes) { record("set_paging_mempool_size", std::to_string(bytes)); }
void RecordingOps::set_address_size(domid_t, unsigned bits) { record("set_address_size", std::to_string(bits)); }

uint32_t RecordingOps::alloc_unbound_port(domid_t, domid_t remote)
{
    record("alloc_unbound_port", "remote=" + std::to_string(remote));
    return next_port_++;
}

void RecordingOps::set_hvm_param(domid_t, uint32_t index, uint64_t value)
{
    record("set_hvm_param", std::to_string(index) + "=" + hex(value));
    hvm_params[index] = value;
}

uint64_t RecordingOps::populate_physmap(domid_t, unsigned order, std::span<const uint64_t> gfns)
{
    record("populate_physmap", "order=" + std::to_string(order) + " extents=" + std::to_string(gfns.size()) +
                                   " first=" + hex(gfns.empty() ? 0 : gfns[0]));
    if (order > largest_order) return 0;
    uint64_t done = 0;
    for (uint64_t gfn : gfns) {
        if (page_budget < (1ull << order)) break;
        page_budget -= 1ull << order;
        populated_pages += 1ull << order;
        if (store_pages)
            for (uint64_t i = 0; i < (1ull << order); ++i) memory[gfn + i].fill(0xa5); // unscrubbed
        ++done;
    }
    return done;
}

std::unique_ptr<GuestMapping> RecordingOps::map_guest(domid_t, uint64_t first_gfn, uint64_t count)
{
    record("map_guest", hex(first_gfn) + "+" + std::to_string(count));
    std::vector<Page*> pages;
    for (uint64_t i = 0; i < count; ++i) {
        auto page = memory.find(first_gfn + i);
        if (page == memory.end()) throw HypercallError("map gfn " + hex(first_gfn + i), EFAULT);
        pages.push_back(&page->second);
    }
    return std::make_unique<RecordedMapping>(std::move(pages));
}

void RecordingOps::cacheflush(domid_t, uint64_t first_gfn, uint64_t count)
{
    record("cacheflush", hex(first_gfn) + "+" + std::to_string(count));
    for (uint64_t i = 0; i < count; ++i) flushed.insert(first_gfn + i);
}

void RecordingOps::set_vcpu_context(domid_t, unsigned vcpu, const xen::vcpu_guest_context& context)
{
    record("set_vcpu_context", std::to_string(vcpu));
    if (vcpu == 0) vcpu0 = context;
}

std::unique_ptr<GuestMapping> RecordingOps::map_grant_table(domid_t)
{
    record("map_grant_table");
    return std::make_unique<RecordedMapping>(std::vector<Page*>{&grant_frame});
}

uint32_t RecordingOps::init_vuart(domid_t, domid_t console_domid, uint64_t ring_gfn)
{
    record("init_vuart", "console=" + std::to_string(console_domid) + " gfn=" + hex(ring_gfn));
    return next_port_++;
}

} // namespace xc::test
