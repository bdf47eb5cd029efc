#include "core/guest_exception.hpp"

#include "arch/guest.hpp"
#include "core/psr.hpp"

namespace hv {
namespace {

using arch::guest::Banked;

constexpr uint32_t kSctlrV = 1u << 13;  // high vectors
constexpr uint32_t kSctlrEE = 1u << 25; // exception endianness
constexpr uint32_t kSctlrTE = 1u << 30; // exceptions taken in Thumb
constexpr uint32_t kTtbcrEae = 1u << 31;

enum class Vector : uint32_t { Undefined = 0x04, PrefetchAbort = 0x0c, DataAbort = 0x10 };

void enter(TrapFrame& frame, uint32_t mode, Vector vector, uint32_t lr, bool mask_async_abort)
{
    uint32_t sctlr = arch::guest::sctlr();
    uint32_t old = frame.cpsr;
    uint32_t cpsr = old & ~(psr::kModeMask | psr::kThumb | psr::kItLowMask | psr::kItHighMask | psr::kJazelle |
                            psr::kBigEndian);
    cpsr |= mode | psr::kIrqMask;
    if (mask_async_abort) cpsr |= psr::kAsyncAbortMask;
    if (sctlr & kSctlrTE) cpsr |= psr::kThumb;
    if (sctlr & kSctlrEE) cpsr |= psr::kBigEndian;

    if (mode == psr::kUnd) {
        arch::guest::write(Banked::SpsrUnd, old);
        arch::guest::write(Banked::LrUnd, lr);
    } else {
        arch::guest::write(Banked::SpsrAbt, old);
        arch::guest::write(Banked::LrAbt, lr);
    }
    uint32_t base = (sctlr & kSctlrV) ? 0xffff0000u : arch::guest::vbar();
    frame.pc = base + static_cast<uint32_t>(vector);
    frame.cpsr = cpsr;
}

// Fault status for a synchronous external abort, in the format the guest's
// TTBCR.EAE selects (long: STATUS 0b010000 and the LPAE bit; short: FS 0b01000).
uint32_t external_abort_status()
{
    if (arch::guest::ttbcr() & kTtbcrEae) return (1u << 9) | 0x10;
    return 0x08;
}

} // namespace

void inject_undefined(TrapFrame& frame)
{
    // LR_und: the next instruction; +2 in Thumb state whatever the width.
    uint32_t lr = frame.pc + ((frame.cpsr & psr::kThumb) ? 2 : 4);
    enter(frame, psr::kUnd, Vector::Undefined, lr, false);
}

void inject_data_abort(TrapFrame& frame, uint32_t address, bool write)
{
    uint32_t fsr = external_abort_status() | (write ? 1u << 11 : 0);
    arch::guest::set_data_fault(address, fsr);
    enter(frame, psr::kAbt, Vector::DataAbort, frame.pc + 8, true);
}

void inject_prefetch_abort(TrapFrame& frame, uint32_t address)
{
    arch::guest::set_prefetch_fault(address, external_abort_status());
    enter(frame, psr::kAbt, Vector::PrefetchAbort, frame.pc + 4, true);
}

} // namespace hv
