#pragma once
// The CP15 registers a guest's MRC/MCR traps on, and what each does. The
// hypervisor sets HCR.TAC (ACTLR), HDCR.TPM/TPMCR (the PMU), CNTHCTL
// (the EL1 physical timer) and HSTR.T15 (c15): each register those trap is
// listed here with a defined behaviour; anything else that traps (all of
// c15, implementation defined) is an undefined instruction in the guest.
#include <cstdint>
#include <span>

namespace hv {

enum class Cp15Behaviour : uint8_t {
    HostValueWriteIgnored, // reads see the vCPU's copy of the host's value
    ReadAsZeroWriteIgnored,
    PhysicalTimer,         // the emulated EL1 physical timer
};

struct Cp15Register {
    const char* name;
    uint8_t opc1, crn, crm, opc2;
    Cp15Behaviour behaviour;
};

std::span<const Cp15Register> trapped_cp15_registers();
// nullptr: not one of them (an undefined instruction for the guest).
const Cp15Register* find_trapped_cp15_register(unsigned opc1, unsigned crn, unsigned crm, unsigned opc2);

} // namespace hv
