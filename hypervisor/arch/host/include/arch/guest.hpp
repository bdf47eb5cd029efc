#pragma once
// Host build: the loaded guest's banked registers and PL1 state live in a
// struct that tests set and inspect; stage-1 translation is a test hook.
#include <cstdint>
#include <functional>
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
std::optional<uint64_t> va_to_ipa(uint32_t va, bool write);

struct FakeState {
    uint32_t banked[21] = {};
    uint32_t sctlr = 0x00c50078, vbar = 0, ttbcr = 0;
    uint32_t dfar = 0, dfsr = 0, ifar = 0, ifsr = 0;
    // Stage 1: identity (MMU off) unless a test installs its own.
    std::function<std::optional<uint64_t>(uint32_t va, bool write)> translate;
};
FakeState& fake();
void reset_fake();

} // namespace hv::arch::guest
