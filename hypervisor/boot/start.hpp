#pragma once
#include <cstdint>

#include "boot/platform.hpp"

namespace hv {

// What the device tree said, once start_hypervisor has read it.
const PlatformInfo& platform();

// The generic boot sequence, entered by the architecture's start-up code
// with the MMU on. [image_start, image_end) is the hypervisor in memory.
[[noreturn]] void start_hypervisor(const void* fdt, uint64_t image_start, uint64_t image_end);
// Where every other physical CPU continues, MMU on, on its own stack.
[[noreturn]] void secondary_cpu_main(unsigned cpu);

} // namespace hv
