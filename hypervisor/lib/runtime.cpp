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

// libstdc++'s header-only parts (string_view, optional, span) call these on
// precondition failures; without exceptions they are internal errors.
namespace std {
[[noreturn]] void __throw_out_of_range_fmt(const char* fmt, ...) { hv::panic("out of range: %s", fmt); }
[[noreturn]] void __throw_out_of_range(const char* what) { hv::panic("out of range: %s", what); }
[[noreturn]] void __throw_length_error(const char* what) { hv::panic("length error: %s", what); }
[[noreturn]] void __throw_logic_error(const char* what) { hv::panic("logic error: %s", what); }
[[noreturn]] void __throw_bad_optional_access() { hv::panic("bad optional access"); }
} // namespace std
