#include "boot/dom0_builder.hpp"

#include <cstring>

#include "arch/cpu.hpp"
#include "arch/vcpu_context.hpp"
#include "boot/boot_args.hpp"
#include "boot/dom0_dtb.hpp"
#include "boot/fdt.hpp"
#include "boot/zimage.hpp"
#include "core/console.hpp"
#include "core/domain.hpp"
#include "core/guest_memory.hpp"
#include "core/irq.hpp"
#include "core/scheduler.hpp"
#include "core/vcpu.hpp"
#include "drivers/gicv2.hpp"
#include "mm/frame_table_memory.hpp"
#include "mm/heap.hpp"

extern "C" char __image_start[];

namespace hv {
namespace {

constexpr uint64_t k2M = 2ull << 20, k128M = 128ull << 20;
constexpr uint64_t kDefaultDom0Mem = 512ull << 20;
constexpr unsigned kDom0EventChannelPpi = 16;
constexpr uint64_t kGrantFrames = 64;

Domain* fail(Domain* d, const char* what, const char* detail = nullptr)
{
    console::log("dom0: %s%s%s", what, detail ? ": " : "", detail ? detail : "");
    heap_delete(d);
    return nullptr;
}

uint64_t dom0_memory()
{
    uint64_t bytes = kDefaultDom0Mem;
    BootOption opt = find_boot_option(hypervisor_command_line(), "dom0_mem");
    if (opt.found && !parse_size(opt.value, bytes)) {
        console::log("dom0_mem=%.*s is not a size: using 512M", int(opt.value.size()), opt.value.data());
        bytes = kDefaultDom0Mem;
    }
    if (!opt.found) console::log("WARNING: dom0_mem not given: using 512M");
    return align_up(bytes, k2M);
}

unsigned dom0_vcpus(unsigned online)
{
    BootOption opt = find_boot_option(hypervisor_command_line(), "dom0_max_vcpus");
    unsigned n = 0;
    for (char c : opt.value) n = (c >= '0' && c <= '9') ? n * 10 + unsigned(c - '0') : n;
    if (!opt.found || n == 0) n = online;
    return n > Domain::kMaxVcpus ? Domain::kMaxVcpus : n;
}

// Kernel module's own bootargs, else xen,dom0-bootargs, else /chosen/bootargs.
const char* dom0_command_line(const PlatformInfo& p)
{
    if (p.dom0_kernel.bootargs) return p.dom0_kernel.bootargs;
    if (p.dom0_bootargs) return p.dom0_bootargs;
    return p.chosen_bootargs ? p.chosen_bootargs : "";
}

bool overlaps_ram(const PlatformInfo& p, uint64_t base, uint64_t size)
{
    for (unsigned i = 0; i < p.memory_count; ++i)
        if (base < p.memory[i].base + p.memory[i].size && p.memory[i].base < base + size) return true;
    return false;
}

uint32_t cells_of(const void* fdt, int node, const char* name, uint32_t fallback)
{
    int len;
    const void* v = fdt_getprop(fdt, node, name, &len);
    return v && len == 4 ? fdt::cell(v) : fallback;
}

// Every device node that dom0 gets: its MMIO mapped 1:1, its SPIs routed.
void pass_through_devices(Domain& d, const PlatformInfo& p, const void* fdt)
{
    int depth = 0;
    unsigned mapped = 0, irqs = 0;
    for (int node = fdt_next_node(fdt, -1, &depth); node >= 0; node = fdt_next_node(fdt, node, &depth)) {
        if (depth < 2) continue; // the root (fdt_next_node counts it as depth 1)
        const char* status = static_cast<const char*>(fdt_getprop(fdt, node, "status", nullptr));
        if (status && std::strcmp(status, "okay") != 0 && std::strcmp(status, "ok") != 0) continue;
        const char* type = static_cast<const char*>(fdt_getprop(fdt, node, "device_type", nullptr));
        if (type && (std::strcmp(type, "memory") == 0 || std::strcmp(type, "cpu") == 0)) continue;
        int parent = fdt_parent_offset(fdt, node);
        // Only devices addressed like the root (no bus translation to apply).
        int ranges_len = -1;
        bool direct = parent == 0 || (fdt_getprop(fdt, parent, "ranges", &ranges_len) && ranges_len == 0);
        if (!direct) continue;
        uint32_t ac = cells_of(fdt, parent, "#address-cells", 2), sc = cells_of(fdt, parent, "#size-cells", 1);
        int len;
        const void* reg = fdt_getprop(fdt, node, "reg", &len);
        if (!reg || ac == 0 || ac > 2 || sc == 0 || sc > 2 || !fdt_getprop(fdt, node, "compatible", nullptr)) continue;
        uint64_t first_base = 0;
        for (int off = 0; off + int((ac + sc) * 4) <= len; off += int((ac + sc) * 4)) {
            uint64_t base = 0, size = 0;
            for (uint32_t i = 0; i < ac; ++i) base = (base << 32) | fdt::cell(reg, unsigned(off / 4) + i);
            for (uint32_t i = 0; i < sc; ++i) size = (size << 32) | fdt::cell(reg, unsigned(off / 4) + ac + i);
            if (off == 0) first_base = base;
            if (first_base == p.uart.base || first_base == p.gic_dist.base) break; // ours / emulated
            if (!size || overlaps_ram(p, base, size)) continue;
            uint64_t start = align_down(base, kPageSize), end = align_up(base + size, kPageSize);
            Status s = d.p2m().map(start, Pa(start), end - start,
                                   Attributes{MemType::Device, true, false, static_cast<uint8_t>(P2mType::Mmio)});
            if (s == Status::Ok) ++mapped;
        }
        if (first_base == p.uart.base || first_base == p.gic_dist.base) continue;
        const void* irq = fdt_getprop(fdt, node, "interrupts", &len);
        for (int i = 0; irq && (i + 1) * 12 <= len; ++i)
            if (fdt::cell(irq, unsigned(i * 3)) == 0 && route_spi_to_domain(fdt::cell(irq, unsigned(i * 3 + 1)) + 32, d) == Status::Ok)
                ++irqs;
    }
    console::log("dom0: %u device ranges mapped, %u SPIs routed", mapped, irqs);
}

} // namespace

Domain* build_dom0(const PlatformInfo& p, const void* host_fdt, unsigned online_cpus)
{
    console::log("*** LOADING DOMAIN 0 ***");
    const BootModule& kernel = p.dom0_kernel;
    const BootModule& ramdisk = p.dom0_ramdisk;
    console::log("Loading d0 kernel from boot module @ %#llx", static_cast<unsigned long long>(kernel.range.base));
    if (ramdisk.kind == BootModule::Kind::Ramdisk)
        console::log("Loading ramdisk from boot module @ %#llx", static_cast<unsigned long long>(ramdisk.range.base));

    Domain* d = heap_new<Domain>(0, 0, table_memory(), frame_allocator());
    if (!d) return fail(nullptr, "out of hypervisor heap");
    unsigned spis = gic().lines() > 32 ? gic().lines() - 32 : 0;
    if (d->init("Domain-0", spis) != Status::Ok) return fail(d, "cannot set up its p2m and vGIC");
    d->set_direct_mapped(true);
    d->set_event_channel_ppi(kDom0EventChannelPpi);
    d->set_hvm_param(0, (2ull << 56) | (2ull << 8) | kDom0EventChannelPpi);

    // RAM 1:1, one bank, 128 MiB aligned when possible (the zImage
    // decompresses to its own address rounded down to 128 MiB).
    uint64_t mem = dom0_memory();
    auto pa = frame_allocator().alloc(mem / kPageSize, k128M / kPageSize, d->id());
    if (!pa) pa = frame_allocator().alloc(mem / kPageSize, k2M / kPageSize, d->id());
    if (!pa) return fail(d, "not enough contiguous memory for dom0_mem");
    if (d->map_direct_ram(*pa, mem) != Status::Ok) return fail(d, "cannot map its RAM"); // zeroed: the allocator's
    console::log("Allocating 1:1 mappings totalling %lluMB for dom0:", static_cast<unsigned long long>(mem >> 20));
    console::log("BANK[0] %#014llx-%#014llx (%lluMB)", static_cast<unsigned long long>(pa->value),
                 static_cast<unsigned long long>(pa->value + mem), static_cast<unsigned long long>(mem >> 20));

    // The grant-table region: an IPA range that is neither RAM nor MMIO of
    // dom0. Like Xen, use the hypervisor's own image addresses.
    uint64_t grant_base = align_down(reinterpret_cast<uintptr_t>(__image_start), kPageSize);
    console::log("Grant table range: %#014llx-%#014llx", static_cast<unsigned long long>(grant_base),
                 static_cast<unsigned long long>(grant_base + kGrantFrames * kPageSize));

    // The vGIC at the host GIC's addresses; GICV where GICC is.
    d->mmio().add(Ipa(p.gic_dist.base), p.gic_dist.size, d->vgic());
    uint64_t gicc_size = p.gic_cpu.size < p.gic_vcpu.size ? p.gic_cpu.size : p.gic_vcpu.size;
    if (d->p2m().map(p.gic_cpu.base, Pa(p.gic_vcpu.base), align_up(gicc_size, kPageSize),
                     Attributes{MemType::Device, true, false, static_cast<uint8_t>(P2mType::Mmio)}) != Status::Ok)
        return fail(d, "cannot map the GIC virtual CPU interface");
    pass_through_devices(*d, p, host_fdt);
    console::log("Allocating PPI %u for event channel interrupt", kDom0EventChannelPpi);

    // Kernel, DTB and initrd.
    const auto* image = static_cast<const uint8_t*>(arch::phys_to_virt(kernel.range.base));
    ZImageInfo zimage;
    const char* error = nullptr;
    if (parse_zimage(image, kernel.range.size, zimage, error) != Status::Ok) return fail(d, "kernel module", error);
    uint64_t load;
    if (!zimage_place(zimage, pa->value, mem, load)) return fail(d, "the kernel does not fit in dom0's RAM");
    uint64_t initrd_size = ramdisk.kind == BootModule::Kind::Ramdisk ? ramdisk.range.size : 0;
    uint64_t dtb_at = pa->value + k128M;
    uint64_t initrd_at = dtb_at + k2M;
    if (initrd_at + align_up(initrd_size, k2M) > pa->value + mem || dtb_at < load + zimage.length)
        return fail(d, "no room for the device tree and initrd above the kernel (dom0_mem too small?)");

    constexpr size_t kDtbCapacity = 64 * 1024;
    auto* dtb = static_cast<unsigned char*>(hypervisor_heap().alloc(kDtbCapacity));
    if (!dtb) return fail(d, "out of hypervisor heap for its device tree");
    Dom0DtbSpec spec;
    spec.host_fdt = host_fdt;
    spec.vcpus = dom0_vcpus(online_cpus);
    spec.banks[0] = {pa->value, mem};
    spec.bank_count = 1;
    spec.bootargs = dom0_command_line(p);
    if (initrd_size) {
        spec.initrd_start = initrd_at;
        spec.initrd_end = initrd_at + initrd_size;
    }
    spec.grant_base = grant_base;
    spec.grant_size = kGrantFrames * kPageSize;
    spec.event_channel_ppi = kDom0EventChannelPpi;
    spec.hypervisor_uart = p.uart.base;
    size_t dtb_size = 0;
    Status built = build_dom0_dtb(spec, dtb, kDtbCapacity, dtb_size, error);
    if (built != Status::Ok) {
        hypervisor_heap().free(dtb);
        return fail(d, "device tree", error);
    }
    console::log("Loading zImage from %#llx to %#llx-%#llx", static_cast<unsigned long long>(kernel.range.base),
                 static_cast<unsigned long long>(load), static_cast<unsigned long long>(load + zimage.length));
    copy_to_guest_phys(*d, load, image, zimage.length);
    if (initrd_size) {
        console::log("Loading d0 initrd from %#llx to %#llx-%#llx", static_cast<unsigned long long>(ramdisk.range.base),
                     static_cast<unsigned long long>(initrd_at), static_cast<unsigned long long>(initrd_at + initrd_size));
        copy_to_guest_phys(*d, initrd_at, arch::phys_to_virt(ramdisk.range.base), initrd_size);
    }
    console::log("Loading d0 DTB to %#llx-%#llx", static_cast<unsigned long long>(dtb_at),
                 static_cast<unsigned long long>(dtb_at + dtb_size));
    copy_to_guest_phys(*d, dtb_at, dtb, dtb_size);
    hypervisor_heap().free(dtb);

    if (d->create_vcpus(spec.vcpus) != Status::Ok) return fail(d, "cannot create its vCPUs");
    uint64_t counter = arch::counter();
    for (unsigned i = 0; i < spec.vcpus; ++i)
        arch::vcpu_context_init(d->vcpu(i)->context, i, 0, d->p2m().root().value, counter);
    d->vcpu(0)->reset(static_cast<uint32_t>(load), 0, 0xffffffffu, static_cast<uint32_t>(dtb_at));
    console::log("d0: %u vCPU%s, command line \"%s\"", spec.vcpus, spec.vcpus == 1 ? "" : "s", spec.bootargs);
    scheduler::add_domain(*d);
    return d;
}

} // namespace hv
