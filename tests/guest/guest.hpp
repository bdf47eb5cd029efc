#pragma once
// A tiny framework for bare-metal test guests. They run on our hypervisor
// (Xen's domU machine: console through console_io, PSCI over HVC) or
// directly on QEMU's virt machine (console on its PL011); the device tree
// they boot with says which. TEST/EXPECT macros, exception capture, a GIC
// driver, the virtual timer, other CPUs through PSCI, and exit through PSCI
// SYSTEM_OFF. The QEMU test driver reads the PASS/FAIL lines.
#include <cstdint>

extern "C" {
long guest_hypercall(uint32_t nr, uint32_t a0 = 0, uint32_t a1 = 0, uint32_t a2 = 0, uint32_t a3 = 0,
                     uint32_t a4 = 0);
uint32_t guest_smccc_hvc(uint32_t fid, uint32_t a1 = 0, uint32_t a2 = 0, uint32_t a3 = 0);
uint32_t guest_smccc_smc(uint32_t fid, uint32_t a1 = 0, uint32_t a2 = 0, uint32_t a3 = 0);
}

namespace guest {

struct Platform {
    bool xen = false;       // the device tree has a "xen,xen" hypervisor node
    bool psci_hvc = true;   // PSCI conduit
    uintptr_t gicd = 0, gicc = 0;
    uintptr_t uart = 0;     // a PL011 to print on when not under a hypervisor
    unsigned cpus = 1;
    uint64_t ram_base = 0, ram_size = 0;
    const char* bootargs = ""; // /chosen/bootargs (boot.sh --guest-args)
};
const Platform& platform();
// The number after "key=" in the bootargs (decimal or 0x hex), else fallback.
uint64_t bootarg(const char* key, uint64_t fallback);

void print(const char* text);
void printf(const char* fmt, ...) __attribute__((format(printf, 1, 2)));

// PSCI through the conduit the device tree names.
uint32_t psci(uint32_t fid, uint32_t a1 = 0, uint32_t a2 = 0, uint32_t a3 = 0);

// Exceptions the guest takes. A test arms `expect_exception` before doing
// something that should fault; the handler records it and resumes after the
// faulting instruction. One exception per arming; `last_exception` disarms
// (a test that arms and never reads it fails). An unexpected exception
// fails the run.
enum class Exception : unsigned { None = 0, Undefined = 1, Svc = 2, PrefetchAbort = 3, DataAbort = 4, Irq = 6, Fiq = 7 };
struct ExceptionRecord {
    Exception kind;
    uint32_t lr; // the exception mode's LR on entry
    uint32_t spsr;
    uint32_t dfar, dfsr;
    unsigned count;
};
void expect_exception();
const ExceptionRecord& last_exception();

// A 32-bit load from `p` that the compiler keeps, whatever it knows of the
// object there: GCC turns *(volatile T*)&object into a plain access when it
// sees the object is not volatile, and drops it if the value is unused.
inline uint32_t load32(const void* p)
{
    uint32_t v;
    asm volatile("ldr %0, [%1]" : "=r"(v) : "r"(p) : "memory");
    return v;
}
// True if reading the word at `p` takes a data abort there.
inline bool read_aborts(const void* p)
{
    expect_exception();
    (void)load32(p);
    const ExceptionRecord& e = last_exception();
    return e.kind == Exception::DataAbort && e.dfar == uint32_t(reinterpret_cast<uintptr_t>(p));
}

// Interrupts: the handler runs in IRQ mode after the GIC acknowledged the
// interrupt; EOI follows its return.
using IrqHandler = void (*)(unsigned irq, unsigned source_cpu);
void set_irq_handler(IrqHandler handler);
inline void irq_enable() { asm volatile("cpsie i" ::: "memory"); }
inline void irq_disable() { asm volatile("cpsid i" ::: "memory"); }
inline void wfi() { asm volatile("dsb\n\twfi" ::: "memory"); }

namespace gic {
void init_distributor(); // once, by CPU 0
void init_cpu();         // on every CPU
void enable(unsigned irq, uint8_t priority = 0xa0);
void disable(unsigned irq);
void set_priority_mask(uint8_t pmr);
enum class Filter : uint32_t { List = 0, AllButSelf = 1, Self = 2 };
void send_sgi(unsigned id, Filter filter, uint8_t targets = 0);
uint32_t read_distributor(uint32_t offset);
} // namespace gic

// The virtual timer (PPI 27).
inline constexpr unsigned kVirtualTimerIrq = 27;
uint64_t virtual_count();
uint32_t counter_frequency();
void vtimer_arm(uint64_t compare_value); // enable, unmasked, at CNTV_CVAL
void vtimer_stop();
inline uint64_t ms_to_ticks(uint64_t ms) { return ms * counter_frequency() / 1000; }

// Other CPUs: CPU_ON through PSCI; `entry` runs on that CPU in SVC mode.
uint32_t start_cpu(unsigned cpu, void (*entry)(unsigned cpu));
unsigned this_cpu();

// PSCI SYSTEM_OFF, after printing the summary.
[[noreturn]] void system_off();

struct TestCase {
    const char* name;
    void (*run)();
};
void report_failure(const char* file, int line, const char* expr, unsigned long long a, unsigned long long b);

inline constexpr uint32_t kConsoleIoWrite = 0;
inline constexpr uint32_t kHypercallXenVersion = 17;
inline constexpr uint32_t kHypercallConsoleIo = 18;

} // namespace guest

#define GUEST_CAT2(a, b) a##b
#define GUEST_CAT(a, b) GUEST_CAT2(a, b)
#define TEST(name)                                                                                  \
    static void GUEST_CAT(test_, name)();                                                           \
    [[gnu::section(".tests"), gnu::used]] static const ::guest::TestCase GUEST_CAT(test_case_, name) = \
        {#name, GUEST_CAT(test_, name)};                                                            \
    static void GUEST_CAT(test_, name)()

#define EXPECT_EQ(a, b)                                                                             \
    do {                                                                                            \
        auto guest_a_ = (a);                                                                        \
        auto guest_b_ = (b);                                                                        \
        if (!(guest_a_ == guest_b_))                                                                \
            ::guest::report_failure(__FILE__, __LINE__, #a " == " #b,                               \
                                    static_cast<unsigned long long>(guest_a_),                      \
                                    static_cast<unsigned long long>(guest_b_));                     \
    } while (0)
#define EXPECT_TRUE(c) EXPECT_EQ(static_cast<bool>(c), true)
