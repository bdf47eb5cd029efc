#pragma once
// Everything a guest does that traps to Hyp mode, decoded from the HSR and
// handled here. Guest misbehaviour is answered in the guest (an undefined
// instruction or an abort, as hardware would); it never stops the host.
#include <cstdint>

#include "arch/trap_frame.hpp"
#include "core/hsr.hpp"

namespace hv {

class Vcpu;

struct TrapInfo {
    Hsr hsr;
    uint32_t hdfar; // faulting virtual address of a data abort
    uint32_t hifar; // ... of a prefetch abort
    uint64_t ipa;   // faulting guest-physical address (from HPFAR), for aborts
};

void handle_trap(Vcpu& vcpu, TrapFrame& frame, const TrapInfo& info);
void handle_data_abort(Vcpu& vcpu, TrapFrame& frame, const TrapInfo& info);
void handle_cp15_access(Vcpu& vcpu, TrapFrame& frame, Hsr hsr);
void handle_cp15_64_access(Vcpu& vcpu, TrapFrame& frame, Hsr hsr);
// The debug registers (HDCR.TDA/TDRA/TDOSA): a minimal debug unit.
void handle_cp14_access(Vcpu& vcpu, TrapFrame& frame, Hsr hsr);
void handle_cp14_64_access(Vcpu& vcpu, TrapFrame& frame, Hsr hsr);

} // namespace hv
