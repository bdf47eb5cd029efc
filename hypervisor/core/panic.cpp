#include "core/panic.hpp"

#include <cstdarg>

#include "arch/cpu.hpp"
#include "arch/firmware.hpp"
#include "core/console.hpp"

namespace hv {

void panic(const char* fmt, ...)
{
    va_list args;
    va_start(args, fmt);
    console::log("****************************************");
    console::log("Panic on CPU 0:");
    console::vlog(fmt, args);
    console::log("****************************************");
    va_end(args);
    // As Xen: reboot after a pause (QEMU with -no-reboot exits instead).
    console::log("Reboot in five seconds...");
    console::flush();
    uint64_t freq = arch::counter_frequency(), start = arch::counter();
    while (freq && arch::counter() - start < 5 * freq) {
    }
    arch::firmware::system_reset();
}

} // namespace hv
