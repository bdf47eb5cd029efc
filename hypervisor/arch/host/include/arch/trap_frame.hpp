#pragma once
// The trap frame is pure data: the host build uses the ARM definition.
#include "../../../arm32/include/arch/trap_frame.hpp"
