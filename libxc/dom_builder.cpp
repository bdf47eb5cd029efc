#include "dom_builder.hpp"

#include <algorithm>
#include <cstring>

#include "error.hpp"
#include "guest_device_tree.hpp"
#include "hex.hpp"
#include "include/public/grant_table.hpp"
#include "include/public/vcpu_sched_hvm.hpp"
#include "include/public/xen.hpp"
#include "populate.hpp"
#include "shared/guest_platform/module_placement.hpp"
#include "vcpu_state.hpp"

namespace xc {
namespace {

uint64_t round_to_pages(uint64_t bytes) { return (bytes + kPageSize - 1) & ~(kPageSize - 1); }

// Copies bytes into guest memory at `address` (zero-filling the rest of the
// last page), then flushes the range: the guest starts with caches off.
void copy_to_guest(DomainOps& ops, domid_t dom, uint64_t address, std::span<const uint8_t> bytes)
{
    uint64_t first = address / kPageSize, count = round_to_pages(address % kPageSize + bytes.size()) / kPageSize;
    {
        auto mapping = ops.map_guest(dom, first, count);
        auto window = mapping->bytes();
        std::memcpy(window.data() + address % kPageSize, bytes.data(), bytes.size());
        std::fill(window.begin() + (address % kPageSize) + bytes.size(), window.end(), 0);
    }
    ops.cacheflush(dom, first, count);
}

} // namespace

BuildPlan plan_build(const BuildRequest& request)
{
    if (request.memory_kib == 0 || request.memory_kib % 4)
        throw BuildError("guest memory must be a positive multiple of 4 KiB (got " + std::to_string(request.memory_kib) +
                         " KiB)");
    if (request.max_vcpus == 0 || request.max_vcpus > 8)
        throw BuildError("an arm32 guest has 1 to 8 vCPUs (got " + std::to_string(request.max_vcpus) + ")");
    BuildPlan plan;
    plan.ram = split_ram(request.memory_kib / 4);
    const Range& bank0 = plan.ram.front();
    plan.kernel = load_zimage32(request.kernel, bank0.base);
    if (plan.kernel.end > bank0.end())
        throw BuildError("kernel of " + std::to_string(request.kernel.size()) + " bytes does not fit in " +
                         std::to_string(bank0.size >> 20) + " MiB of RAM");
    plan.extended = extended_regions(plan.ram, request.gpaddr_bits);

    // The tree's size does not depend on the initrd's address (a fixed-size
    // property), so a first build with a placeholder sizes it for placement.
    Range placeholder = request.ramdisk.empty() ? Range{} : Range{0, kPageSize};
    uint64_t dtb_size = make_guest_dtb(request, plan.ram, placeholder, plan.extended).size();
    guest_platform::ModulePlacement where;
    if (!guest_platform::place_modules(bank0.base, bank0.size, plan.kernel.start, plan.kernel.end,
                                       request.ramdisk.size(), dtb_size, where))
        throw BuildError("kernel, ramdisk and device tree do not fit in the guest's first " +
                         std::to_string(bank0.size >> 20) + " MiB of RAM");
    if (!request.ramdisk.empty()) plan.ramdisk = {where.initrd, round_to_pages(request.ramdisk.size())};
    plan.dtb = make_guest_dtb(request, plan.ram, plan.ramdisk, plan.extended);
    plan.device_tree = {where.dtb, round_to_pages(plan.dtb.size())};
    plan.vcpu0 = initial_vcpu_context(plan.kernel.entry, plan.device_tree.base);
    return plan;
}

BuildResult execute_build(DomainOps& ops, domid_t dom, const BuildRequest& request, const BuildPlan& plan)
{
    XenVersionInfo version = ops.xen_version();
    if (version.capabilities.find("xen-3.0-armv7l") == std::string::npos)
        throw BuildError("the hypervisor does not run 32-bit ARM guests (capabilities \"" + version.capabilities + "\")");
    ops.set_hvm_param(dom, xen::HVM_PARAM_CALLBACK_IRQ, kCallbackViaPpi31);
    ops.set_address_size(dom, 32);
    for (const Range& bank : plan.ram) populate_bank(ops, dom, bank.base / kPageSize, bank.size / kPageSize);

    copy_to_guest(ops, dom, plan.kernel.start, request.kernel);
    if (plan.ramdisk.size) copy_to_guest(ops, dom, plan.ramdisk.base, request.ramdisk);
    copy_to_guest(ops, dom, plan.device_tree.base, plan.dtb);

    // The magic pages: console and xenstore rings, the monitor ring, the vuart's.
    uint64_t magic[kMagicPages] = {kMagicConsoleGfn, kMagicXenstoreGfn, kMagicMonitorGfn, kMagicVuartGfn};
    if (ops.populate_physmap(dom, 0, magic) != kMagicPages)
        throw BuildError("the hypervisor did not populate the magic pages at " + hex(kMagicConsoleGfn));
    {
        auto mapping = ops.map_guest(dom, kMagicConsoleGfn, kMagicPages);
        std::ranges::fill(mapping->bytes(), 0);
    }
    ops.cacheflush(dom, kMagicConsoleGfn, kMagicPages);
    ops.set_hvm_param(dom, xen::HVM_PARAM_CONSOLE_PFN, kMagicConsoleGfn);
    ops.set_hvm_param(dom, xen::HVM_PARAM_STORE_PFN, kMagicXenstoreGfn);
    ops.set_hvm_param(dom, xen::HVM_PARAM_MONITOR_RING_PFN, kMagicMonitorGfn);
    ops.set_hvm_param(dom, xen::HVM_PARAM_CONSOLE_EVTCHN, request.console_port);
    ops.set_hvm_param(dom, xen::HVM_PARAM_STORE_EVTCHN, request.xenstore_port);

    xen::xen_domctl_getdomaininfo info = ops.domain_info(dom);
    if (info.domain != dom) throw BuildError("domain " + std::to_string(dom) + " vanished while being built");
    ops.set_vcpu_context(dom, 0, plan.vcpu0);

    // Grant entries 0 and 1 let the console and xenstore daemons map the rings
    // before the guest has set up its grant table.
    {
        auto mapping = ops.map_grant_table(dom);
        auto* entries = reinterpret_cast<xen::grant_entry_v1*>(mapping->bytes().data());
        auto seed = [&](uint32_t ref, domid_t backend, uint64_t gfn) {
            if (backend == dom) return;
            entries[ref].domid = backend;
            entries[ref].frame = uint32_t(gfn);
            entries[ref].flags = xen::GTF_permit_access;
        };
        seed(xen::GNTTAB_RESERVED_CONSOLE, request.console_domid, kMagicConsoleGfn);
        seed(xen::GNTTAB_RESERVED_XENSTORE, request.xenstore_domid, kMagicXenstoreGfn);
    }

    BuildResult result{kMagicConsoleGfn, kMagicXenstoreGfn, 0};
    if (request.vuart) result.vuart_port = ops.init_vuart(dom, request.console_domid, kMagicVuartGfn);
    return result;
}

} // namespace xc
