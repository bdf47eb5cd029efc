#pragma once
// panic: an internal invariant of the hypervisor broke. Never for guest input.
namespace hv {
[[noreturn]] void panic(const char* fmt, ...) __attribute__((format(printf, 1, 2)));
} // namespace hv

#define HV_CHECK(cond)                                                                            \
    do {                                                                                          \
        if (!(cond)) ::hv::panic("check failed: %s at %s:%d", #cond, __FILE__, __LINE__);         \
    } while (0)
