#pragma once
// Emulated exception entry for a 32-bit guest at PL1 (ARMv7-A B1.9): the
// guest sees the exception as if its own hardware had raised it.
#include <cstdint>

#include "arch/trap_frame.hpp"

namespace hv {

void inject_undefined(TrapFrame& frame);
// A synchronous external abort on a data access to `address`.
void inject_data_abort(TrapFrame& frame, uint32_t address, bool write);
void inject_prefetch_abort(TrapFrame& frame, uint32_t address);

} // namespace hv
