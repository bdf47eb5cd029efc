#pragma once
// Serial input on its way to the hardware domain: the UART interrupt fills
// a ring, dom0 reads it with CONSOLEIO_read after VIRQ_CONSOLE.
#include <cstddef>

namespace hv::console_input {

inline constexpr size_t kCapacity = 1024;

// Stores a byte (dropped when the ring is full); returns false if dropped.
bool push(char c);
// Takes up to `max` bytes; returns how many.
size_t pop(char* out, size_t max);
size_t available();

} // namespace hv::console_input
