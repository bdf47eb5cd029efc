// The test guests' runtime: console, exception capture, the test runner.
#include <cstdarg>
#include <cstddef>

#include "guest.hpp"
#include "lib/format.hpp"

extern "C" {
extern const guest::TestCase __start_tests[];
extern const guest::TestCase __stop_tests[];
void guest_main();
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

ExceptionRecord last_{};
bool expecting_ = false;
unsigned failures_in_test_ = 0;

uint32_t read_dfar()
{
    uint32_t v;
    asm volatile("mrc p15, 0, %0, c6, c0, 0" : "=r"(v));
    return v;
}
uint32_t read_dfsr()
{
    uint32_t v;
    asm volatile("mrc p15, 0, %0, c5, c0, 0" : "=r"(v));
    return v;
}

} // namespace

void print(const char* text)
{
    size_t n = 0;
    while (text[n]) ++n;
    guest_hypercall(kHypercallConsoleIo, kConsoleIoWrite, static_cast<uint32_t>(n),
                    static_cast<uint32_t>(reinterpret_cast<uintptr_t>(text)));
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

void expect_exception()
{
    expecting_ = true;
    last_ = ExceptionRecord{};
}

const ExceptionRecord& last_exception() { return last_; }

void report_failure(const char* file, int line, const char* expr, unsigned long long a, unsigned long long b)
{
    ++failures_in_test_;
    printf("  %s:%d: expected %s (%#llx vs %#llx)\n", file, line, expr, a, b);
}

void system_off()
{
    guest_smccc_hvc(0x84000008);
    for (;;) asm volatile("wfi");
}

} // namespace guest

using namespace guest;

uint32_t guest_on_exception(uint32_t kind, uint32_t lr, uint32_t spsr)
{
    last_.kind = static_cast<Exception>(kind);
    last_.lr = lr;
    last_.spsr = spsr;
    ++last_.count;
    if (kind == static_cast<uint32_t>(Exception::DataAbort)) {
        last_.dfar = read_dfar();
        last_.dfsr = read_dfsr();
    }
    if (!expecting_) {
        printf("FAIL unexpected exception %u (lr %#x, spsr %#x)\n", kind, lr, spsr);
        printf("GUEST EXIT status=2\n");
        system_off();
    }
    expecting_ = false;
    bool thumb = spsr & (1u << 5);
    switch (static_cast<Exception>(kind)) {
    case Exception::Undefined: return lr;                    // LR: the next instruction
    case Exception::DataAbort: return lr - (thumb ? 6 : 4);  // LR = faulting + 8: skip it
    default: return lr;
    }
}

void guest_main()
{
    unsigned passed = 0, failed = 0;
    print("guest: test guest started\n");
    for (const TestCase* t = __start_tests; t != __stop_tests; ++t) {
        failures_in_test_ = 0;
        t->run();
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
