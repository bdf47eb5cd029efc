#pragma once
// A small printf for the hypervisor: %d %i %u %x %X %p %s %c %% with the
// flags "0", "-" and "#", a width, a string precision (%.5s, %.*s), and
// the length modifiers l, ll, z.
#include <cstdarg>
#include <cstddef>

namespace hv {

// Writes at most size-1 characters and a terminating NUL (when size > 0);
// returns the length the whole output would have had, like vsnprintf.
size_t format_to(char* buf, size_t size, const char* fmt, va_list args);
size_t format_to(char* buf, size_t size, const char* fmt, ...) __attribute__((format(printf, 3, 4)));

} // namespace hv
