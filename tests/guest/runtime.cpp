// The test guests' runtime: platform discovery, console, exceptions,
// interrupts, the virtual timer, other CPUs, the test runner.
#include <cstdarg>
#include <cstddef>

#include "fdt_reader.hpp"
#include "guest.hpp"
#include "lib/format.hpp"

extern "C" {
extern const guest::TestCase __start_tests[];
extern const guest::TestCase __stop_tests[];
extern char guest_secondary_entry[];
const void* guest_boot_dtb;
void guest_main();
void guest_secondary_main(unsigned cpu);
uint32_t guest_on_exception(uint32_t kind, uint32_t lr, uint32_t spsr);

void* memcpy(void* d, const void* s, size_t n)
{
    auto* dd = static_cast<unsigned char*>(d);
    auto* ss = static_cast<const unsigned char*>(s);
    while (n--) *dd++ = *ss++;
    return d;
}
void* memset(void* d, int c, size_t n)
{
    auto* dd = static_cast<unsigned char*>(d);
    while (n--) *dd++ = static_cast<unsigned char>(c);
    return d;
}
int __aeabi_idiv0(int) { return 0; }
long long __aeabi_ldiv0(long long) { return 0; }
}

namespace guest {
namespace {

Platform platform_;
ExceptionRecord last_{};
volatile bool expecting_ = false;
unsigned failures_in_test_ = 0;
IrqHandler irq_handler_ = nullptr;
void (*volatile cpu_entry_[8])(unsigned) = {};

uint32_t mrc_dfar()
{
    uint32_t v;
    asm volatile("mrc p15, 0, %0, c6, c0, 0" : "=r"(v));
    return v;
}
uint32_t mrc_dfsr()
{
    uint32_t v;
    asm volatile("mrc p15, 0, %0, c5, c0, 0" : "=r"(v));
    return v;
}

volatile uint32_t& reg(uintptr_t base, uint32_t offset) { return *reinterpret_cast<volatile uint32_t*>(base + offset); }

void discover_platform()
{
    const void* dtb = guest_boot_dtb;
    if (!fdt::valid(dtb)) return; // no tree: assume the Xen guest defaults below
    platform_.xen = fdt::find_compatible(dtb, "xen,xen") >= 0;
    int gic = fdt::find_compatible(dtb, "arm,cortex-a15-gic");
    fdt::Property r = fdt::property(dtb, gic, "reg");
    if (r.found() && r.length >= 32) {
        platform_.gicd = uintptr_t(r.cells(0, 2));
        platform_.gicc = uintptr_t(r.cells(4, 2));
    }
    fdt::Property method = fdt::property(dtb, fdt::find_root_child(dtb, "psci"), "method");
    platform_.psci_hvc = !(method.found() && method.data[0] == 's');
    fdt::Property uart = fdt::property(dtb, fdt::find_compatible(dtb, "arm,pl011"), "reg");
    if (uart.found()) platform_.uart = uintptr_t(uart.cells(0, 2));
    fdt::Property mem = fdt::property(dtb, fdt::find_root_child(dtb, "memory"), "reg");
    if (mem.found()) {
        platform_.ram_base = mem.cells(0, 2);
        platform_.ram_size = mem.cells(2, 2);
    }
    if (unsigned cpus = fdt::count_nodes(dtb, "cpu@")) platform_.cpus = cpus;
    fdt::Property args = fdt::property(dtb, fdt::find_root_child(dtb, "chosen"), "bootargs");
    if (args.found() && args.length) platform_.bootargs = reinterpret_cast<const char*>(args.data);
}

} // namespace

const Platform& platform() { return platform_; }

uint64_t bootarg(const char* key, uint64_t fallback)
{
    for (const char* p = platform_.bootargs; *p;) {
        const char* k = key;
        const char* q = p;
        while (*k && *q == *k) ++q, ++k;
        if (!*k && *q == '=' && (p == platform_.bootargs || p[-1] == ' ' || p[-1] == ',')) {
            ++q;
            unsigned base = (q[0] == '0' && q[1] == 'x') ? 16 : 10;
            if (base == 16) q += 2;
            uint64_t v = 0;
            for (;; ++q) {
                unsigned d = *q >= '0' && *q <= '9' ? unsigned(*q - '0')
                             : base == 16 && *q >= 'a' && *q <= 'f' ? unsigned(*q - 'a' + 10)
                                                                  : 99;
                if (d >= base) break;
                v = v * base + d;
            }
            return v;
        }
        ++p;
    }
    return fallback;
}

void print(const char* text)
{
    size_t n = 0;
    while (text[n]) ++n;
    if (platform_.xen || !platform_.uart) {
        guest_hypercall(kHypercallConsoleIo, kConsoleIoWrite, static_cast<uint32_t>(n),
                        static_cast<uint32_t>(reinterpret_cast<uintptr_t>(text)));
        return;
    }
    for (size_t i = 0; i < n; ++i) {
        while (reg(platform_.uart, 0x18) & (1u << 5)) {
        }
        reg(platform_.uart, 0) = static_cast<unsigned char>(text[i]);
    }
}

void printf(const char* fmt, ...)
{
    char buf[256];
    va_list args;
    va_start(args, fmt);
    hv::format_to(buf, sizeof buf, fmt, args);
    va_end(args);
    print(buf);
}

uint32_t psci(uint32_t fid, uint32_t a1, uint32_t a2, uint32_t a3)
{
    return platform_.psci_hvc ? guest_smccc_hvc(fid, a1, a2, a3) : guest_smccc_smc(fid, a1, a2, a3);
}

void expect_exception()
{
    last_ = ExceptionRecord{};
    expecting_ = true;
}

// Reading the record closes the window: an expectation that caught nothing
// must not swallow a later, unexpected exception.
const ExceptionRecord& last_exception()
{
    expecting_ = false;
    return last_;
}

void report_failure(const char* file, int line, const char* expr, unsigned long long a, unsigned long long b)
{
    ++failures_in_test_;
    printf("  %s:%d: expected %s (%#llx vs %#llx)\n", file, line, expr, a, b);
}

void set_irq_handler(IrqHandler handler) { irq_handler_ = handler; }

namespace gic {
void init_distributor()
{
    reg(platform_.gicd, 0x000) = 0;
    uint32_t lines = ((reg(platform_.gicd, 0x004) & 0x1f) + 1) * 32;
    for (uint32_t i = 32; i < lines; i += 32) reg(platform_.gicd, 0x180 + i / 8) = 0xffffffffu;
    for (uint32_t i = 32; i < lines; i += 4) reg(platform_.gicd, 0x400 + i) = 0xa0a0a0a0u;
    reg(platform_.gicd, 0x000) = 1;
}
void init_cpu()
{
    reg(platform_.gicd, 0x180) = 0xffff0000u; // PPIs off
    for (uint32_t i = 0; i < 32; i += 4) reg(platform_.gicd, 0x400 + i) = 0xa0a0a0a0u;
    reg(platform_.gicc, 0x004) = 0xf0; // PMR
    reg(platform_.gicc, 0x000) = 1;    // enable
}
void enable(unsigned irq, uint8_t priority)
{
    auto* prio = reinterpret_cast<volatile uint8_t*>(platform_.gicd + 0x400 + irq);
    *prio = priority;
    reg(platform_.gicd, 0x100 + (irq / 32) * 4) = 1u << (irq % 32);
}
void disable(unsigned irq) { reg(platform_.gicd, 0x180 + (irq / 32) * 4) = 1u << (irq % 32); }
void set_priority_mask(uint8_t pmr) { reg(platform_.gicc, 0x004) = pmr; }
void send_sgi(unsigned id, Filter filter, uint8_t targets)
{
    asm volatile("dsb" ::: "memory");
    reg(platform_.gicd, 0xf00) = (static_cast<uint32_t>(filter) << 24) | (uint32_t(targets) << 16) | (id & 0xf);
}
uint32_t read_distributor(uint32_t offset) { return reg(platform_.gicd, offset); }
} // namespace gic

uint64_t virtual_count()
{
    uint32_t lo, hi;
    asm volatile("isb\n\tmrrc p15, 1, %0, %1, c14" : "=r"(lo), "=r"(hi));
    return (uint64_t(hi) << 32) | lo;
}

uint32_t counter_frequency()
{
    uint32_t f;
    asm volatile("mrc p15, 0, %0, c14, c0, 0" : "=r"(f));
    return f;
}

void vtimer_arm(uint64_t compare_value)
{
    asm volatile("mcrr p15, 3, %0, %1, c14" ::"r"(uint32_t(compare_value)), "r"(uint32_t(compare_value >> 32)));
    asm volatile("mcr p15, 0, %0, c14, c3, 1\n\tisb" ::"r"(1u) : "memory"); // enable, unmasked
}

void vtimer_stop() { asm volatile("mcr p15, 0, %0, c14, c3, 1\n\tisb" ::"r"(0u) : "memory"); }

unsigned this_cpu()
{
    uint32_t mpidr;
    asm volatile("mrc p15, 0, %0, c0, c0, 5" : "=r"(mpidr));
    return (mpidr & 0xf) | (((mpidr >> 8) & 0xff) << 4);
}

uint32_t start_cpu(unsigned cpu, void (*entry)(unsigned))
{
    cpu_entry_[cpu & 7] = entry;
    asm volatile("dsb" ::: "memory");
    uint32_t mpidr = (cpu & 0xf) | ((cpu >> 4) << 8);
    return psci(0x84000003, mpidr, static_cast<uint32_t>(reinterpret_cast<uintptr_t>(guest_secondary_entry)), cpu);
}

void system_off()
{
    psci(0x84000008);
    for (;;) asm volatile("wfi");
}

} // namespace guest

using namespace guest;

uint32_t guest_on_exception(uint32_t kind, uint32_t lr, uint32_t spsr)
{
    if (kind == static_cast<uint32_t>(Exception::Irq)) {
        uint32_t iar = reg(platform_.gicc, 0x00c);
        unsigned id = iar & 0x3ff;
        if (id < 1020) {
            if (irq_handler_) irq_handler_(id, (iar >> 10) & 7);
            reg(platform_.gicc, 0x010) = iar; // EOI
        }
        return lr - 4; // LR_irq: the interrupted instruction + 4
    }
    last_.kind = static_cast<Exception>(kind);
    last_.lr = lr;
    last_.spsr = spsr;
    ++last_.count;
    if (kind == static_cast<uint32_t>(Exception::DataAbort)) {
        last_.dfar = mrc_dfar();
        last_.dfsr = mrc_dfsr();
    }
    if (!expecting_) {
        printf("FAIL unexpected exception %u (lr %#x, spsr %#x)\n", kind, lr, spsr);
        printf("GUEST EXIT status=2\n");
        system_off();
    }
    expecting_ = false;
    bool thumb = spsr & (1u << 5);
    switch (static_cast<Exception>(kind)) {
    case Exception::Undefined: return lr;                   // LR: the next instruction
    case Exception::DataAbort: return lr - (thumb ? 6 : 4); // LR = faulting + 8: skip it
    default: return lr;
    }
}

void guest_secondary_main(unsigned cpu)
{
    if (platform_.gicc) gic::init_cpu();
    if (auto entry = cpu_entry_[cpu & 7]) entry(cpu);
    psci(0x84000002); // CPU_OFF
    for (;;) asm volatile("wfi");
}

void guest_main()
{
    discover_platform();
    if (!platform_.gicd) { // no tree: Xen's guest memory map
        platform_.xen = true;
        platform_.gicd = 0x03001000;
        platform_.gicc = 0x03002000;
    }
    gic::init_distributor();
    gic::init_cpu();
    unsigned passed = 0, failed = 0;
    printf("guest: test guest started (%s, GIC at %#x/%#x)\n", platform_.xen ? "Xen guest" : "bare machine",
           unsigned(platform_.gicd), unsigned(platform_.gicc));
    for (const TestCase* t = __start_tests; t != __stop_tests; ++t) {
        failures_in_test_ = 0;
        t->run();
        if (expecting_) { // armed, never checked: the test is wrong
            expecting_ = false;
            ++failures_in_test_;
            printf("  an expected exception was never checked with last_exception()\n");
        }
        if (failures_in_test_) {
            ++failed;
            printf("FAIL %s\n", t->name);
        } else {
            ++passed;
            printf("PASS %s\n", t->name);
        }
    }
    printf("GUEST SUMMARY: %u passed, %u failed\n", passed, failed);
    printf("GUEST EXIT status=%u\n", failed ? 1u : 0u);
    system_off();
}
