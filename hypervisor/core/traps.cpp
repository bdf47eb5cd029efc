#include "core/traps.hpp"

#include "core/console.hpp"
#include "core/cp15_registers.hpp"
#include "core/domain.hpp"
#include "core/guest_exception.hpp"
#include "core/guest_registers.hpp"
#include "core/list_registers.hpp"
#include "core/psci.hpp"
#include "core/scheduler.hpp"
#include "core/vcpu.hpp"
#include "include/public/xen.hpp"
#include "xen/continuation.hpp"

namespace hv {
namespace {

void handle_hvc(Vcpu& vcpu, TrapFrame& frame, Hsr hsr)
{
    // ELR already points past the HVC.
    if (hsr.imm16() == xen::kHypercallImmediate) {
        run_hypercall(vcpu, frame);
    } else if (hsr.imm16() == 0) {
        handle_smccc_call(vcpu, frame);
    } else {
        frame.pc -= 4; // HVC is 32 bits in both instruction sets
        inject_undefined(frame);
    }
}

void handle_smc(Vcpu& vcpu, TrapFrame& frame, Hsr hsr)
{
    // A trapped SMC returns to the SMC itself: step over it.
    if (!guest_condition_passes(frame, hsr.cv(), hsr.cond())) {
        advance_guest_pc(frame, hsr.il());
        return;
    }
    advance_guest_pc(frame, hsr.il());
    handle_smccc_call(vcpu, frame);
}

void handle_wfi_wfe(Vcpu& vcpu, TrapFrame& frame, Hsr hsr)
{
    if (guest_condition_passes(frame, hsr.cv(), hsr.cond())) {
        // WFE: give way. WFI: sleep until there is an interrupt to take.
        if (hsr.is_wfe()) scheduler::yield();
        else vcpu.domain().vgic().block_unless_pending(vcpu, hardware_list_registers());
    }
    advance_guest_pc(frame, hsr.il());
}

} // namespace

void handle_trap(Vcpu& vcpu, TrapFrame& frame, const TrapInfo& info)
{
    Hsr hsr = info.hsr;
    switch (hsr.ec()) {
    case ExceptionClass::Hvc: handle_hvc(vcpu, frame, hsr); break;
    case ExceptionClass::Smc: handle_smc(vcpu, frame, hsr); break;
    case ExceptionClass::WfiWfe: handle_wfi_wfe(vcpu, frame, hsr); break;
    case ExceptionClass::DataAbortGuest: handle_data_abort(vcpu, frame, info); break;
    case ExceptionClass::PrefetchAbortGuest:
        if (hsr.is_translation_fault() && vcpu.domain().mapped_now(info.ipa)) break; // raced a split: retry
        HV_LOG_RATELIMITED("d%uv%u: instruction fetch from unmapped guest address %#x (IPA %#llx)",
                           vcpu.domain().id(), vcpu.id(), info.hifar, static_cast<unsigned long long>(info.ipa));
        inject_prefetch_abort(frame, info.hifar);
        break;
    case ExceptionClass::Cp15Mcr: handle_cp15_access(vcpu, frame, hsr); break;
    case ExceptionClass::Cp15Mcrr: handle_cp15_64_access(vcpu, frame, hsr); break;
    case ExceptionClass::Cp14Mcr: handle_cp14_access(vcpu, frame, hsr); break;
    case ExceptionClass::Cp14Mcrr: handle_cp14_64_access(vcpu, frame, hsr); break;
    case ExceptionClass::Cp14Ldc:
    case ExceptionClass::CpAccess:
    case ExceptionClass::Cp10Mrc:
    case ExceptionClass::Jazelle:
    case ExceptionClass::Bxj:
        if (!guest_condition_passes(frame, hsr.cv(), hsr.cond())) {
            advance_guest_pc(frame, hsr.il());
            break;
        }
        inject_undefined(frame);
        break;
    default:
        HV_LOG_RATELIMITED("d%uv%u: unexpected trap, HSR %#x (%s) at pc %#x", vcpu.domain().id(), vcpu.id(),
                           hsr.raw, exception_class_name(hsr.ec()), frame.pc);
        inject_undefined(frame);
        break;
    }
}

void handle_cp15_access(Vcpu& vcpu, TrapFrame& frame, Hsr hsr)
{
    if (!guest_condition_passes(frame, hsr.cv(), hsr.cond())) {
        advance_guest_pc(frame, hsr.il());
        return;
    }
    Hsr::Cp32 op = hsr.cp32();
    if (const Cp15Register* reg = find_trapped_cp15_register(op.opc1, op.crn, op.crm, op.opc2)) {
        switch (reg->behaviour) {
        case Cp15Behaviour::HostValueWriteIgnored:
            // ACTLR: the guest must not change coherency settings of the physical CPU.
            if (op.read) write_guest_reg(frame, op.rt, vcpu.context.actlr);
            break;
        case Cp15Behaviour::ReadAsZeroWriteIgnored:
            if (op.read) write_guest_reg(frame, op.rt, 0);
            break;
        case Cp15Behaviour::PhysicalTimer: { // CNTP_TVAL (opc2 0), CNTP_CTL (opc2 1)
            PhysicalTimer& t = vcpu.ptimer;
            if (op.read) write_guest_reg(frame, op.rt, op.opc2 ? t.read_ctl() : t.read_tval());
            else if (op.opc2) t.write_ctl(read_guest_reg(frame, op.rt));
            else t.write_tval(read_guest_reg(frame, op.rt));
            break;
        }
        }
        advance_guest_pc(frame, hsr.il());
        return;
    }
    HV_LOG_RATELIMITED("d%uv%u: unhandled CP15 %s p15, %u, r%u, c%u, c%u, %u at pc %#x", vcpu.domain().id(), vcpu.id(),
                       op.read ? "read" : "write", op.opc1, op.rt, op.crn, op.crm, op.opc2, frame.pc);
    inject_undefined(frame);
}

void handle_cp15_64_access(Vcpu& vcpu, TrapFrame& frame, Hsr hsr)
{
    if (!guest_condition_passes(frame, hsr.cv(), hsr.cond())) {
        advance_guest_pc(frame, hsr.il());
        return;
    }
    Hsr::Cp64 op = hsr.cp64();
    if (op.opc1 == 2 && op.crm == 14) { // CNTP_CVAL
        if (op.read) {
            uint64_t v = vcpu.ptimer.read_cval();
            write_guest_reg(frame, op.rt, static_cast<uint32_t>(v));
            write_guest_reg(frame, op.rt2, static_cast<uint32_t>(v >> 32));
        } else {
            vcpu.ptimer.write_cval(uint64_t(read_guest_reg(frame, op.rt2)) << 32 | read_guest_reg(frame, op.rt));
        }
        advance_guest_pc(frame, hsr.il());
        return;
    }
    HV_LOG_RATELIMITED("d%uv%u: unhandled CP15 64-bit %s p15, %u, r%u, r%u, c%u at pc %#x", vcpu.domain().id(),
                       vcpu.id(), op.read ? "read" : "write", op.opc1, op.rt, op.rt2, op.crm, frame.pc);
    inject_undefined(frame);
}

} // namespace hv
