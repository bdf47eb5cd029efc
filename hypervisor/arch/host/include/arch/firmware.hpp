#pragma once
// Host build: firmware calls end the test process (EXPECT_DEATH catches them).
#include <cstdint>

namespace hv::arch::firmware {
uint32_t smc(uint32_t function, uint32_t a1 = 0, uint32_t a2 = 0, uint32_t a3 = 0);
[[noreturn]] void system_off();
[[noreturn]] void system_reset();
} // namespace hv::arch::firmware
