#pragma once
// The registers the trap entry (vectors.S) saves on the Hyp stack. Offsets
// are fixed by the assembly: change both together.
#include <cstddef>
#include <cstdint>

namespace hv {

struct TrapFrame {
    uint32_t r[13];  // r0-r12 as the guest left them (the User-mode r8-r12)
    uint32_t lr_usr; // Hyp mode shares LR with User/System mode
    uint32_t pc;     // ELR_hyp: where the guest resumes
    uint32_t cpsr;   // SPSR_hyp: the guest's CPSR
};

static_assert(sizeof(TrapFrame) == 64);
static_assert(offsetof(TrapFrame, pc) == 56);

} // namespace hv
