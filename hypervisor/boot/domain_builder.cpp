#include "boot/domain_builder.hpp"

#include "arch/cpu.hpp"
#include "arch/vcpu_context.hpp"
#include "boot/start.hpp"
#include "boot/zimage.hpp"
#include "core/console.hpp"
#include "core/domain.hpp"
#include "core/guest_devices.hpp"
#include "core/guest_memory.hpp"
#include "core/scheduler.hpp"
#include "core/vcpu.hpp"
#include "include/public/xen.hpp"
#include "mm/frame_table_memory.hpp"
#include "mm/heap.hpp"
#include "shared/guest_platform/guest_dtb.hpp"
#include "shared/guest_platform/module_placement.hpp"

namespace hv {
namespace {

bool fail(Domain* d, uint16_t domid, const char* what, const char* detail)
{
    console::log("d%u: %s%s%s: domain not created", domid, what, detail ? ": " : "", detail ? detail : "");
    heap_delete(d);
    return false;
}

} // namespace

bool build_boot_domain(const DomainSpec& spec, uint16_t domid)
{
    console::log("*** LOADING DOMU d%u (%s) ***", domid, spec.name);
    uint64_t ram = spec.memory_kb * 1024;
    if (ram == 0 || ram > xen::GUEST_RAM0_SIZE || (ram & (kPageSize - 1)))
        return fail(nullptr, domid, "memory must be a non-zero multiple of 4 KiB within the first RAM bank", nullptr);
    if (spec.vcpus == 0 || spec.vcpus > Domain::kMaxVcpus)
        return fail(nullptr, domid, "cpus must be between 1 and 8", nullptr);

    Domain* d = heap_new<Domain>(domid, static_cast<uint8_t>(domid), table_memory(), frame_allocator());
    if (!d) return fail(nullptr, domid, "out of hypervisor heap", nullptr);
    if (d->init(spec.name) != Status::Ok) return fail(d, domid, "no memory for its stage-2 table", nullptr);
    d->set_event_channel_ppi(guest_platform::kGuestEventChannelPpi);
    // HVM_PARAM_CALLBACK_IRQ: type PPI (2) in [63:56], level active-low flags, the INTID.
    d->set_hvm_param(0, (2ull << 56) | (2ull << 8) | guest_platform::kGuestEventChannelPpi);
    if (Status s = d->populate_ram(Ipa(xen::GUEST_RAM0_BASE), ram); s != Status::Ok)
        return fail(d, domid, "cannot allocate its RAM", status_name(s));
    if (Status s = attach_guest_devices(*d, true); s != Status::Ok)
        return fail(d, domid, "cannot map the GIC virtual CPU interface", status_name(s));

    const auto* image = static_cast<const uint8_t*>(arch::phys_to_virt(spec.kernel.range.base));
    ZImageInfo zimage;
    const char* error = nullptr;
    if (parse_zimage(image, spec.kernel.range.size, zimage, error) != Status::Ok)
        return fail(d, domid, "kernel module is not a usable zImage", error);
    uint64_t load;
    if (!zimage_place(zimage, xen::GUEST_RAM0_BASE, ram, load))
        return fail(d, domid, "kernel does not fit in the domain's RAM", nullptr);
    console::log("Loading zImage from %#llx to %#llx-%#llx",
                 static_cast<unsigned long long>(spec.kernel.range.base), static_cast<unsigned long long>(load),
                 static_cast<unsigned long long>(load + zimage.length));
    if (copy_to_guest_phys(*d, load, image, zimage.length) != Status::Ok)
        return fail(d, domid, "cannot copy the kernel", nullptr);

    // Its device tree, and the initrd if there is one.
    static unsigned char dtb[16384];
    size_t dtb_size = 0;
    guest_platform::GuestDtbSpec dt;
    dt.vcpus = spec.vcpus;
    dt.memory[0] = {xen::GUEST_RAM0_BASE, ram};
    dt.memory_banks = 1;
    dt.bootargs = spec.bootargs;
    dt.timer_frequency = platform().timer_frequency;
    dt.vuart = true;
    uint64_t initrd_size = spec.ramdisk.kind == BootModule::Kind::Ramdisk ? spec.ramdisk.range.size : 0;
    guest_platform::ModulePlacement where;
    if (guest_platform::build_guest_dtb(dt, dtb, sizeof dtb, dtb_size) != guest_platform::DtbResult::Ok ||
        !guest_platform::place_modules(xen::GUEST_RAM0_BASE, ram, load, load + zimage.length, initrd_size, dtb_size,
                                       where))
        return fail(d, domid, "no room for its device tree and initrd", nullptr);
    if (initrd_size) {
        dt.initrd_start = where.initrd;
        dt.initrd_end = where.initrd + initrd_size;
        if (guest_platform::build_guest_dtb(dt, dtb, sizeof dtb, dtb_size) != guest_platform::DtbResult::Ok)
            return fail(d, domid, "cannot build its device tree", nullptr);
        if (copy_to_guest_phys(*d, where.initrd, arch::phys_to_virt(spec.ramdisk.range.base), initrd_size) != Status::Ok)
            return fail(d, domid, "cannot copy the initrd", nullptr);
        console::log("Loading d%u initrd from %#llx to %#llx-%#llx", domid,
                     static_cast<unsigned long long>(spec.ramdisk.range.base),
                     static_cast<unsigned long long>(where.initrd), static_cast<unsigned long long>(where.initrd + initrd_size));
    }
    if (copy_to_guest_phys(*d, where.dtb, dtb, dtb_size) != Status::Ok)
        return fail(d, domid, "cannot copy its device tree", nullptr);
    console::log("Loading d%u DTB to %#llx-%#llx", domid, static_cast<unsigned long long>(where.dtb),
                 static_cast<unsigned long long>(where.dtb + dtb_size));

    if (d->create_vcpus(spec.vcpus) != Status::Ok) return fail(d, domid, "cannot create its vCPUs", nullptr);
    Vcpu& boot = *d->vcpu(0);
    uint64_t vttbr_root = d->p2m().root().value;
    arch::vcpu_context_init(boot.context, 0, d->vmid(), vttbr_root, arch::counter());
    // Linux's boot protocol: r0 = 0, r1 = machine type (~0: use the DT), r2 = DTB.
    boot.reset(static_cast<uint32_t>(load), 0, 0xffffffffu, static_cast<uint32_t>(where.dtb));
    console::log("d%u: %llu MiB RAM at %#llx, %u vCPU%s, entry %#llx", domid,
                 static_cast<unsigned long long>(ram >> 20), static_cast<unsigned long long>(xen::GUEST_RAM0_BASE),
                 spec.vcpus, spec.vcpus == 1 ? "" : "s", static_cast<unsigned long long>(load));
    scheduler::add_domain(*d);
    return true;
}

} // namespace hv
