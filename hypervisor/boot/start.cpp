#include "boot/start.hpp"

#include <new>

#include "arch/barrier.hpp"
#include "arch/boot.hpp"
#include "arch/cpu.hpp"
#include "boot/boot_args.hpp"
#include "boot/device_tree.hpp"
#include "boot/dom0_builder.hpp"
#include "boot/domain_builder.hpp"
#include "boot/fdt.hpp"
#include "core/console.hpp"
#include "core/console_input.hpp"
#include "core/domain.hpp"
#include "include/public/event_channel.hpp"
#include "core/irq.hpp"
#include "core/panic.hpp"
#include "core/scheduler.hpp"
#include "drivers/gicv2.hpp"
#include "drivers/pl011.hpp"
#include "mm/frame_table_memory.hpp"
#include "mm/heap.hpp"
#include "core/guest_devices.hpp"
#include "mm/range_set.hpp"

namespace hv {
namespace {

constexpr uint64_t kHeapSize = 1ull << 20;
constexpr uint64_t k4G = 1ull << 32;

PlatformInfo platform_;
alignas(Pl011) unsigned char uart_storage_[sizeof(Pl011)];
Pl011* uart_ = nullptr;
Domain* dom0_ = nullptr;

// Serial input goes to dom0's console (VIRQ_CONSOLE, then CONSOLEIO_read).
void console_input_interrupt()
{
    // Acknowledge first, then drain: a character that lands after the last
    // read raises the interrupt again. (The other order loses it, and with
    // a full FIFO the line stalls for good.)
    uart_->clear_receive_interrupt();
    for (int c; (c = uart_->get_char()) >= 0;) console_input::push(static_cast<char>(c));
    if (dom0_) dom0_->event_channels().raise_virq(xen::VIRQ_CONSOLE);
}

void attach_console()
{
    if (!platform_.uart_compatible) return;
    uart_ = new (uart_storage_) Pl011(static_cast<uintptr_t>(platform_.uart.base));
    console::attach(uart_);
}

// console=dtuart (the default: the device tree's stdout-path UART) or
// console=none (silent). Serial input still reaches dom0 either way.
void apply_console_option()
{
    BootOption option = find_boot_option(hypervisor_command_line(), "console");
    if (!option.found || option.value == "dtuart") return;
    if (option.value == "none") {
        console::attach(nullptr);
        return;
    }
    console::log("console=%.*s: unknown console, using dtuart", int(option.value.size()), option.value.data());
}

void print_banner()
{
    uint32_t midr = arch::cpu_id_register();
    console::log("Xen-compatible hypervisor for ARMv7-A (Xen %u.%u ABI), built %s", 4u, 17u, __DATE__);
    console::log("Processor: %08x: implementer %#x, part %#x, variant %#x, rev %#x", midr, midr >> 24,
                 (midr >> 4) & 0xfff, (midr >> 20) & 0xf, midr & 0xf);
    console::log("Command line: %s", hypervisor_command_line());
    console::log("Generic Timer IRQ: phys=%u hyp=%u virt=%u Freq: %u KHz", platform_.timer_irq[1],
                 platform_.timer_irq[3], platform_.timer_irq[2], arch::counter_frequency() / 1000);
    console::log("GICv2: dist %#llx cpu %#llx hyp %#llx vcpu %#llx, maintenance IRQ %u",
                 static_cast<unsigned long long>(platform_.gic_dist.base),
                 static_cast<unsigned long long>(platform_.gic_cpu.base),
                 static_cast<unsigned long long>(platform_.gic_hyp.base),
                 static_cast<unsigned long long>(platform_.gic_vcpu.base), platform_.gic_maintenance_irq);
    console::log("%u CPU%s in the device tree", platform_.cpu_count, platform_.cpu_count == 1 ? "" : "s");
}

void reserve_module(RangeSet& free, const BootModule& m)
{
    if (m.kind != BootModule::Kind::None) free.subtract(m.range.base, m.range.size);
}

// RAM minus everything that must survive: us, the DTB, reserved regions and
// the boot modules (they are copied into guests later).
void init_frame_allocator(const void* fdt, uint64_t image_start, uint64_t image_end)
{
    RangeSet free;
    uint64_t ram_frames = 0; // what the machine has for us, the hypervisor's own pages included
    console::log("Physical memory map:");
    for (unsigned i = 0; i < platform_.memory_count; ++i) {
        const MemRange& m = platform_.memory[i];
        console::log("  RAM  %#013llx-%#013llx (%llu MiB)", static_cast<unsigned long long>(m.base),
                     static_cast<unsigned long long>(m.base + m.size), static_cast<unsigned long long>(m.size >> 20));
        if (m.base >= k4G) {
            console::log("  (RAM above 4 GiB is not used: the Hyp address space is 32 bits)");
            continue;
        }
        uint64_t size = m.base + m.size > k4G ? k4G - m.base : m.size;
        arch::early_map_ram(m.base, size);
        free.add(m.base, size);
        ram_frames += size >> kPageShift;
    }
    frame_allocator().set_ram_frames(ram_frames);
    free.subtract(image_start, image_end - image_start);
    uint32_t dtb_size = fdt::cell(fdt, 1); // totalsize
    free.subtract(reinterpret_cast<uintptr_t>(fdt), dtb_size);
    for (unsigned i = 0; i < platform_.reserved_count; ++i)
        free.subtract(platform_.reserved[i].base, platform_.reserved[i].size);
    reserve_module(free, platform_.dom0_kernel);
    reserve_module(free, platform_.dom0_ramdisk);
    for (unsigned i = 0; i < platform_.domain_count; ++i) {
        reserve_module(free, platform_.domains[i].kernel);
        reserve_module(free, platform_.domains[i].ramdisk);
    }
    console::log("  hypervisor %#llx-%#llx, device tree %#lx-%#lx",
                 static_cast<unsigned long long>(image_start), static_cast<unsigned long long>(image_end),
                 static_cast<unsigned long>(reinterpret_cast<uintptr_t>(fdt)),
                 static_cast<unsigned long>(reinterpret_cast<uintptr_t>(fdt) + dtb_size));
    for (unsigned i = 0; i < free.count(); ++i)
        if (frame_allocator().add_region(Pa(free[i].base), free[i].size) != Status::Ok)
            console::log("  (free range %#llx+%#llx not usable)", static_cast<unsigned long long>(free[i].base),
                         static_cast<unsigned long long>(free[i].size));
    console::log("Frame allocator: %llu free frames (%llu MiB)",
                 static_cast<unsigned long long>(frame_allocator().free_frames()),
                 static_cast<unsigned long long>(frame_allocator().free_frames() >> 8));
}

void init_heap()
{
    auto pa = frame_allocator().alloc(kHeapSize / kPageSize);
    if (!pa) panic("no memory for the hypervisor heap");
    hypervisor_heap().init(arch::phys_to_virt(pa->value), kHeapSize);
}

void map_device(PageTable& table, const MemRange& r)
{
    if (!r.size) return;
    uint64_t base = align_down(r.base, kPageSize);
    uint64_t size = align_up(r.base + r.size, kPageSize) - base;
    Status s = table.map(base, Pa(base), size, Attributes{MemType::Device, true, false, 0});
    if (s != Status::Ok && s != Status::Busy) panic("cannot map device %#llx: %s", static_cast<unsigned long long>(base), status_name(s));
}

// The final Hyp address space: RAM 1:1 as Normal memory, our devices 1:1 as
// Device memory, nothing else.
void build_hyp_page_table()
{
    static PageTable table(TableFormat::HypStage1, table_memory(), 32);
    if (table.init() != Status::Ok) panic("no memory for the Hyp page table");
    for (unsigned i = 0; i < platform_.memory_count; ++i) {
        const MemRange& m = platform_.memory[i];
        if (m.base >= k4G) continue;
        uint64_t size = m.base + m.size > k4G ? k4G - m.base : m.size;
        Status s = table.map(align_down(m.base, kPageSize), Pa(align_down(m.base, kPageSize)), align_down(size, kPageSize),
                             Attributes{MemType::Normal, true, true, 0});
        if (s != Status::Ok) panic("cannot map RAM in the Hyp page table: %s", status_name(s));
    }
    map_device(table, platform_.uart);
    map_device(table, platform_.gic_dist);
    map_device(table, platform_.gic_cpu);
    map_device(table, platform_.gic_hyp);
    arch::install_hyp_page_table(table.root().value);
}

// hyp_selftest=fault: provokes a data abort in Hyp mode, to show (and let
// the tests check) what a hypervisor bug looks like: a register dump, the
// syndrome, and the CPU stopped.
void run_selftest()
{
    BootOption option = find_boot_option(hypervisor_command_line(), "hyp_selftest");
    if (!option.found) return;
    if (option.value != "fault") {
        console::log("hyp_selftest: unknown value (known: fault)");
        return;
    }
    console::log("hyp_selftest=fault: reading an address the hypervisor does not map");
    (void)*reinterpret_cast<volatile uint32_t*>(uintptr_t(0xdeadbeec));
}

void init_interrupts()
{
    if (!platform_.gic_dist.size || !platform_.gic_cpu.size || !platform_.gic_hyp.size || !platform_.gic_vcpu.size)
        panic("the device tree describes no GICv2 with virtualization extensions (4 reg ranges)");
    set_gic_virtual_cpu_interface(Pa(platform_.gic_vcpu.base));
    GicV2& g = gic();
    g.init(static_cast<uintptr_t>(platform_.gic_dist.base), static_cast<uintptr_t>(platform_.gic_cpu.base),
           static_cast<uintptr_t>(platform_.gic_hyp.base));
    IrqNumbers numbers;
    if (platform_.timer_irq[3]) numbers.hyp_timer = platform_.timer_irq[3];
    if (platform_.timer_irq[2]) numbers.virt_timer = platform_.timer_irq[2];
    if (platform_.gic_maintenance_irq) numbers.maintenance = platform_.gic_maintenance_irq;
    irq_init_cpu(numbers);
    console::log("GICv2: %u lines, IID %08x, %u list registers", g.lines(), g.iidr(), g.list_registers());
}

volatile unsigned cpus_online_ = 1;

// The other CPUs of the device tree, through the firmware's PSCI CPU_ON.
unsigned start_secondary_cpus()
{
    unsigned wanted = platform_.cpu_count < 8 ? platform_.cpu_count : 8;
    if (BootOption max = find_boot_option(hypervisor_command_line(), "maxcpus"); max.found) {
        unsigned n = 0;
        for (char c : max.value) n = (c >= '0' && c <= '9') ? n * 10 + unsigned(c - '0') : n;
        if (n >= 1 && n < wanted) wanted = n;
    }
    for (unsigned cpu = 1; cpu < wanted; ++cpu) {
        console::log("Bringing up CPU%u", cpu);
        unsigned before = cpus_online_;
        if (!arch::start_cpu(cpu, platform_.cpu_mpidr[cpu])) {
            console::log("CPU%u: the firmware refused to start it", cpu);
            break;
        }
        uint64_t deadline = arch::counter() + arch::counter_frequency(); // 1 s
        while (cpus_online_ == before && arch::counter() < deadline) {
        }
        if (cpus_online_ == before) {
            console::log("CPU%u did not come up", cpu);
            break;
        }
    }
    console::log("Brought up %u CPU%s", cpus_online_, cpus_online_ == 1 ? "" : "s");
    return cpus_online_;
}

} // namespace

const PlatformInfo& platform() { return platform_; }

void secondary_cpu_main(unsigned cpu)
{
    arch::init_hyp_cpu();
    irq_init_secondary_cpu();
    arch::dsb();
    cpus_online_ = cpu + 1; // CPUs come up one at a time, in order
    scheduler::start();
}

void start_hypervisor(const void* fdt, uint64_t image_start, uint64_t image_end)
{
    const char* error = nullptr;
    Status parsed = parse_device_tree(fdt, platform_, error);
    attach_console(); // the UART comes from the tree: without it nothing can be printed
    if (parsed != Status::Ok) panic("device tree at %p: %s", fdt, error);
    set_hypervisor_command_line(platform_.hypervisor_bootargs);
    apply_console_option();
    print_banner();
    init_frame_allocator(fdt, image_start, image_end);
    init_heap();
    build_hyp_page_table();
    console::log("Hyp MMU on: RAM mapped 1:1, write-back cacheable");
    arch::init_hyp_cpu();
    init_interrupts();
    console::log("P2M: 40-bit IPA, 3 levels with order-1 root, VTCR %#x", arch::vtcr_value());
    run_selftest();

    unsigned online = start_secondary_cpus();
    scheduler::set_online_cpus(online);
    unsigned created = 0;
    if (platform_.dom0_kernel.kind == BootModule::Kind::Kernel) {
        dom0_ = build_dom0(platform_, fdt, online);
        if (!dom0_) panic("Could not set up DOM0 guest OS");
        ++created;
        if (platform_.uart_irq && uart_) {
            uart_->enable_receive_interrupt();
            set_console_input_irq(platform_.uart_irq, console_input_interrupt);
            console::log("*** Serial input to DOM0 ***");
        }
    }
    for (unsigned i = 0; i < platform_.domain_count; ++i)
        if (build_boot_domain(platform_.domains[i], static_cast<uint16_t>(i + 1))) ++created;
    if (created == 0)
        panic("no domain to run: give a dom0 kernel module or a /chosen node with compatible \"xen,domain\"");
    frame_allocator().start_scrubbing(); // the boot-time domains have their memory
    scheduler::kick_all(); // the other CPUs wait for their first vCPUs
    scheduler::start();
}

} // namespace hv
