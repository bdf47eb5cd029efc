#pragma once
// Access to the state of the guest whose context is loaded on this CPU: its
// banked registers and the few PL1 system registers that generic code needs
// to emulate exceptions, and stage-1 address translation through the MMU.
// The host build (arch/host) implements the same interface over plain memory.
#include <cstdint>
#include <optional>

namespace hv::arch::guest {

enum class Banked {
    SpUsr,
    SpSvc, LrSvc, SpsrSvc,
    SpAbt, LrAbt, SpsrAbt,
    SpUnd, LrUnd, SpsrUnd,
    SpIrq, LrIrq, SpsrIrq,
    R8Fiq, R9Fiq, R10Fiq, R11Fiq, R12Fiq, SpFiq, LrFiq, SpsrFiq,
};

uint32_t read(Banked r);
void write(Banked r, uint32_t value);

uint32_t sctlr();
uint32_t vbar();
uint32_t ttbcr();
void set_data_fault(uint32_t far, uint32_t fsr);
void set_prefetch_fault(uint32_t far, uint32_t fsr);

// Stage-1 translation of a guest virtual address as the guest's PL1 would
// see it (ATS1CPR/ATS1CPW): the intermediate physical address, or nullopt
// when the guest's own tables fault.
std::optional<uint64_t> va_to_ipa(uint32_t va, bool write);

} // namespace hv::arch::guest
