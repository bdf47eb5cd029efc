#include "core/guest_registers.hpp"

#include "arch/guest.hpp"
#include "core/psr.hpp"

namespace hv {
namespace {

using arch::guest::Banked;

bool banked_sp_lr(uint32_t mode, Banked& sp, Banked& lr)
{
    switch (mode) {
    case psr::kSvc: sp = Banked::SpSvc, lr = Banked::LrSvc; return true;
    case psr::kAbt: sp = Banked::SpAbt, lr = Banked::LrAbt; return true;
    case psr::kUnd: sp = Banked::SpUnd, lr = Banked::LrUnd; return true;
    case psr::kIrq: sp = Banked::SpIrq, lr = Banked::LrIrq; return true;
    case psr::kFiq: sp = Banked::SpFiq, lr = Banked::LrFiq; return true;
    default: return false; // User, System: SP_usr and the frame's LR
    }
}

constexpr Banked kFiqHigh[5] = {Banked::R8Fiq, Banked::R9Fiq, Banked::R10Fiq, Banked::R11Fiq, Banked::R12Fiq};

} // namespace

uint32_t read_guest_reg(const TrapFrame& frame, unsigned n)
{
    uint32_t mode = psr::mode(frame.cpsr);
    if (n <= 7) return frame.r[n];
    if (n <= 12) return mode == psr::kFiq ? arch::guest::read(kFiqHigh[n - 8]) : frame.r[n];
    if (n == 15) return frame.pc;
    Banked sp, lr;
    if (!banked_sp_lr(mode, sp, lr)) return n == 13 ? arch::guest::read(Banked::SpUsr) : frame.lr_usr;
    return arch::guest::read(n == 13 ? sp : lr);
}

void write_guest_reg(TrapFrame& frame, unsigned n, uint32_t value)
{
    uint32_t mode = psr::mode(frame.cpsr);
    if (n <= 7) {
        frame.r[n] = value;
    } else if (n <= 12) {
        if (mode == psr::kFiq) arch::guest::write(kFiqHigh[n - 8], value);
        else frame.r[n] = value;
    } else if (n == 15) {
        frame.pc = value;
    } else {
        Banked sp, lr;
        if (!banked_sp_lr(mode, sp, lr)) {
            if (n == 13) arch::guest::write(Banked::SpUsr, value);
            else frame.lr_usr = value;
        } else {
            arch::guest::write(n == 13 ? sp : lr, value);
        }
    }
}

void advance_guest_pc(TrapFrame& frame, bool is_32bit)
{
    bool thumb = frame.cpsr & psr::kThumb;
    frame.pc += (!thumb || is_32bit) ? 4 : 2;
    if (!thumb) return;
    // ITAdvance(): the low five bits shift left until the block ends.
    uint32_t it = psr::it_state(frame.cpsr);
    if (it == 0) return;
    it = (it & 0x7) == 0 ? 0 : ((it & 0xe0) | ((it << 1) & 0x1f));
    frame.cpsr = psr::with_it_state(frame.cpsr, it);
}

bool condition_holds(uint32_t cond, uint32_t cpsr)
{
    bool n = cpsr & (1u << 31), z = cpsr & (1u << 30), c = cpsr & (1u << 29), v = cpsr & (1u << 28);
    bool result;
    switch (cond >> 1) {
    case 0: result = z; break;            // EQ/NE
    case 1: result = c; break;            // CS/CC
    case 2: result = n; break;            // MI/PL
    case 3: result = v; break;            // VS/VC
    case 4: result = c && !z; break;      // HI/LS
    case 5: result = n == v; break;       // GE/LT
    case 6: result = n == v && !z; break; // GT/LE
    default: return true;                 // AL (and the unconditional 0b1111)
    }
    return (cond & 1) ? !result : result;
}

bool guest_condition_passes(const TrapFrame& frame, bool cv, uint32_t cond)
{
    if (!cv) {
        // Thumb: the condition is the IT block's; ARM without CV: unconditional.
        if (!(frame.cpsr & psr::kThumb)) return true;
        uint32_t it = psr::it_state(frame.cpsr);
        if (it == 0) return true;
        cond = it >> 4;
    }
    return condition_holds(cond, frame.cpsr);
}

} // namespace hv
