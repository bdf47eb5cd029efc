#pragma once
// A tiny framework for bare-metal test guests: output through the Xen
// console_io hypercall, TEST/EXPECT macros, exception capture, and exit
// through PSCI SYSTEM_OFF. The QEMU test driver reads the PASS/FAIL lines.
#include <cstdint>

extern "C" {
long guest_hypercall(uint32_t nr, uint32_t a0 = 0, uint32_t a1 = 0, uint32_t a2 = 0, uint32_t a3 = 0,
                     uint32_t a4 = 0);
uint32_t guest_smccc_hvc(uint32_t fid, uint32_t a1 = 0, uint32_t a2 = 0, uint32_t a3 = 0);
uint32_t guest_smccc_smc(uint32_t fid, uint32_t a1 = 0, uint32_t a2 = 0, uint32_t a3 = 0);
}

namespace guest {

void print(const char* text);
void printf(const char* fmt, ...) __attribute__((format(printf, 1, 2)));

// Exceptions the guest takes. A test arms `expect_exception` before doing
// something that should fault; the handler records it and resumes after the
// faulting instruction. An unexpected exception fails the run.
enum class Exception : unsigned { None = 0, Undefined = 1, Svc = 2, PrefetchAbort = 3, DataAbort = 4, Irq = 6, Fiq = 7 };
struct ExceptionRecord {
    Exception kind;
    uint32_t lr;   // the exception mode's LR on entry
    uint32_t spsr;
    uint32_t dfar, dfsr;
    unsigned count;
};
void expect_exception();
const ExceptionRecord& last_exception();

// PSCI SYSTEM_OFF through HVC #0, after printing the summary.
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
