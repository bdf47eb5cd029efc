#pragma once
// The guest's general-purpose registers as the guest's current mode sees
// them: r8-r12 are banked in FIQ mode, SP and LR in every mode but User/System.
#include <cstdint>

#include "arch/trap_frame.hpp"

namespace hv {

uint32_t read_guest_reg(const TrapFrame& frame, unsigned n);
void write_guest_reg(TrapFrame& frame, unsigned n, uint32_t value);

// Skips the trapped instruction (16 or 32 bits), stepping the Thumb IT state.
void advance_guest_pc(TrapFrame& frame, bool is_32bit);

// Whether a trapped instruction's condition passes (conditional traps may be
// taken even when the condition fails). cv/cond come from the HSR.
bool guest_condition_passes(const TrapFrame& frame, bool cv, uint32_t cond);
bool condition_holds(uint32_t cond, uint32_t cpsr);

} // namespace hv
