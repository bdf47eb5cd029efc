// CP14 debug registers, trapped (HDCR TDA, TDRA, TDOSA): guests see a
// minimal ARMv7.1 debug unit with nothing enabled, as Xen presents it, so
// Linux's hw_breakpoint probing works and no guest reaches the real one.
#include "arch/guest.hpp"
#include "core/console.hpp"
#include "core/domain.hpp"
#include "core/guest_exception.hpp"
#include "core/guest_registers.hpp"
#include "core/traps.hpp"
#include "core/vcpu.hpp"

namespace hv {
namespace {

enum class Access { ReadOnly, RazWi, WriteIgnored };

struct DebugRegister {
    uint32_t crn, crm, opc2;
    Access access;
};

// opc1 = 0 throughout.
constexpr DebugRegister kRegisters[] = {
    {0, 1, 0, Access::ReadOnly},     // DBGDSCRint
    {0, 2, 2, Access::RazWi},        // DBGDSCRext
    {0, 7, 0, Access::RazWi},        // DBGVCR
    {0, 0, 4, Access::RazWi},        // DBGBVR0
    {0, 0, 5, Access::RazWi},        // DBGBCR0
    {0, 1, 4, Access::RazWi},        // DBGBVR1
    {0, 1, 5, Access::RazWi},        // DBGBCR1
    {0, 0, 6, Access::RazWi},        // DBGWVR0
    {0, 0, 7, Access::RazWi},        // DBGWCR0
    {1, 0, 0, Access::RazWi},        // DBGDRAR (32-bit form)
    {2, 0, 0, Access::RazWi},        // DBGDSAR (32-bit form)
    {1, 0, 4, Access::WriteIgnored}, // DBGOSLAR
    {1, 1, 4, Access::RazWi},        // DBGOSLSR
    {1, 3, 4, Access::RazWi},        // DBGOSDLR
    {1, 4, 4, Access::RazWi},        // DBGPRCR
};

// DBGDIDR: 1 watchpoint, 2 breakpoints, debug architecture v7.1, and the
// host's variant and revision.
uint32_t dbgdidr(const Vcpu& vcpu)
{
    uint32_t midr = vcpu.context.vpidr;
    return (0u << 28) | (1u << 24) | (5u << 16) | (((midr >> 20) & 0xf) << 4) | (midr & 0xf);
}

} // namespace

void handle_cp14_access(Vcpu& vcpu, TrapFrame& frame, Hsr hsr)
{
    if (!guest_condition_passes(frame, hsr.cv(), hsr.cond())) {
        advance_guest_pc(frame, hsr.il());
        return;
    }
    Hsr::Cp32 op = hsr.cp32();
    if (op.opc1 == 0) {
        if (op.crn == 0 && op.crm == 0 && op.opc2 == 0) { // DBGDIDR
            if (!op.read) goto undefined;
            write_guest_reg(frame, op.rt, dbgdidr(vcpu));
            advance_guest_pc(frame, hsr.il());
            return;
        }
        for (const DebugRegister& r : kRegisters) {
            if (r.crn != op.crn || r.crm != op.crm || r.opc2 != op.opc2) continue;
            if ((r.access == Access::ReadOnly && !op.read) || (r.access == Access::WriteIgnored && op.read))
                goto undefined;
            if (op.read) write_guest_reg(frame, op.rt, 0);
            advance_guest_pc(frame, hsr.il());
            return;
        }
    }
undefined:
    HV_LOG_RATELIMITED("d%uv%u: unhandled CP14 %s p14, %u, r%u, c%u, c%u, %u at pc %#x", vcpu.domain().id(), vcpu.id(),
                       op.read ? "read" : "write", op.opc1, op.rt, op.crn, op.crm, op.opc2, frame.pc);
    inject_undefined(frame);
}

void handle_cp14_64_access(Vcpu& vcpu, TrapFrame& frame, Hsr hsr)
{
    if (!guest_condition_passes(frame, hsr.cv(), hsr.cond())) {
        advance_guest_pc(frame, hsr.il());
        return;
    }
    Hsr::Cp64 op = hsr.cp64();
    // DBGDRAR (CRm 1) and DBGDSAR (CRm 2): no memory-mapped debug unit.
    if (op.opc1 == 0 && (op.crm == 1 || op.crm == 2) && op.read) {
        write_guest_reg(frame, op.rt, 0);
        write_guest_reg(frame, op.rt2, 0);
        advance_guest_pc(frame, hsr.il());
        return;
    }
    HV_LOG_RATELIMITED("d%uv%u: unhandled CP14 64-bit access at pc %#x", vcpu.domain().id(), vcpu.id(), frame.pc);
    inject_undefined(frame);
}

} // namespace hv
