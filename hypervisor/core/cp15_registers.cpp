#include "core/cp15_registers.hpp"

namespace hv {
namespace {

using enum Cp15Behaviour;

// The PMU is read-as-zero/write-ignored, as Xen presents it to guests: a
// guest that probes it finds no counters (PMCR.N = 0) instead of dying.
constexpr Cp15Register kRegisters[] = {
    {"ACTLR", 0, 1, 0, 1, HostValueWriteIgnored},
    {"PMCR", 0, 9, 12, 0, ReadAsZeroWriteIgnored},
    {"PMCNTENSET", 0, 9, 12, 1, ReadAsZeroWriteIgnored},
    {"PMCNTENCLR", 0, 9, 12, 2, ReadAsZeroWriteIgnored},
    {"PMOVSR", 0, 9, 12, 3, ReadAsZeroWriteIgnored},
    {"PMSWINC", 0, 9, 12, 4, ReadAsZeroWriteIgnored},
    {"PMSELR", 0, 9, 12, 5, ReadAsZeroWriteIgnored},
    {"PMCEID0", 0, 9, 12, 6, ReadAsZeroWriteIgnored},
    {"PMCEID1", 0, 9, 12, 7, ReadAsZeroWriteIgnored},
    {"PMCCNTR", 0, 9, 13, 0, ReadAsZeroWriteIgnored},
    {"PMXEVTYPER", 0, 9, 13, 1, ReadAsZeroWriteIgnored},
    {"PMXEVCNTR", 0, 9, 13, 2, ReadAsZeroWriteIgnored},
    {"PMUSERENR", 0, 9, 14, 0, ReadAsZeroWriteIgnored},
    {"PMINTENSET", 0, 9, 14, 1, ReadAsZeroWriteIgnored},
    {"PMINTENCLR", 0, 9, 14, 2, ReadAsZeroWriteIgnored},
    {"PMOVSSET", 0, 9, 14, 3, ReadAsZeroWriteIgnored},
    {"CNTP_TVAL", 0, 14, 2, 0, PhysicalTimer},
    {"CNTP_CTL", 0, 14, 2, 1, PhysicalTimer},
};

} // namespace

std::span<const Cp15Register> trapped_cp15_registers() { return kRegisters; }

const Cp15Register* find_trapped_cp15_register(unsigned opc1, unsigned crn, unsigned crm, unsigned opc2)
{
    for (const Cp15Register& r : kRegisters)
        if (r.opc1 == opc1 && r.crn == crn && r.crm == crm && r.opc2 == opc2) return &r;
    return nullptr;
}

} // namespace hv
