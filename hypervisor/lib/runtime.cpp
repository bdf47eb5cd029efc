// What the compiler and Debian's libfdt.a (built with -fstack-protector) need
// from a freestanding C++ image.
#include "core/panic.hpp"

extern "C" {

// Set once at boot from the generic counter (see arch_boot); a constant until then.
unsigned long __stack_chk_guard = 0x5a17c0deUL;

[[noreturn]] void __stack_chk_fail() { hv::panic("stack smashing detected"); }

[[noreturn]] void __cxa_pure_virtual() { hv::panic("pure virtual call"); }

// Integer division by zero (the libgcc helpers call these).
int __aeabi_idiv0(int) { hv::panic("integer division by zero"); }
long long __aeabi_ldiv0(long long) { hv::panic("integer division by zero"); }

int __aeabi_atexit(void*, void (*)(void*), void*) { return 0; }

void* __dso_handle = nullptr;

} // extern "C"
